//! The scenario language: one text describes a run (the contract is
//! `docs/scenario-language.md`).

pub mod model;
pub mod quantity;

pub use model::*;
pub use quantity::MAX_DURATION_US;
