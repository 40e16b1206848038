//! The simulator: virtual time, the event queue, the network and the processes.

pub mod view;

use crate::ids::ServerId;
use crate::time::Micros;
use view::{ClusterView, Role, ServerView};

/// A running simulation. (Skeleton: the real event loop lands with the Zab work.)
#[derive(Clone, Debug)]
pub struct Simulation {
    now: Micros,
    servers: u8,
}

impl Simulation {
    /// An ensemble of `servers` servers at time zero.
    pub fn with_servers(servers: u8) -> Self {
        Simulation { now: 0, servers }
    }
    /// The current simulated time.
    pub fn now(&self) -> Micros {
        self.now
    }
    /// Simulate until `time` (no-op if it is in the past).
    pub fn run_until(&mut self, time: Micros) {
        self.now = self.now.max(time);
    }
    /// A read-only picture of the whole simulation, for the UI and the CLI.
    pub fn view(&self) -> ClusterView {
        ClusterView {
            time: self.now,
            servers: (1..=self.servers)
                .map(|i| ServerView {
                    id: ServerId(i),
                    role: Role::Looking,
                    epoch: 0,
                    last_zxid: 0,
                    committed_zxid: 0,
                })
                .collect(),
        }
    }
}
