//! ZooScope's shared test harness.
//!
//! - [`datadriven`]: test files in the manner of etcd-io/raft's `testdata/*.txt` (a command,
//!   its input, `----`, the expected output), with a rewrite mode (`REWRITE=1`).
//! - [`Driver`]: the interaction commands those files use against a simulation (`scenario`,
//!   `run`, `do`, `status`, `tree`, `watches`, `sessions`, `resource`, `notes`, `violations`).
//! - [`helpers`]: what the engine's tests share (building and running scenarios, waiting for a
//!   condition, asking a client for an operation and waiting for the answer, reading what a
//!   client heard).
//! - [`workloads`]: the simulations the speed figures are measured on, natively and in Wasm.
#![deny(missing_docs)]

pub mod datadriven;
mod driver;
pub mod helpers;
pub mod workloads;

pub use driver::Driver;
