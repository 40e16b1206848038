//! Server processes in the simulator: booting from disk, crashing, stepping the server's state
//! machine, carrying out its effects in order, and recording and checking what it did.

use super::links::Wire;
use super::process::{ServerNode, TimerId};
use super::Simulation;
use crate::ids::{ProcessId, ServerId};
use crate::observe::check::Violation;
use crate::observe::history::MarkerKind;
use crate::observe::trace::Category;
use crate::server::{Effect, Input, Note, Out, Server, Timer};

impl Simulation {
    /// Run one input through server `id`'s state machine at its local time.
    pub(super) fn step_server(&mut self, id: ServerId, input: Input) {
        let local = self.local_now(ProcessId::Server(id));
        let mut out = Out::default();
        if let ServerNode::Up(server) = &mut self.server_slot_mut(id).node {
            server.step(local, input, &mut out);
        }
        self.server_effects(id, out);
    }

    pub(super) fn fire_server_timer(&mut self, id: ServerId, timer: Timer) {
        let text = format!("{id} timer {}", timer.kind.name());
        self.trace.record(self.now, Category::Timer, text);
        self.step_server(id, Input::Timer(timer));
    }

    /// Restart a crashed server: a new life, then boot.
    pub(super) fn boot(&mut self, id: ServerId) {
        self.server_slot_mut(id).core.incarnation += 1;
        self.start(id);
    }

    /// Boot server `id` from its disk.
    pub(super) fn start(&mut self, id: ServerId) {
        let local = self.local_now(ProcessId::Server(id));
        let durable = match &self.server_slot(id).node {
            ServerNode::Down(d) => d.clone(),
            ServerNode::Up(_) => return,
        };
        let mut out = Out::default();
        let server = Server::boot(id, self.cfg.clone(), durable, local, &mut out);
        self.checker
            .reset_server(id, server.committed(), server.durable().last_zxid());
        self.server_slot_mut(id).node = ServerNode::Up(Box::new(server));
        self.server_effects(id, out);
    }

    /// Server `id`'s process dies: only its disk is left.
    pub(super) fn crash(&mut self, id: ServerId) {
        let p = ProcessId::Server(id);
        let slot = self.server_slot_mut(id);
        let ServerNode::Up(server) = &slot.node else {
            return;
        };
        slot.node = ServerNode::Down(server.durable().clone());
        slot.core.incarnation += 1;
        slot.core.paused_until = 0;
        self.clear_timers(p);
        // Its connections die with it: whatever they lost no longer matters.
        self.links.forget_all_of(p);
        self.trace
            .record(self.now, Category::Role, format!("{id} DOWN"));
        self.history.mark(
            self.now,
            MarkerKind::Crash,
            &id.to_string(),
            0,
            format!("{id} crashes"),
        );
        // The OS closes the dead process's sockets: peers hear of it one latency later, unless
        // the link is cut (then they find out by timeout, as after a machine failure).
        let peers: Vec<ServerId> = self.cfg.all().filter(|s| *s != id).collect();
        for to in peers {
            self.close_connection(p, ProcessId::Server(to));
        }
        for c in self.clients_of(id) {
            self.close_connection(p, ProcessId::Client(c));
        }
    }

    /// Carry out what a server asked for, in order, and record and check what it did.
    fn server_effects(&mut self, id: ServerId, out: Out) {
        let me = ProcessId::Server(id);
        for effect in out {
            match effect {
                Effect::Send(to, msg) => self.send(me, ProcessId::Server(to), Wire::Peer(msg)),
                Effect::Answer(c, msg) if self.exists(ProcessId::Client(c)) => {
                    self.send(me, ProcessId::Client(c), Wire::Reply(msg))
                }
                Effect::Answer(..) => {}
                Effect::SetTimer(timer, after) => self.set_timer(me, TimerId::Server(timer), after),
                Effect::CancelTimers => self.clear_timers(me),
                Effect::Close(to) => self.close_connection(me, ProcessId::Server(to)),
                Effect::Note(note) => self.note(id, note),
            }
        }
    }

    fn note(&mut self, id: ServerId, note: Note) {
        let t = self.now;
        let violation = match &note {
            Note::Role(r, why) => {
                let text = match why.as_str() {
                    "" => format!("{id} {}", r.as_str()),
                    why => format!("{id} {}: {why}", r.as_str()),
                };
                self.trace.record(t, Category::Role, text);
                None
            }
            Note::Logged(z) => self.checker.logged(t, id, *z),
            Note::Truncated(z) => {
                let text = format!("{id} truncates its log to {z}");
                self.trace.record(t, Category::Protocol, text);
                self.checker.truncated(t, id, *z)
            }
            Note::SnapshotInstalled(z) => {
                let text = format!("{id} installs snapshot {z}");
                self.trace.record(t, Category::Protocol, text);
                self.checker.reset_server(id, *z, *z);
                None
            }
            Note::Applied(z, h) => self.checker.applied(t, id, *z, *h),
            Note::Established(epoch) => {
                let text = format!("{id} established as leader of epoch {epoch}");
                self.history.mark(
                    t,
                    MarkerKind::Leader,
                    &id.to_string(),
                    u64::from(*epoch),
                    text.clone(),
                );
                self.trace.record(t, Category::Protocol, text);
                let vs = match &self.servers[id.0 as usize - 1].node {
                    ServerNode::Up(s) => self.checker.established(t, id, *epoch, s.durable()),
                    ServerNode::Down(_) => Vec::new(),
                };
                for v in vs {
                    self.record_violation(&v);
                }
                None
            }
            Note::Sync(to, kind) => {
                let text = format!("{id} syncs {to} with {kind}");
                self.trace.record(t, Category::Protocol, text);
                None
            }
            Note::Text(text) => {
                self.trace
                    .record(t, Category::Protocol, format!("{id} {text}"));
                None
            }
        };
        if let Some(v) = violation {
            self.record_violation(&v);
        }
    }

    fn record_violation(&mut self, v: &Violation) {
        self.history.mark(
            self.now,
            MarkerKind::Violation,
            v.invariant.name(),
            0,
            v.to_string(),
        );
        self.trace
            .record(self.now, Category::Violation, v.to_string());
    }
}
