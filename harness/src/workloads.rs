//! The workloads the speed figures are measured on, shared by the native benches
//! (`engine/benches/`) and the same measurement in the browser (`web/tests/engine_speed.rs`),
//! so that native and Wasm run exactly the same simulation.

use engine::proto::{ClientOp, Read};
use engine::tree::{CreateMode, Request};
use engine::watches::ReadKind;
use engine::{ms, secs, Fault, ServerId, SimConfig, Simulation, Target};

/// Ten clients `c0`…`c9` of 10 s sessions, each starting at another of the 5 servers.
fn ten_clients(sim: &mut Simulation) -> Vec<engine::ClientId> {
    let servers: Vec<ServerId> = (1..=5).map(ServerId).collect();
    (0..10)
        .map(|i| {
            let mut order = servers.clone();
            order.rotate_left(i % 5);
            sim.add_client(&format!("c{i}"), order, 10_000)
        })
        .collect()
}

/// 5 servers with steady proposals (one opaque write every 10 ms) for `seconds` of simulated
/// time, trace lines not kept (only hashed).
pub fn steady_proposals(seconds: u64) -> Simulation {
    let mut sim = Simulation::new(SimConfig::new(5, 1));
    sim.keep_trace_lines(false);
    sim.run_until(secs(1));
    let mut t = secs(1);
    while t < secs(seconds) {
        sim.schedule(t, Fault::Write(Target::Leader, 1));
        t += ms(10);
        sim.run_until(t);
    }
    sim
}

