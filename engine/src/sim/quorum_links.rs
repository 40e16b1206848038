//! Quorum (Zab) connections are TCP streams: closing one sends a FIN down the link (lost to a
//! cut, and retransmitted when it heals), and one that lost a message is dead, which both ends
//! learn when the link is next used or when a cut heals (Z13: the learner and the leader then
//! see the peer gone, as ZooKeeper's sockets do).

use super::{Event, Proc, Simulation};
use crate::ids::{ProcessId, ServerId};
use crate::observe::trace::Category;
use crate::server::Input;
use crate::sim::net::Fate;
use crate::time::Micros;

impl Simulation {
    /// `from` closes its Zab connection to `to`: the FIN travels the link like a message (FIFO,
    /// so it never overtakes what was sent before it) and is lost if the link is cut.
    pub(super) fn close_connection(&mut self, from: ServerId, to: ServerId) {
        let (a, b) = (ProcessId::Server(from), ProcessId::Server(to));
        self.broken.remove(&(from, to));
        let incarnation = self.slot(to).incarnation;
        match self.net.send(&mut self.rng, self.now, a, b) {
            Fate::Arrives(at) => self.push(
                at,
                Event::Closed {
                    from,
                    to,
                    incarnation,
                },
            ),
            _ => {
                self.lost_fins.insert((from, to, incarnation));
            }
        }
    }

    /// Both ends of a broken quorum connection learn it is closed: the receiver when the reset
    /// reaches it (`receiver_hears`), the sender at `sender_hears`.
    pub(super) fn reset_connection(
        &mut self,
        from: ServerId,
        to: ServerId,
        sender_hears: Micros,
        receiver_hears: Micros,
    ) {
        let text = format!("{from} -> {to} connection broken: a message was lost, reset");
        self.trace.record(self.now, Category::Drop, text);
        let (inc_from, inc_to) = (self.slot(from).incarnation, self.slot(to).incarnation);
        self.push(
            receiver_hears,
            Event::Closed {
                from,
                to,
                incarnation: inc_to,
            },
        );
        self.push(
            sender_hears,
            Event::Closed {
                from: to,
                to: from,
                incarnation: inc_from,
            },
        );
    }

    /// The network healed. A TCP sender keeps retransmitting a lost segment until the peer
    /// acknowledges it; here the stream cannot recover what it lost, so the first retransmission
    /// that crosses a healed link finds the connection broken and resets it: the receiver learns
    /// it when that retransmission arrives, the sender when the reset comes back. Both ends
    /// learn it even if neither has anything more to send (a learner waiting for UPTODATE, a
    /// leader waiting for the NEWLEADER ACK that was lost). A FIN the cut swallowed is
    /// retransmitted too: the peer of a process that crashed (or left its role) during the
    /// partition hears of it now rather than at its next timeout.
    pub(super) fn reset_healed_connections(&mut self) {
        let fins: Vec<(ServerId, ServerId, u64)> = self
            .lost_fins
            .iter()
            .copied()
            .filter(|(a, b, _)| {
                !self
                    .net
                    .is_cut(ProcessId::Server(*a), ProcessId::Server(*b))
            })
            .collect();
        for (from, to, incarnation) in fins {
            if self.slot(to).incarnation != incarnation {
                self.lost_fins.remove(&(from, to, incarnation));
                continue; // the peer restarted since: that connection is gone anyway
            }
            let (a, b) = (ProcessId::Server(from), ProcessId::Server(to));
            if let Fate::Arrives(at) = self.net.send(&mut self.rng, self.now, a, b) {
                self.lost_fins.remove(&(from, to, incarnation));
                self.push(
                    at,
                    Event::Closed {
                        from,
                        to,
                        incarnation,
                    },
                );
            }
        }
        // A connection with a dead end is gone already: the living end hears of the crash by
        // its FIN or its timeout, and a restarted process makes new connections.
        let up = |sim: &Self, s: ServerId| matches!(sim.slot(s).proc, Proc::Up(_));
        let dead: Vec<(ServerId, ServerId)> = self
            .broken
            .iter()
            .copied()
            .filter(|(a, b)| !up(self, *a) || !up(self, *b))
            .collect();
        for d in dead {
            self.broken.remove(&d);
        }
        let healed: Vec<(ServerId, ServerId)> = self
            .broken
            .iter()
            .copied()
            .filter(|(a, b)| {
                !self
                    .net
                    .is_cut(ProcessId::Server(*a), ProcessId::Server(*b))
            })
            .collect();
        for (from, to) in healed {
            let (a, b) = (ProcessId::Server(from), ProcessId::Server(to));
            let Fate::Arrives(at) = self.net.send(&mut self.rng, self.now, a, b) else {
                continue; // the retransmission was lost too: a later one will find it
            };
            self.broken.remove(&(from, to));
            let back = match self.net.send(&mut self.rng, at, b, a) {
                Fate::Arrives(back) => back,
                _ => at,
            };
            self.reset_connection(from, to, back, at);
        }
    }

    pub(super) fn closed(&mut self, from: ServerId, to: ServerId, incarnation: u64) {
        if self.slot(to).incarnation != incarnation {
            return;
        }
        let text = format!("{from} -x {to} connection closed");
        self.trace.record(self.now, Category::Deliver, text);
        self.step_server(to, Input::PeerClosed(from));
    }
}
