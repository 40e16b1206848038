//! The conformance script language (`engine/tests/conformance/FORMAT.md`): statements,
//! zkCli commands and their mapping onto the ZooKeeper API, and the JSON answer lines.
//!
//! Parsing never panics: every bad input is a [`ParseError`] saying what was wrong.

mod answer;
mod command;
mod error;
mod lexer;
mod script;
#[cfg(test)]
mod tests;

pub use answer::{answer_json, event_json, stat_json};
pub use command::Command;
pub use error::{ParseError, ScriptError};
pub use lexer::{split_words, Word};
pub use script::{Script, Statement, DEFAULT_TIMEOUT_MS};
