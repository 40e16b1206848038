//! Read-only snapshots of a simulation: all the UI and the CLI ever see of the engine.

use crate::ids::{ProcessId, ServerId};
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
    /// The last zxid it has committed (applied); 0 while down.
    pub committed_zxid: u64,
    /// True while a pause holds it.
    pub paused: bool,
    /// How far its clock runs from real time, in parts per million.
    pub drift_ppm: i64,
    /// True for an observer.
    pub observer: bool,
}

/// A message on its way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flight {
    /// Its id, unique in the run.
    pub id: u64,
    /// Sender.
    pub from: ServerId,
    /// Receiver.
    pub to: ServerId,
    /// When it was sent.
    pub sent: Micros,
    /// When it will arrive.
    pub arrives: Micros,
    /// Its kind (`PROPOSAL`, `NOTIFICATION`, …).
    pub kind: &'static str,
    /// Its content, as a trace shows it.
    pub text: String,
}

/// The whole simulation at one instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterView {
    /// Simulated time of the picture.
    pub time: Micros,
    /// Every server, in id order.
    pub servers: Vec<ServerView>,
    /// Messages in flight.
    pub in_flight: Vec<Flight>,
    /// Cut directed links.
    pub cuts: Vec<(ProcessId, ProcessId)>,
}
