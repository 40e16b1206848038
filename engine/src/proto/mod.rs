//! The protocol layer: what crosses a connection between a client library and a server (the
//! operations a client asks for, the messages each side sends, the answers a client sees), and
//! the role a server reports. Nodes (servers, clients) and recipe programs speak only these
//! types; the languages (zkCli, scenarios) parse text into them and print them back.

mod client;
mod outcome;
mod read;
mod text;

pub use client::{ClientOp, ToClient, ToServer};
pub use outcome::Outcome;
pub use read::Read;
pub use text::is_word_separator;

/// What a server is doing (reference Z1), or `Down` when its process has crashed (a state of
/// the process, never reported in a message).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
    /// The name used in the CLI summary and the trace (`LOOKING`, …, `DOWN`).
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
