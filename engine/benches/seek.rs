//! `cargo bench -p engine --bench seek`: time to seek to random instants of a 10-minute run
//! (5 servers, 10 clients writing), through the same Timeline API the web app uses.

use engine::proto::ClientOp;
use engine::tree::{CreateMode, Request};
use engine::Rng;
use engine::ServerId;
use engine::Timeline;
use engine::{ms, secs};
use engine::{Fault, SimConfig, Simulation};
use std::time::Instant;

fn scenario() -> Simulation {
    let mut sim = Simulation::new(SimConfig::new(5, 3));
    let servers: Vec<ServerId> = (1..=5).map(ServerId).collect();
    let clients: Vec<_> = (0..10)
        .map(|i| {
            let mut order = servers.clone();
            order.rotate_left(i % 5);
            sim.add_client(&format!("c{i}"), order, 10_000)
        })
        .collect();
    for (i, &c) in clients.iter().enumerate() {
        let create = Request::Create {
            path: format!("/k{i}"),
            data: vec![],
            mode: CreateMode::Persistent,
        };
        sim.schedule(
            secs(2),
            Fault::ClientRequest(c, "create", ClientOp::Write(create)),
        );
    }
    // every client writes its key twice a second for ten minutes
    let mut t = secs(3);
    let mut n = 0u64;
    while t < secs(600) {
        for (i, &c) in clients.iter().enumerate() {
            n += 1;
            let set = Request::SetData {
                path: format!("/k{i}"),
                data: n.to_le_bytes().to_vec(),
                version: -1,
            };
            sim.schedule(t, Fault::ClientRequest(c, "set", ClientOp::Write(set)));
        }
        t += ms(500);
    }
    sim
}

fn main() {
    let start = Instant::now();
    let mut tl = Timeline::with_defaults(scenario());
    tl.advance_to(secs(600));
    let first_pass = start.elapsed().as_secs_f64();
    println!(
        "10-minute run, 5 servers, 10 clients writing: first pass {:.2} s wall, {} checkpoints, {} txns",
        first_pass,
        tl.checkpoint_count(),
        tl.current().committed_count()
    );
    let mut rng = Rng::new(99);
    let mut times: Vec<f64> = (0..200)
        .map(|_| {
            let target = rng.range(0, secs(600));
            let t0 = Instant::now();
            tl.seek(target);
            t0.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "seek to 200 random instants: median {:.1} ms, p95 {:.1} ms, worst {:.1} ms",
        times[times.len() / 2],
        times[times.len() * 95 / 100],
        times[times.len() - 1]
    );
}
