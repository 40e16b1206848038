//! The scenario language: one text describes a run (the contract is
//! `docs/scenario-language.md`; every form there parses as written).
//!
//! [`parse`] reads the text into a [`Scenario`], [`print()`] writes its canonical text back
//! (`parse(&print(&s)) == Ok(s)`), and [`encode`] / [`decode`] turn it into the URL fragment a
//! user shares. This module knows nothing of the simulator: it only says what should happen, and
//! when.
//!
//! # Additions to the contract
//! - Every `ensemble` option is optional; `servers=` defaults to 3 (also with no `ensemble`
//!   line). Observers are numbered after the voters: `servers=3 observers=2` has voters
//!   `s1..s3` and observers `s4`, `s5`.
//! - `network` options are optional; `latency=5ms` means `5ms..5ms`.
//! - Durations may also be written in `us`, and with decimals down to one microsecond
//!   (`1.5ms`, `0.000001s`); they are exact integers, never floats.
//! - `cut A<->B` cuts both directions; link ends (`cut`, `latency`) may be clients.
//! - `crash`, `pause` and `drift` take `leader`; `pause` and `drift` also take a client. A drift
//!   may omit its `+` and have up to four decimals (`0.25%`).
//! - `at TIME NAME runs PROGRAM ARGS...` starts a recipe program (the recipes; the names
//!   are [`crate::recipes::Program::NAMES`], their arguments in docs/scenarios.md).
//! - `loss 5%`, `drop message N` and `delay message N by DURATION` change the network or one
//!   message in flight (words that stay client names where a client has that name).
//! - `#` starts a comment at the start of a line or after whitespace, outside double quotes, so
//!   that zkCli data such as `x#1` or `"a #b"` is kept.
//! - `seed`, `ensemble` and `network` may appear once each; `run` may repeat (the last wins).
//!   Clients may be declared after the actions that name them.
//! - A client name is a letter then letters, digits, `_` or `-` (at most 32), and is neither
//!   `sK` nor a keyword (`leader`, `close`, `crash`, `runs`, an action or statement word).
//!
//! # Bounds
//! At most [`MAX_SERVERS`] voters and [`MAX_OBSERVERS`] observers, [`MAX_CLIENTS`] clients,
//! [`MAX_ACTIONS`] actions; every time and duration at most [`MAX_DURATION_US`] (one hour);
//! `tick` 1ms..=60s, `init`/`sync` 1..=1000 ticks, client `timeout` 1ms..=1h (whole
//! milliseconds); loss 0%..=100%; drift -90%..=+900%; canonical text at most
//! [`MAX_TEXT_BYTES`], so that every parsed scenario fits in a share link.

mod action;
pub mod model;
mod parse;
mod print;
pub mod quantity;
mod syntax;
mod url;

#[cfg(test)]
mod tests;

pub use action::{MAX_DRIFT_PPM, MIN_DRIFT_PPM};
pub use model::*;
pub use parse::{
    parse, ScenarioError, MAX_ACTIONS, MAX_CLIENTS, MAX_LIMIT_TICKS, MAX_OBSERVERS, MAX_SERVERS,
    MAX_TEXT_BYTES, MAX_TICK_MS,
};
pub use print::{action_text, print};
pub use quantity::MAX_DURATION_US;
pub use syntax::{strip_comment, MAX_NAME_LEN};
pub use url::{
    decode, decode_keyed, decode_text, encode, encode_keyed, UrlError, MAX_FRAGMENT_BYTES,
};
