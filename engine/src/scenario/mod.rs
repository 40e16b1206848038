//! The scenario language: one text describes a run (the contract is
//! `docs/scenario-language.md`).

mod action;
pub mod model;
mod parse;
mod print;
pub mod quantity;
mod syntax;

pub use action::{MAX_DRIFT_PPM, MIN_DRIFT_PPM};
pub use model::*;
pub use parse::{
    parse, ScenarioError, MAX_ACTIONS, MAX_CLIENTS, MAX_LIMIT_TICKS, MAX_OBSERVERS, MAX_SERVERS,
    MAX_TEXT_BYTES, MAX_TICK_MS,
};
pub use print::{action_text, print};
pub use quantity::MAX_DURATION_US;
pub use syntax::MAX_NAME_LEN;
