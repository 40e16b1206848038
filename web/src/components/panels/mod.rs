//! The side and bottom panels: breaking things, the invariants, the inspector, the console,
//! what each client saw, and the search for a failure.

pub mod console;
pub mod faults;
pub mod generals_form;
pub mod history;
pub mod inspector;
pub mod invariants;
