//! ZooScope in the browser: a Yew app that drives the [`engine`] compiled to WebAssembly.
//!
//! One component per module; [`model`] holds the state and its reducer and knows nothing of Yew.
//! Components read the state through [`shared::StateRef`] and send [`model::Action`]s.
#![deny(missing_docs)]

pub mod app;
pub mod clock;
pub mod cluster;
pub mod cluster_icons;
pub mod cluster_queue;
pub mod console;
pub mod controls;
pub mod dialog_form;
pub mod dialog_modal;
pub mod faults;
pub mod gallery;
pub mod help;
pub mod i18n;
pub mod inspector;
pub mod inspector_client;
pub mod inspector_server;
pub mod invariants;
pub mod lamport;
pub mod learn;
pub mod model;
pub mod new_scenario;
pub mod qr;
pub mod ring;
pub mod scrubber;
pub mod share;
pub mod shared;

pub use app::App;

// Unit tests under `cargo test --target wasm32-unknown-unknown` run in headless Chromium.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
