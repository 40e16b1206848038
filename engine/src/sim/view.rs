//! Read-only snapshots of a simulation: all the UI and the CLI ever see of the engine.

use crate::ids::ServerId;
use crate::time::Micros;

/// What a server is doing (reference Z1), or `Down` when it has crashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Running Fast Leader Election.
    Looking,
    /// Following a leader.
    Following,
    /// Leading the ensemble.
    Leading,
    /// A non-voting observer attached to a leader.
    Observing,
    /// Crashed: only its durable state exists.
    Down,
}

impl Role {
    /// The name used in the CLI summary and the UI (`LOOKING`, …, `DOWN`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Looking => "LOOKING",
            Role::Following => "FOLLOWING",
            Role::Leading => "LEADING",
            Role::Observing => "OBSERVING",
            Role::Down => "DOWN",
        }
    }
}

/// One server as seen from outside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerView {
    /// Its id.
    pub id: ServerId,
    /// Its role.
    pub role: Role,
    /// Its accepted epoch.
    pub epoch: u32,
    /// The last zxid in its log.
    pub last_zxid: u64,
    /// The last zxid it has committed (applied).
    pub committed_zxid: u64,
}

/// The whole simulation at one instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterView {
    /// Simulated time of the picture.
    pub time: Micros,
    /// Every server, in id order.
    pub servers: Vec<ServerView>,
}
