//! The page's parts, by area. Each component takes the props it needs (a snapshot of the run,
//! the language, a callback) and re-renders only when they change.

pub mod cluster;
pub mod compare;
pub mod course;
pub mod diagram;
pub mod dialogs;
pub mod field;
pub mod modes;
pub mod panels;
pub mod props;
pub mod time;
