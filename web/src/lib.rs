//! ZooScope in the browser: a Yew app that drives the [`engine`] compiled to WebAssembly.
//!
//! - [`state`]: the page's state and its reducer (no Yew here), reading the engine only
//!   through a [`engine::ScenarioRun`]'s snapshots;
//! - [`components`]: the page's parts by area, each taking the props it needs;
//! - [`hooks`]: behaviour components share (dialogs, the play loop);
//! - [`text`]: the two languages.
#![deny(missing_docs)]

pub mod app;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod state;
pub mod text;

pub use app::App;

// Unit tests under `cargo test --target wasm32-unknown-unknown` run in headless Chromium.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
