//! ZooScope's coordination engine: a deterministic, sans-IO model of an Apache ZooKeeper
//! ensemble and its clients.
//!
//! Everything here is a pure function of (scenario, seed, inputs): one seeded PRNG, virtual time
//! only, ordered collections only. Servers and clients are state machines; the simulator in
//! [`sim`] is the only thing that delivers messages and fires timers.
#![deny(missing_docs)]

pub mod byzantine;
pub mod check;
pub mod client;
pub mod ids;
pub mod net;
pub mod recipes;
pub mod rng;
pub mod scenario;
pub mod script_run;
pub mod server;
pub mod sim;
pub mod time;
pub mod tree;
pub mod watches;
pub mod zkcli;
pub mod zxid;
