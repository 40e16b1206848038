//! What the engine's tests share: the gallery scenarios, building and running a scenario,
//! waiting for a condition, asking a client for an operation and waiting for its answer, and
//! questions about a run (who leads, what a client heard, when a trace line first appears).

use engine::proto::{ClientOp, Outcome};
use engine::scenario::{self, Scenario};
use engine::tree::{CreateMode, Request};
use engine::{
    secs, Category, ClientEvent, ClientId, ClientState, Micros, ProcessId, Role, ServerId,
    SimConfig, Simulation,
};
use std::path::PathBuf;

/// Every gallery file; each has its own test in `gallery.rs` or `gallery_recipes.rs`.
pub const GALLERY: [&str; 24] = [
    "leader-crash",
    "leader-minority-partition",
    "paused-leader",
    "session-expiry-partition",
    "clock-drift",
    "write-during-leader-crash",
    "stale-sync-read",
    "group-membership",
    "barrier",
    "queue",
    "lock",
    "herd-lock",
    "election",
    "rwlock",
    "double-barrier",
    "config",
    "master-worker-worker-crash",
    "master-worker-master-crash",
    "paused-lock-unfenced",
    "paused-lock-fenced",
    "heartbeat-split-brain",
    "exactly-once-unfenced",
    "exactly-once-fenced",
    "byzantine",
];

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The gallery's folder, `scenarios/`.
pub fn dir() -> PathBuf {
    root().join("scenarios")
}

/// The text of gallery scenario `name`.
pub fn text(name: &str) -> String {
    let path = dir().join(format!("{name}.scn"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// Gallery scenario `name`, parsed.
pub fn load(name: &str) -> Scenario {
    scenario::parse(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `s`, built and run to its end.
pub fn run(s: &Scenario) -> Simulation {
    let mut sim = engine::build(s).expect("builds");
    sim.run_until(s.run_until_us);
    sim
}

/// Server `i`.
pub fn s(i: u8) -> ServerId {
    ServerId(i)
}

/// Server `i` as a process (a link end, a partition side).
pub fn p(i: u8) -> ProcessId {
    ProcessId::Server(ServerId(i))
}

/// `x` seconds.
pub fn secs_f(x: f64) -> Micros {
    (x * 1e6) as Micros
}

/// Run `sim` up to `until`, calling `f` after every `every`.
pub fn sample(sim: &mut Simulation, until: Micros, every: Micros, mut f: impl FnMut(&Simulation)) {
    while sim.now() < until {
        let t = (sim.now() + every).min(until);
        sim.run_until(t);
        f(sim);
    }
}

/// Assert that no Zab invariant broke.
pub fn no_violations(sim: &Simulation) {
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

/// Server `id`'s current epoch.
pub fn epoch_of(sim: &Simulation, id: ServerId) -> u32 {
    sim.durable(id).current_epoch
}

/// The established leader and its epoch.
pub fn leader(sim: &Simulation) -> Option<(ServerId, u32)> {
    sim.leader().map(|l| (l, epoch_of(sim, l)))
}

/// Server `id`'s role now.
pub fn role(sim: &Simulation, id: ServerId) -> Role {
    sim.role(id)
}

/// The client named `name`.
pub fn client(sim: &Simulation, name: &str) -> ClientId {
    sim.client_ids()
        .find(|c| sim.client_name(*c) == name)
        .unwrap_or_else(|| panic!("no client {name}"))
}

/// What client `name` heard, in order: answers as (command, outcome), events as they came.
pub fn heard(sim: &Simulation, name: &str) -> Vec<(Micros, Option<&'static str>, ClientEvent)> {
    let c = client(sim, name);
    sim.client_lines()
        .iter()
        .filter(|l| l.client == c)
        .map(|l| (l.time, l.cmd, l.event.clone()))
        .collect()
}

/// The answers client `name` got to command `cmd`, in order.
pub fn answers(sim: &Simulation, name: &str, cmd: &str) -> Vec<Outcome> {
    heard(sim, name)
        .into_iter()
        .filter_map(|(_, c, e)| match e {
            ClientEvent::Answer { outcome, .. } if c == Some(cmd) => Some(outcome),
            _ => None,
        })
        .collect()
}

/// The first trace line of `category` at or after `from` whose text contains `needle`.
pub fn first(sim: &Simulation, category: Category, needle: &str, from: Micros) -> Option<Micros> {
    sim.trace()
        .lines()
        .find(|l| l.category == category && l.time >= from && l.text().contains(needle))
        .map(|l| l.time)
}

/// Server `id`'s data at `path` and its czxid, if it runs and has the node.
pub fn data_on(sim: &Simulation, id: ServerId, path: &str) -> Option<(Vec<u8>, u64)> {
    let server = sim.server(id)?;
    server
        .state()
        .tree
        .get_data(path)
        .ok()
        .map(|(d, st)| (d, st.czxid))
}

/// `n` servers with `seed`, run for 2 s: a leader is established.
pub fn settled(n: u8, seed: u64) -> Simulation {
    let mut sim = Simulation::new(SimConfig::new(n, seed));
    sim.run_until(secs(2));
    assert!(sim.leader().is_some(), "no leader after 2 s");
    sim
}

/// Step `sim` while `cond` holds, for at most `limit` of simulated time.
pub fn run_while(sim: &mut Simulation, limit: Micros, cond: impl Fn(&Simulation) -> bool) {
    let end = sim.now() + limit;
    while cond(sim) && sim.now() < end {
        if !sim.step() {
            break;
        }
    }
}

/// Add client `name` trying `servers` in order, and run until it is connected (10 s at most).
pub fn connect(
    sim: &mut Simulation,
    name: &str,
    servers: Vec<ServerId>,
    timeout_ms: u64,
) -> ClientId {
    let c = sim.add_client(name, servers, timeout_ms);
    run_while(sim, secs(10), |sim| {
        sim.client(c).unwrap().state() != ClientState::Connected
    });
    c
}

/// Client `c` asks for `op`; run until its answer comes (60 s at most) and return it.
pub fn ask(sim: &mut Simulation, c: ClientId, op: ClientOp) -> Outcome {
    let tag = sim.client_submit(c, "op", op);
    let answer = |sim: &Simulation| {
        sim.client_lines().iter().find_map(|l| match &l.event {
            ClientEvent::Answer { tag: t, outcome } if *t == tag => Some(outcome.clone()),
            _ => None,
        })
    };
    run_while(sim, secs(60), |sim| answer(sim).is_none());
    answer(sim).expect("an answer")
}

/// The operation `create PATH` (no data) in `mode`.
pub fn create(path: &str, mode: CreateMode) -> ClientOp {
    ClientOp::Write(Request::Create {
        path: path.into(),
        data: vec![],
        mode,
    })
}
