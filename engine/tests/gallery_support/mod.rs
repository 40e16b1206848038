//! What the gallery tests share: the list of gallery files, loading and running one, and
//! questions about a run (who leads, what a client heard, when a trace line first appears).
#![allow(dead_code)] // each test file uses some of them

use engine::build;
use engine::proto::Outcome;
use engine::scenario::{self, Scenario};
use engine::Category;
use engine::ClientEvent;
use engine::Micros;
use engine::Role;
use engine::Simulation;
use engine::{ClientId, ServerId};
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

pub fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios"))
}

pub fn text(name: &str) -> String {
    let path = dir().join(format!("{name}.scn"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

pub fn load(name: &str) -> Scenario {
    scenario::parse(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn run(s: &Scenario) -> Simulation {
    let mut sim = build(s).expect("builds");
    sim.run_until(s.run_until_us);
    sim
}

pub fn s(i: u8) -> ServerId {
    ServerId(i)
}

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

pub fn no_violations(sim: &Simulation) {
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

pub fn epoch_of(sim: &Simulation, id: ServerId) -> u32 {
    sim.durable(id).current_epoch
}

/// The established leader and its epoch.
pub fn leader(sim: &Simulation) -> Option<(ServerId, u32)> {
    sim.leader().map(|l| (l, epoch_of(sim, l)))
}

pub fn role(sim: &Simulation, id: ServerId) -> Role {
    sim.view().servers[id.0 as usize - 1].role
}

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
        .find(|l| l.category == category && l.time >= from && l.text.contains(needle))
        .map(|l| l.time)
}

pub fn data_on(sim: &Simulation, id: ServerId, path: &str) -> Option<(Vec<u8>, u64)> {
    let server = sim.server(id)?;
    server
        .state()
        .tree
        .get_data(path)
        .ok()
        .map(|(d, st)| (d, st.czxid))
}
