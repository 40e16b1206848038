//! The presentation layer: read-only snapshots of a simulation for the UI and the CLI. The
//! picture of the ensemble at one instant ([`view`]), the inspector's details ([`detail`]),
//! and what `zooscope run` prints ([`report`]). Everything here is a copy; nothing changes the
//! run.

pub mod checks;
pub mod detail;
pub mod generals;
pub mod history;
pub mod report;
mod run;
pub mod view;
