//! What `zooscope run` prints: one JSON line per answer and watch event a client gets, in
//! simulated-time order, then (with `--summary`) one JSON object describing the end state.

use crate::client::{ClientEvent, SessionEvent};
use crate::lang::zkcli::{answer_json, event_json};
use crate::proto::Outcome;
use crate::sim::Simulation;
use serde_json::{json, Value};

/// Add `"time_ms":N` to a JSON object line.
fn with_time(line: &str, time_ms: u64) -> String {
    let mut v: Value = serde_json::from_str(line).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("time_ms".into(), json!(time_ms));
    }
    v.to_string()
}

/// The client lines of the run so far, in the conformance format with `time_ms` added. A
/// client's session opening is answered as `open`; session events (W9: type None) are lines
/// `{"client":…,"event":"None","state":"Disconnected"|"SyncConnected"|"Expired"|"Closed"}`.
pub fn client_lines(sim: &Simulation) -> Vec<String> {
    let owner = |s: u64| sim.session_owner(s);
    let mut opened = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for l in sim.client_lines() {
        let name = sim.client_name(l.client);
        let t = l.time / 1000;
        let line = match &l.event {
            ClientEvent::Answer { outcome, .. } => {
                answer_json(name, l.cmd.unwrap_or("?"), outcome, owner)
            }
            ClientEvent::Watch(ev) => event_json(name, ev),
            ClientEvent::Session(SessionEvent::SyncConnected) if opened.insert(l.client) => {
                answer_json(name, "open", &Outcome::Opened, owner)
            }
            ClientEvent::Session(ev) => {
                json!({"client": name, "event": "None", "state": ev.name()}).to_string()
            }
        };
        out.push(with_time(&line, t));
    }
    out
}

/// The `--summary` object of the scenario-language contract.
pub fn summary(sim: &Simulation) -> String {
    let view = sim.view();
    let leader = sim.leader();
    let epoch = match leader.and_then(|l| sim.server(l)) {
        Some(s) => s.durable().current_epoch,
        None => view.servers.iter().map(|s| s.epoch).max().unwrap_or(0),
    };
    let servers: Vec<Value> = view
        .servers
        .iter()
        .map(|s| {
            json!({"id": s.id.to_string(), "state": s.role.as_str(), "epoch": s.epoch,
                   "last_zxid": s.last_zxid, "committed_zxid": s.committed_zxid})
        })
        .collect();
    let clients: Vec<Value> = sim
        .client_ids()
        .map(|c| {
            let (state, server) = match sim.client(c) {
                Some(x) => (x.state().as_str(), x.server().map(|s| s.to_string())),
                None => ("CLOSED", None),
            };
            json!({"id": sim.client_name(c), "state": state, "server": server})
        })
        .collect();
    // Every invariant the run broke: the protocol's checkers, then the recipes' (§6).
    let violations: Vec<String> = sim
        .violations()
        .iter()
        .map(|v| v.to_string())
        .chain(sim.recipe_violations().iter().map(|v| v.to_string()))
        .collect();
    json!({
        "time_ms": sim.now() / 1000,
        "seed": sim.seed(),
        "leader": leader.map(|l| l.to_string()),
        "epoch": epoch,
        "servers": servers,
        "clients": clients,
        "violations": violations,
        "trace_hash": sim.trace().hash_hex(),
    })
    .to_string()
}
