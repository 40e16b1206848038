//! ZooScope in the browser.
fn main() {}
