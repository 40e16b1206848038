//! The dialogs the header opens (learn, gallery, new scenario, share, keyboard help), and what
//! they share: the modal itself and the scenario form.

pub mod export;
pub mod form;
pub mod gallery;
pub mod help;
pub mod modal;
pub mod new_scenario;
pub mod qr;
pub mod search;
pub mod share;
