//! Client connections are TCP streams, like quorum connections: one that lost a message (to a
//! cut, to random loss) cannot skip it, so the connection is dead. Both ends learn it when the
//! link is next used, or when a cut heals and the retransmission finds it broken. Without this
//! a reply or a watch event could vanish from a connection both ends think healthy, which a
//! real client never sees: it sees the connection drop and reconnects (S3, W6).

use super::{Event, Simulation};
use crate::ids::{ClientId, ProcessId, ServerId};
use crate::observe::trace::Category;
use crate::sim::net::Fate;
use crate::time::Micros;

/// The client and the server of a directed client link.
fn ends(from: ProcessId, to: ProcessId) -> Option<(ClientId, ServerId)> {
    match (from, to) {
        (ProcessId::Client(c), ProcessId::Server(s))
        | (ProcessId::Server(s), ProcessId::Client(c)) => Some((c, s)),
        _ => None,
    }
}

impl Simulation {
    /// A message from `from` to `to` was lost: their connection is broken from now on.
    pub(super) fn client_link_lost(&mut self, from: ProcessId, to: ProcessId) {
        if ends(from, to).is_some() {
            self.broken_client_links.insert((from, to));
        }
    }

    /// A message about to cross `from → to` (arriving at `at`) finds the connection broken
    /// by an earlier loss: it is not delivered; the sender learns of the reset now, the
    /// receiver when the segment reaches it. Returns whether the connection was broken.
    pub(super) fn client_link_breaks_on_send(
        &mut self,
        from: ProcessId,
        to: ProcessId,
        at: Micros,
        text: &str,
    ) -> bool {
        if !self.broken_client_links.contains(&(from, to)) {
            return false;
        }
        let text = format!("{text} (connection broken)");
        self.trace.record(self.now, Category::Drop, text);
        let now = self.now;
        self.reset_client_connection(from, to, now, at);
        true
    }

    /// Both ends of the client connection between `from` and `to` hear it closed: `from` at
    /// `sender_hears`, `to` at `receiver_hears`.
    fn reset_client_connection(
        &mut self,
        from: ProcessId,
        to: ProcessId,
        sender_hears: Micros,
        receiver_hears: Micros,
    ) {
        let Some((c, s)) = ends(from, to) else { return };
        self.forget_client_link(c, s);
        let text = format!(
            "{} -> {} connection broken: a message was lost, reset",
            self.process_name(from),
            self.process_name(to)
        );
        self.trace.record(self.now, Category::Drop, text);
        let (client_hears, server_hears) = match from {
            ProcessId::Client(_) => (sender_hears, receiver_hears),
            ProcessId::Server(_) => (receiver_hears, sender_hears),
        };
        let client_incarnation = self.clients[c.0 as usize].incarnation;
        let server_incarnation = self.slot(s).incarnation;
        self.push(
            client_hears,
            Event::ClientHearsClose {
                server: s,
                client: c,
                incarnation: client_incarnation,
            },
        );
        self.push(
            server_hears,
            Event::ServerHearsClose {
                client: c,
                server: s,
                incarnation: server_incarnation,
            },
        );
    }

    /// The connection between client `c` and server `s` is gone (closed, or one end died):
    /// whatever it lost no longer matters.
    pub(super) fn forget_client_link(&mut self, c: ClientId, s: ServerId) {
        let (a, b) = (ProcessId::Client(c), ProcessId::Server(s));
        self.broken_client_links.remove(&(a, b));
        self.broken_client_links.remove(&(b, a));
    }

    /// Process `p` died: its client connections die with it.
    pub(super) fn forget_client_links_of(&mut self, p: ProcessId) {
        self.broken_client_links.retain(|(a, b)| *a != p && *b != p);
    }

    /// The network healed: on every broken client connection whose link is whole again, the
    /// sender's retransmission finds the connection dead and resets it. The receiver learns
    /// it when the retransmission arrives, the sender when the reset comes back, even if
    /// neither has anything more to send (a client waiting for the answer that was lost).
    pub(super) fn reset_healed_client_connections(&mut self) {
        let healed: Vec<(ProcessId, ProcessId)> = self
            .broken_client_links
            .iter()
            .copied()
            .filter(|(a, b)| !self.net.is_cut(*a, *b))
            .collect();
        for (from, to) in healed {
            if !self.broken_client_links.contains(&(from, to)) {
                continue; // the other direction's reset already closed this connection
            }
            let Fate::Arrives(at) = self.net.send(&mut self.rng, self.now, from, to) else {
                continue; // the retransmission was lost too: a later one will find it
            };
            let back = match self.net.send(&mut self.rng, at, to, from) {
                Fate::Arrives(back) => back,
                _ => at,
            };
            self.reset_client_connection(from, to, back, at);
        }
    }

    fn process_name(&self, p: ProcessId) -> String {
        match p {
            ProcessId::Server(s) => s.to_string(),
            ProcessId::Client(c) => self.clients[c.0 as usize].name.clone(),
        }
    }
}
