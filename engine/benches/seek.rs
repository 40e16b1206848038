//! `cargo bench -p engine --bench seek`: time to seek to random instants of a 10-minute run
//! (5 servers, 10 clients writing), through the same Timeline API the web app uses. The same
//! figure in a browser: `web/tests/engine_speed.rs`.

use harness::workloads::{seek_line, seek_times};
use std::time::Instant;

fn main() {
    let origin = Instant::now();
    let (first_pass, times, tl) = seek_times(|| origin.elapsed().as_secs_f64() * 1000.0);
    println!("{}", seek_line(first_pass, &times, &tl));
}
