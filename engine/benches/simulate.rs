//! `cargo bench -p engine --bench simulate`: how fast the simulator runs.
//!
//! Figures: simulated events per wall second, and simulated time per wall second, for
//! (a) 5 servers with steady proposals (one opaque write every 10 ms) for 60 s of simulated time;
//! (b) the same with 10 clients each creating and reading znodes through the whole pipeline.
//! The same workloads in a browser: `web/tests/engine_speed.rs`.

use harness::workloads::{clients_writing, speed_line, steady_proposals};
use std::time::Instant;

fn main() {
    let start = Instant::now();
    let sim = steady_proposals(60);
    let wall = start.elapsed().as_secs_f64();
    println!(
        "{}",
        speed_line("5 servers, steady proposals, 60 s", &sim, wall)
    );
    let start = Instant::now();
    let sim = clients_writing(60);
    let wall = start.elapsed().as_secs_f64();
    println!(
        "{}",
        speed_line(
            "5 servers, 10 clients writing and reading, 60 s",
            &sim,
            wall
        )
    );
}
