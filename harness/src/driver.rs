//! The interaction commands of the data-driven test files: build a scenario, run it, inject
//! actions as the scenario language writes them, and look at the ensemble.
//!
//! ```text
//! scenario                  the input is a scenario (header, and actions if any)
//! run [until=T] [for=D] [show=role,zab,fault,client,violation,send,recv,drop,timer]
//!                           simulate; prints the trace lines since the last command
//!                           (default categories: role, zab, fault, client, violation);
//!                           without until= or for=, to the scenario's `run` time
//! do ACTION                 a scenario action now (`do crash leader`, `do c1 create /a x`),
//!                           then everything that happens at this instant
//! status                    every server's role, epochs and zxids; every client's state
//! tree sK [path=/]          server K's znodes under the path
//! sessions sK               the sessions server K knows
//! watches sK                the watches server K holds
//! resource                  every act on the protected resource, with its verdict
//! notes [CLIENT]            what recipe programs noted
//! violations                every invariant broken so far
//! ```

use crate::datadriven::Case;
use engine::scenario::{self, Scenario};
use engine::{Category, ClientIds, Micros, ServerId, Simulation, Zxid};
use std::fmt::Write as _;

/// A simulation driven by data-driven commands.
#[derive(Default)]
pub struct Driver {
    state: Option<(Scenario, Simulation, ClientIds)>,
    /// Trace lines already shown.
    seen: usize,
}

const DEFAULT_SHOW: [Category; 5] = [
    Category::Role,
    Category::Protocol,
    Category::Fault,
    Category::Client,
    Category::Violation,
];

fn category(name: &str) -> Option<Category> {
    Some(match name {
        "send" => Category::Send,
        "recv" => Category::Deliver,
        "drop" => Category::Drop,
        "timer" => Category::Timer,
        "role" => Category::Role,
        "zab" => Category::Protocol,
        "fault" => Category::Fault,
        "client" => Category::Client,
        "violation" => Category::Violation,
        _ => return None,
    })
}

fn zxid(z: Zxid) -> String {
    format!("{}:{}", z.epoch(), z.counter())
}

impl Driver {
    /// A driver with no scenario yet.
    pub fn new() -> Self {
        Driver::default()
    }

    /// The simulation, once a `scenario` command built it.
    pub fn sim(&self) -> Option<&Simulation> {
        self.state.as_ref().map(|(_, sim, _)| sim)
    }

    /// Run one command and return what it prints.
    pub fn run(&mut self, case: &Case) -> String {
        if case.cmd == "scenario" {
            return self.scenario(&case.input);
        }
        let Some((scenario, sim, ids)) = self.state.as_mut() else {
            return "error: no scenario yet\n".into();
        };
        let mut out = String::new();
        match case.cmd.as_str() {
            "run" => {
                let at = |key: &str| case.arg(key).map(scenario::quantity::parse_duration);
                let until = match (at("until"), at("for")) {
                    (Some(Ok(t)), _) => t,
                    (None, Some(Ok(d))) => sim.now() + d,
                    (None, None) => scenario.run_until_us,
                    (Some(Err(e)), _) | (_, Some(Err(e))) => return format!("error: {e}\n"),
                };
                sim.run_until(until);
            }
            "do" => {
                let line = format!("at 0s {}", case.rest);
                let mut probe = scenario.clone();
                probe.actions.clear();
                let text = scenario::print(&probe) + &line + "\n";
                let action = match scenario::parse(&text) {
                    Ok(s) => s.actions.into_iter().next().map(|a| a.action),
                    Err(e) => return format!("error: {e}\n"),
                };
                let Some(action) = action else {
                    return "error: no action\n".into();
                };
                let now = sim.now();
                match engine::action_faults(now, &action, ids) {
                    Ok(faults) => faults.into_iter().for_each(|f| sim.schedule(now, f)),
                    Err(e) => return format!("error: {e}\n"),
                }
                sim.run_until(now);
            }
            "status" => out = status(sim),
            "tree" | "sessions" | "watches" => out = server_detail(sim, case),
            "resource" => {
                for l in sim.resource_log() {
                    let _ = writeln!(out, "at {}ms {} ({})", ms(l.time), l.act, l.verdict);
                }
            }
            "notes" => {
                let who = case.args.first();
                for n in sim.program_notes() {
                    let name = sim.client_name(n.client);
                    if who.is_none_or(|w| w == name) {
                        let _ = writeln!(out, "at {}ms {name} {}", ms(n.time), n.text);
                    }
                }
            }
            "violations" => {
                for v in sim.violations() {
                    let _ = writeln!(out, "{v}");
                }
                for v in sim.recipe_violations() {
                    let _ = writeln!(out, "{v}");
                }
                if out.is_empty() {
                    out = "none\n".into();
                }
            }
            other => return format!("error: unknown command {other}\n"),
        }
        if matches!(case.cmd.as_str(), "run" | "do") {
            let show: Vec<Category> = match case.arg("show") {
                Some(list) => list.split(',').filter_map(category).collect(),
                None => DEFAULT_SHOW.to_vec(),
            };
            for l in sim.trace().lines().skip(self.seen) {
                if show.contains(&l.category) {
                    let _ = writeln!(out, "{l}");
                }
            }
            self.seen = sim.trace().kept();
        }
        out
    }

