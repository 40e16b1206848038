//! The observation layer: what a run leaves behind for people and checkers. The trace (every
//! event, hashed), the history the UI draws (finished messages, timeline markers), and the Zab
//! invariant checkers. The simulator feeds them; nothing here drives the run.

pub mod check;
pub mod chunked;
pub mod consistency;
mod flight;
pub mod history;
pub mod linear;
pub mod ops;
pub mod trace;

pub use flight::{Flight, FlightClass, MessageRecord};
