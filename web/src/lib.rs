//! ZooScope in the browser: a Yew app that drives the [`engine`] compiled to WebAssembly.
//!
//! One component per module; [`model`] holds the state and its reducer and knows nothing of Yew.
#![deny(missing_docs)]

pub mod app;
pub mod clock;
pub mod controls;
pub mod model;
pub mod ring;

pub use app::App;

// Unit tests under `cargo test --target wasm32-unknown-unknown` run in headless Chromium.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
