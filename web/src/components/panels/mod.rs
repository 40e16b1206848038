//! The side and bottom panels: breaking things, the invariants, the inspector and the console.

pub mod console;
pub mod faults;
pub mod generals_form;
pub mod inspector;
pub mod invariants;
