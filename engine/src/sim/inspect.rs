//! Read-only inspection of a running simulation: who leads, each server and its disk, the
//! trace, the checkers' verdicts, and the [`ClusterView`] the UI and the CLI draw from.

use super::history::History;
use super::trace::Trace;
use super::view::{ClusterView, Role, ServerView};
use super::{Proc, Simulation};
use crate::check::Violation;
use crate::ids::ServerId;
use crate::server::durable::Durable;
use crate::server::Server;

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
        self.slots.iter().filter_map(|s| match &s.proc {
            Proc::Up(server) => Some(server.as_ref()),
            Proc::Down(_) => None,
        })
    }

    /// A running server by id.
    pub fn server(&self, id: ServerId) -> Option<&Server> {
        match &self.slots.get((id.0 as usize).wrapping_sub(1))?.proc {
            Proc::Up(s) => Some(s),
            Proc::Down(_) => None,
        }
    }

    /// The durable state of a server, up or down.
    pub fn durable(&self, id: ServerId) -> &Durable {
        match &self.slot(id).proc {
            Proc::Up(s) => s.durable(),
            Proc::Down(d) => d,
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

    /// A read-only picture of the whole simulation, for the UI and the CLI.
    pub fn view(&self) -> ClusterView {
        let servers = self
            .cfg
            .all()
            .map(|id| {
                let slot = self.slot(id);
                let d = self.durable(id);
                let (role, committed) = match &slot.proc {
                    Proc::Up(s) => (s.view_role(), s.committed().0),
                    Proc::Down(_) => (Role::Down, 0),
                };
                ServerView {
                    id,
                    role,
                    epoch: d.accepted_epoch,
                    last_zxid: d.last_zxid().0,
                    committed_zxid: committed,
                    paused: slot.paused_until > self.now,
                    drift_ppm: slot.clock.drift_ppm(),
                    observer: !self.cfg.is_voter(id),
                }
            })
            .collect();
        ClusterView {
            time: self.now,
            servers,
            clients: self.client_views(),
            in_flight: self.in_flight.values().cloned().collect(),
            cuts: self.net.cuts().copied().collect(),
            latency: self.net.latency(),
            loss_ppm: self.net.loss_ppm,
            leader: self.leader(),
        }
    }

    /// What happened so far: finished messages and timeline markers.
    pub fn history(&self) -> &History {
        &self.history
    }
}
