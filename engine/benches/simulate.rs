//! `cargo bench -p engine --bench simulate`: how fast the simulator runs.
//!
//! Figures: simulated events per wall second, and simulated time per wall second, for
//! (a) 5 servers with steady proposals (one opaque write every 10 ms) for 60 s of simulated time;
//! (b) the same with 10 clients each creating and reading znodes through the whole pipeline.

use engine::proto::ClientOp;
use engine::proto::Read;
use engine::tree::{CreateMode, Request};
use engine::watches::ReadKind;
use engine::ServerId;
use engine::{ms, secs};
use engine::{Fault, SimConfig, Simulation, Target};
use std::time::Instant;

fn report(name: &str, sim: &Simulation, wall: f64) {
    let events = sim.trace().len() as f64;
    let simulated = sim.now() as f64 / 1e6;
    println!(
        "{name}: {:.0} trace events in {:.3} s wall = {:.0} events/s; {:.0} s simulated per wall second; {} txns committed",
        events,
        wall,
        events / wall,
        simulated / wall,
        sim.committed_count()
    );
}

fn steady_proposals() {
    let mut sim = Simulation::new(SimConfig::new(5, 1));
    sim.keep_trace_lines(false);
    let start = Instant::now();
    sim.run_until(secs(1));
    let mut t = secs(1);
    while t < secs(60) {
        sim.schedule(t, Fault::Write(Target::Leader, 1));
        t += ms(10);
        sim.run_until(t);
    }
    report(
        "5 servers, steady proposals, 60 s",
        &sim,
        start.elapsed().as_secs_f64(),
    );
}

fn clients_writing() {
    let mut sim = Simulation::new(SimConfig::new(5, 2));
    sim.keep_trace_lines(false);
    let start = Instant::now();
    sim.run_until(secs(1));
    let servers: Vec<ServerId> = (1..=5).map(ServerId).collect();
    let clients: Vec<_> = (0..10)
        .map(|i| {
            let mut order = servers.clone();
            order.rotate_left(i % 5);
            sim.add_client(&format!("c{i}"), order, 10_000)
        })
        .collect();
    sim.run_until(secs(2));
    let mut t = secs(2);
    let mut n = 0u64;
    while t < secs(60) {
        for &c in &clients {
            n += 1;
            let path = format!("/n{n}");
            let op = if n.is_multiple_of(2) {
                ClientOp::Write(Request::Create {
                    path,
                    data: b"x".to_vec(),
                    mode: CreateMode::Persistent,
                })
            } else {
                ClientOp::Read(Read {
                    kind: ReadKind::GetData,
                    path: format!("/n{}", n - 1),
                    watch: true,
                })
            };
            sim.schedule(t, Fault::ClientRequest(c, "op", op));
        }
        t += ms(100);
        sim.run_until(t);
    }
    report(
        "5 servers, 10 clients writing and reading, 60 s",
        &sim,
        start.elapsed().as_secs_f64(),
    );
}

fn main() {
    steady_proposals();
    clients_writing();
}