/// 5 servers and 10 clients each creating and reading znodes through the whole pipeline (every
/// 100 ms) for `seconds` of simulated time, trace lines not kept.
pub fn clients_writing(seconds: u64) -> Simulation {
    let mut sim = Simulation::new(SimConfig::new(5, 2));
    sim.keep_trace_lines(false);
    sim.run_until(secs(1));
    let clients = ten_clients(&mut sim);
    sim.run_until(secs(2));
    let mut t = secs(2);
    let mut n = 0u64;
    while t < secs(seconds) {
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
    sim
}

/// 5 servers and 10 clients, each writing its own key twice a second from 3 s to `seconds`
/// (scheduled, not yet run): the run the seek figure travels in.
pub fn keys_written(seconds: u64) -> Simulation {
    let mut sim = Simulation::new(SimConfig::new(5, 3));
    let clients = ten_clients(&mut sim);
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
    let mut t = secs(3);
    let mut n = 0u64;
    while t < secs(seconds) {
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

/// One line of figures for a finished workload: trace events per wall second and simulated
/// seconds per wall second.
pub fn speed_line(name: &str, sim: &Simulation, wall_seconds: f64) -> String {
    let events = sim.trace().len() as f64;
    format!(
        "{name}: {events:.0} trace events in {wall_seconds:.3} s wall = {:.0} events/s; {:.0} s simulated per wall second; {} txns committed",
        events / wall_seconds,
        sim.now() as f64 / 1e6 / wall_seconds,
        sim.committed_count()
    )
}

/// The seek figure: run [`keys_written`] for 10 simulated minutes through a [`engine::Timeline`]
/// (the web app's API), then seek to 200 random instants. `clock` reads a wall clock in
/// milliseconds (std's `Instant` natively, `performance.now()` in a browser). Returns the first
/// pass's wall time, the seek times sorted, and the timeline.
pub fn seek_times(clock: impl Fn() -> f64) -> (f64, Vec<f64>, engine::Timeline) {
    let start = clock();
    let mut tl = engine::Timeline::with_defaults(keys_written(600));
    tl.advance_to(secs(600));
    let first_pass = clock() - start;
    let mut rng = engine::Rng::new(99);
    let mut times: Vec<f64> = (0..200)
        .map(|_| {
            let target = rng.range(0, secs(600));
            let t0 = clock();
            tl.seek(target);
            clock() - t0
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    (first_pass, times, tl)
}

/// The seek figure as one line.
pub fn seek_line(first_pass_ms: f64, times: &[f64], tl: &engine::Timeline) -> String {
    format!(
        "10-minute run, 5 servers, 10 clients writing: first pass {:.2} s wall, {} checkpoints, {} txns; seek to 200 random instants: median {:.1} ms, p95 {:.1} ms, worst {:.1} ms",
        first_pass_ms / 1000.0,
        tl.checkpoint_count(),
        tl.current().committed_count(),
        times[times.len() / 2],
        times[times.len() * 95 / 100],
        times[times.len() - 1]
    )
}

/// The long run's ensemble and clients: 5 servers; three clients taking a fenced lock again and
/// again, two fenced masters and two workers of the master–worker app, a client watching the
/// configuration; a submitter and a configuration writer the driver starts every ten minutes.
/// Sessions of 30 s ride out every fault the driver makes. `LOCK` is the lock program.
const LONG_RUN_SCENARIO: &str = "\
seed 24
ensemble servers=5
client l1 timeout=30s
client l2 timeout=30s
client l3 timeout=30s
client m1 timeout=30s
client m2 timeout=30s
client k1 timeout=30s
client k2 timeout=30s
client sub timeout=30s
client cw timeout=30s
client cs timeout=30s
at 1s l1 runs LOCK hold=300ms rest=700ms fenced=yes
at 1s l2 runs LOCK hold=300ms rest=700ms fenced=yes
at 1s l3 runs LOCK hold=300ms rest=700ms fenced=yes
at 1s m1 runs master fenced=yes
at 1.5s m2 runs master fenced=yes
at 2s k1 runs worker work=300ms fenced=yes
at 2s k2 runs worker work=300ms fenced=yes
at 2s cw runs config-watch
run 10s
";

/// What a long run holds that grows with time, as counts: finished messages, client operations,
/// client lines, resource acts.
pub fn held(sim: &Simulation) -> [usize; 4] {
    [
        sim.history().messages.len(),
        sim.client_ops().len(),
        sim.client_lines().len(),
        sim.resource_log().len(),
    ]
}

/// The long run: [`LONG_RUN_SCENARIO`] with the lock program `lock` (`lock`, or `herd-lock`:
/// R3's lock watches its predecessor with `exists()`, and when the predecessor is already gone
/// that call leaves a watch for a node that will never be created, on the client and on its
/// server, as in ZooKeeper; the herd lock watches the lock's children and leaves none) for
/// `minutes` of simulated time through a [`engine::Timeline`], ten minutes at a time
/// ([`LongRun::period`]). In each ten minutes the driver crashes the leader (restarted 30 s
/// later), cuts s1 and s2 off for 20 s, pauses a lock client for 10 s, and starts a submitter of
/// 20 tasks and a configuration writer; then it checks: no protocol or recipe invariant broken,
/// every session alive, something committed, and (past two hours) nothing held growing beyond
/// one and a half times what was held before.
pub struct LongRun {
    minutes: u64,
    period: u64,
    tl: engine::Timeline,
    ids: engine::ClientIds,
    actions: [engine::scenario::Action; 3],
    most: [usize; 4],
    committed: usize,
}

impl LongRun {
    /// The run at time zero.
    pub fn new(minutes: u64, lock: &str) -> Result<Self, String> {
        use engine::scenario;
        let text = LONG_RUN_SCENARIO.replace("LOCK", lock);
        let s = scenario::parse(&text).map_err(|e| e.to_string())?;
        let (sim, ids) = engine::build_with_ids(&s).map_err(|e| e.to_string())?;
        let action = |line: &str| -> Result<scenario::Action, String> {
            let one =
                scenario::parse(&format!("{text}at 0s {line}\n")).map_err(|e| e.to_string())?;
            Ok(one.actions.last().unwrap().action.clone())
        };
        Ok(LongRun {
            minutes,
            period: 0,
            tl: engine::Timeline::with_defaults(sim),
            ids,
            actions: [
                action("sub runs submitter count=20 every=1s")?,
                action("cs runs config-set count=10 every=2s")?,
                action("pause l2 for 10s")?,
            ],
            most: [0; 4],
            committed: 0,
        })
    }

    /// Run the next ten minutes (or what is left) and check them; `Ok(None)` once the run is
    /// over. The first failure is one line.
    pub fn period(&mut self) -> Result<Option<&engine::Timeline>, String> {
        use engine::{action_faults, ClientStatus, ProcessId};
        if self.period >= self.minutes.div_ceil(10) {
            return Ok(None);
        }
        let tl = &mut self.tl;
        let base = secs(600 * self.period);
        let at = |s: u64| base + secs(s);
        tl.advance_to(at(60));
        let leader = tl.current().leader();
        if let Some(leader) = leader {
            tl.insert(vec![(at(60), Fault::Crash(Target::Server(leader)))]);
        }
        tl.advance_to(at(90));
        if let Some(leader) = leader {
            tl.insert(vec![(at(90), Fault::Restart(leader))]);
        }
        tl.advance_to(at(180));
        let server = |a: u8| ProcessId::Server(ServerId(a));
        let sides = vec![
            vec![server(1), server(2)],
            vec![server(3), server(4), server(5)],
        ];
        tl.insert(vec![(at(180), Fault::Partition(sides))]);
        tl.advance_to(at(200));
        tl.insert(vec![(at(200), Fault::Heal)]);
        tl.advance_to(at(300));
        let mut faults = Vec::new();
        for a in &self.actions {
            faults.extend(action_faults(at(300), a, &self.ids).map_err(|e| e.to_string())?);
        }
        tl.insert(faults.into_iter().map(|f| (at(300), f)).collect());
        self.period += 1;
        tl.advance_to(secs(600 * self.period).min(secs(60 * self.minutes)));

        let sim = tl.current();
        let minute = sim.now() / secs(60);
        if let Some(v) = sim.violations().first() {
            return Err(format!("minute {minute}: {v:?}"));
        }
        if let Some(v) = sim.recipe_violations().first() {
            return Err(format!("minute {minute}: {v:?}"));
        }
        let view = sim.view();
        let closed: Vec<&str> = view
            .clients
            .iter()
            .filter(|c| c.state == ClientStatus::Closed)
            .map(|c| c.name.as_str())
            .collect();
        if !closed.is_empty() {
            return Err(format!("minute {minute}: the sessions of {closed:?} ended"));
        }
        if sim.committed_count() <= self.committed {
            return Err(format!("minute {minute}: nothing committed in ten minutes"));
        }
        self.committed = sim.committed_count();
        let now = held(sim);
        if sim.now() > secs(2 * 3600) {
            let names = ["messages", "operations", "client lines", "resource acts"];
            for (what, (m, n)) in names.iter().zip(self.most.iter().zip(now)) {
                if n > m + m / 2 {
                    return Err(format!("minute {minute}: {n} {what} held, {m} before"));
                }
            }
        } else {
            for (m, n) in self.most.iter_mut().zip(now) {
                *m = (*m).max(n);
            }
        }
        Ok(Some(&self.tl))
    }
}

/// The whole [`LongRun`], calling `each` with the timeline after every ten minutes.
pub fn long_run(
    minutes: u64,
    lock: &str,
    mut each: impl FnMut(&engine::Timeline),
) -> Result<(), String> {
    let mut run = LongRun::new(minutes, lock)?;
    while let Some(tl) = run.period()? {
        each(tl);
    }
    Ok(())
}
