//! ZooScope's coordination engine: a deterministic, sans-IO model of an Apache ZooKeeper
//! ensemble and its clients.
//!
//! Everything here is a pure function of (scenario, seed, inputs): one seeded PRNG, virtual time
//! only, ordered collections only. Servers, clients and recipe programs are state machines; the
//! [`Simulation`] is the only thing that delivers messages and fires timers.
//!
//! ```
//! // A scenario is text: three servers, the leader crashes at 2 s.
//! let scenario = engine::scenario::parse(
//!     "ensemble servers=3\nclient alice\nat 1s alice create /hello world\nat 2s crash leader\nrun 5s\n",
//! )
//! .unwrap();
//! let mut sim = engine::build(&scenario).unwrap();
//! sim.run_until(scenario.run_until_us);
//! // A new leader was elected, and the write survived the crash.
//! let view = sim.view();
//! assert!(view.leader.is_some());
//! let leader = sim.server(view.leader.unwrap()).unwrap();
//! assert!(leader.state().tree.node("/hello").is_some());
//! assert!(sim.violations().is_empty());
//! ```
//!
//! # Layers
//! Each layer uses only the ones above it in this list (`docs/ARCHITECTURE.md` draws them):
//! - base: virtual time, ids, the PRNG, zxids;
//! - data model: the znode tree and the watch tables ([`tree`], [`watches`]);
//! - protocol: what crosses a connection ([`proto`]);
//! - nodes: the server and the client library, as state machines behind one contract
//!   (one contract: an input in, an ordered list of effects out);
//! - programs: the recipes that run on a client, and Lamport's generals ([`byzantine`]);
//! - observation: the trace, the history the UI draws, the invariant checkers;
//! - simulator: processes, links, faults, time travel ([`Simulation`], [`Timeline`]);
//! - languages: scenarios, zkCli commands and scripts ([`scenario`], [`zkcli`]);
//! - presentation: the snapshots the UI and the CLI show ([`ClusterView`], [`ServerDetail`]).
//!
//! This page is the engine's whole public API: the modules behind it are private.
#![deny(missing_docs)]

pub mod byzantine;
mod client;
mod digest;
mod ids;
mod lang;
mod machine;
mod observe;
mod present;
pub mod proto;
mod recipes;
mod rng;
mod server;
mod sim;
mod time;
pub mod tree;
pub mod watches;
mod zxid;

// Base.
pub use ids::{ClientId, ProcessId, ServerId};
pub use rng::Rng;
pub use time::{format_duration, ms, secs, Micros};
pub use zxid::Zxid;

// Nodes.
pub use client::{Client, ClientEvent, ClientState, SessionEvent};
pub use server::{Bug, Config, Durable, LogEntry, Payload, Server};

// Programs.
pub use recipes::{
    Program, RecipeViolation, ResourceAct, Verdict, CONSUMED, DONE_WORK, ENTERS, LEAVES, PROCEEDS,
    QUEUE, WAKE_UP,
};

// Observation.
pub use observe::check::{Invariant, Violation};
pub use observe::chunked::Chunked;
pub use observe::consistency::{self, Finding};
pub use observe::history::{History, Marker, MarkerKind};
pub use observe::linear;
pub use observe::ops::{OpKind, OpRecord};
pub use observe::trace::{Category, Trace, TraceLine};
pub use observe::{Flight, FlightClass, MessageRecord};

// The simulator.
pub use sim::chaos;
pub use sim::net::Network;
pub use sim::timeline::Timeline;
pub use sim::{ClientLine, Fault, ProgramNote, ResourceLine, SimConfig, Simulation, Target};

// Languages.
pub use lang::build::{action_faults, build, build_with_ids, BuildError, ClientIds};
pub use lang::lesson;
pub use lang::run::ScenarioRun;
pub use lang::scenario;
pub use lang::script::{run_script, Placement, ScriptOptions};
pub use lang::search;
pub use lang::zkcli;

// Presentation.
pub use present::checks::{CheckFamily, CheckRow, RECIPE_CHECKERS};
pub use present::detail::{
    data_text, describe_payload, describe_txn, op_summary, session_hex, ClientDetail, DiffEntry,
    DiffKind, HeardLine, LiveDetail, LogDetail, LogLine, NodeDetail, NodeSide, PendingRequest,
    ServerDetail, SessionDetail, TreeDiff, WatchDetail, DATA_LIMIT, HEARD_LIMIT, LOG_LIMIT,
    ZAB_INVARIANTS,
};
pub use present::generals::{GeneralsOrder, GeneralsView, GENERALS_ROUND};
pub use present::history::{FindingView, OpClass, OpView};
pub use present::report;
pub use present::view::{
    Broke, ClientStatus, ClientView, ClusterView, LockQueue, Part, ServerView, ZnodeView,
};
pub use proto::Role;
