//! Read-only inspection of a running simulation: who leads, each process and its state, the
//! network, the messages in flight, the trace, the history and the checkers' verdicts. The
//! presentation layer builds every picture of a run from these accessors alone.

use super::net::Network;
use super::process::ServerNode;
use super::Simulation;
use crate::ids::ServerId;
use crate::ids::{ClientId, ProcessId};
use crate::observe::check::Violation;
use crate::observe::history::History;
use crate::observe::trace::Trace;
use crate::observe::Flight;
use crate::proto::Role;
use crate::server::durable::Durable;
use crate::server::Server;
use crate::time::Micros;

impl Simulation {
    /// The server leading with an established quorum right now (the highest epoch's, if more
    /// than one believes it leads).
    pub fn leader(&self) -> Option<ServerId> {
        self.servers()
            .filter(|s| s.is_established_leader())
            .max_by_key(|s| s.durable().current_epoch)
            .map(|s| s.id())
    }

    /// Every running server.
    pub fn servers(&self) -> impl Iterator<Item = &Server> {
        self.servers.iter().filter_map(|s| match &s.node {
            ServerNode::Up(server) => Some(server.as_ref()),
            ServerNode::Down(_) => None,
        })
    }

    /// A running server by id.
    pub fn server(&self, id: ServerId) -> Option<&Server> {
        match &self.servers.get((id.0 as usize).wrapping_sub(1))?.node {
            ServerNode::Up(s) => Some(s),
            ServerNode::Down(_) => None,
        }
    }

    /// The durable state of a server, up or down.
    pub fn durable(&self, id: ServerId) -> &Durable {
        match &self.server_slot(id).node {
            ServerNode::Up(s) => s.durable(),
            ServerNode::Down(d) => d,
        }
    }

    /// The trace so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Keep trace lines in memory (default) or only their hash.
    pub fn keep_trace_lines(&mut self, keep: bool) {
        self.trace.keep_lines(keep);
    }

    /// Every invariant broken so far.
    pub fn violations(&self) -> &[Violation] {
        self.checker.violations()
    }

    /// How many distinct txns have committed.
    pub fn committed_count(&self) -> usize {
        self.checker.committed_count()
    }

    /// What happened so far: finished messages and timeline markers.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The role server `id` plays now, `Down` while crashed.
    pub fn role(&self, id: ServerId) -> Role {
        match &self.server_slot(id).node {
            ServerNode::Up(s) => s.view_role(),
            ServerNode::Down(_) => Role::Down,
        }
    }

    /// True while a pause holds process `p`.
    pub fn is_paused_now(&self, p: ProcessId) -> bool {
        self.exists(p) && self.paused_until(p).is_some()
    }

    /// How far process `p`'s clock runs from real time, in parts per million.
    pub fn drift_ppm(&self, p: ProcessId) -> i64 {
        if self.exists(p) {
            self.core(p).clock.drift_ppm()
        } else {
            0
        }
    }

    /// Process `p`'s own clock reading now.
    pub fn local_time(&self, p: ProcessId) -> Micros {
        if self.exists(p) {
            self.local_now(p)
        } else {
            self.now
        }
    }

    /// The network: its cuts, latency and loss.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// Messages in flight, oldest first.
    pub fn in_flight(&self) -> impl Iterator<Item = &Flight> {
        self.in_flight.values()
    }

    /// The session client `c` had last (kept after a crash; 0 before the first one opens).
    pub fn client_session(&self, c: ClientId) -> u64 {
        self.clients.get(c.0 as usize).map_or(0, |s| s.node.session)
    }

    /// True if the answer tagged `tag` on client `c` is for an operation of its recipe program.
    pub fn is_program_tag(&self, c: ClientId, tag: u64) -> bool {
        self.clients
            .get(c.0 as usize)
            .is_some_and(|s| s.node.purposes.contains_key(&tag))
    }
}
