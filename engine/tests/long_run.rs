//! A long run: a day of simulated time with busy clients and periodic faults, through the same
//! `Timeline` the web app drives (`harness::workloads::long_run` says what it does and checks:
//! invariants, live sessions, progress, records held bounded). Memory stays bounded because the
//! simulation forgets records older than `Simulation::KEEP` and the timeline the checkpoints
//! older than that.
//!
//! `LONG_RUN_MINUTES=N` sets the simulated length (default 30 minutes, for CI), `LONG_RUN_LOCK`
//! the lock program (`lock`, the default, or `herd-lock`; see `long_run`). The notes' figures
//! were made with `LONG_RUN_MINUTES=1440 cargo test --release -p engine --test long_run --
//! --nocapture`, which prints what is held and the peak memory every ten simulated minutes). The
//! same run in Chromium: `web/tests/long_run.rs`.

use engine::secs;
use harness::workloads::{held, long_run};
use std::time::Instant;

/// Peak resident memory of this process, in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_long_run_with_busy_clients_and_periodic_faults_keeps_every_invariant_in_bounded_memory() {
    let minutes = std::env::var("LONG_RUN_MINUTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let lock = std::env::var("LONG_RUN_LOCK").unwrap_or_else(|_| "lock".into());
    let started = Instant::now();
    let outcome = long_run(minutes, &lock, |tl| {
        let sim = tl.current();
        eprintln!(
            "minute {:>5}: committed {}, checkpoints {}, held (messages, ops, client lines, resource acts) {:?}, peak RSS {:?} KiB, wall {:.1} s",
            sim.now() / secs(60),
            sim.committed_count(),
            tl.checkpoint_count(),
            held(sim),
            peak_rss_kib(),
            started.elapsed().as_secs_f64()
        );
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
}
