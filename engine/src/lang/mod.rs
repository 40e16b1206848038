//! The languages layer: text people write and read. The scenario language (a run's text,
//! share links), zkCli commands and conformance scripts with their answer format, and how a
//! scenario becomes a simulation ([`build`]) and a run one can travel in ([`run`]); lessons
//! ([`lesson`]), narrated scenarios with tasks the engine checks.

pub mod build;
pub mod lesson;
pub mod run;
pub mod scenario;
pub mod script;
pub mod search;
pub mod zkcli;