    fn scenario(&mut self, text: &str) -> String {
        let built = scenario::parse(text)
            .map_err(|e| e.to_string())
            .and_then(|s| {
                let (sim, ids) = engine::build_with_ids(&s).map_err(|e| e.to_string())?;
                Ok((s, sim, ids))
            });
        match built {
            Ok(state) => {
                self.state = Some(state);
                self.seen = 0;
                "ok\n".into()
            }
            Err(e) => format!("error: {e}\n"),
        }
    }
}

fn ms(t: Micros) -> String {
    let (whole, frac) = (t / 1000, t % 1000);
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:03}")
            .trim_end_matches('0')
            .to_string()
    }
}

/// One line per server and per client.
fn status(sim: &Simulation) -> String {
    let view = sim.view();
    let mut out = String::new();
    for s in &view.servers {
        let d = sim.durable(s.id);
        let leader = if view.leader == Some(s.id) {
            " (leader)"
        } else {
            ""
        };
        let committed = sim
            .server(s.id)
            .map_or("-".to_string(), |x| zxid(x.committed()));
        let _ = writeln!(
            out,
            "{} {}{leader} epoch={} last={} committed={committed}",
            s.id,
            s.role.as_str(),
            d.current_epoch,
            zxid(d.last_zxid()),
        );
    }
    for c in &view.clients {
        let server = c.server.map_or("-".to_string(), |s| s.to_string());
        let _ = writeln!(out, "{} {} server={server}", c.name, c.state.as_str());
    }
    out
}

/// `tree sK [path=/]`, `sessions sK`, `watches sK`.
fn server_detail(sim: &Simulation, case: &Case) -> String {
    let id = case
        .args
        .first()
        .and_then(|a| a.strip_prefix('s'))
        .and_then(|n| n.parse::<u8>().ok())
        .map(ServerId);
    let Some(detail) = id.and_then(|id| sim.server_detail(id)) else {
        return format!("error: {}: no such server\n", case.rest);
    };
    let Some(live) = detail.live else {
        return format!("{} is down\n", detail.id);
    };
    let mut out = String::new();
    match case.cmd.as_str() {
        "tree" => {
            let under = case.arg("path").unwrap_or("/");
            for n in live
                .tree
                .iter()
                .filter(|n| engine::tree::path::is_ancestor_or_self(under, &n.path))
            {
                let owner = n
                    .owner
                    .as_deref()
                    .map(|o| format!(" owner={o}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{} {:?} version={}{owner}",
                    n.path, n.data, n.stat.version
                );
            }
        }
        "sessions" => {
            for s in &live.sessions {
                let owner = s.owner.as_deref().unwrap_or("?");
                let here = if s.connected_here {
                    " connected here"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "{owner} timeout={}ms ephemerals={}{here}",
                    s.timeout_ms, s.ephemerals
                );
            }
        }
        _ => {
            for w in &live.watches {
                let owner = w.owner.as_deref().unwrap_or("?");
                let table = match w.table {
                    engine::watches::WatchTable::Data => "data table",
                    engine::watches::WatchTable::Child => "child table",
                };
                let _ = writeln!(out, "{owner} {} {} ({table})", w.kind(), w.path);
            }
        }
    }
    if out.is_empty() {
        out = "none\n".into();
    }
    out
}
