//! Goals: what a task asks the student to bring about, and how far a step runs. A goal is a
//! condition over the simulation's state and history since a starting instant; nothing here
//! looks at a page.
//!
//! ```text
//! leader                  some server leads with an established quorum
//! no-leader               none does
//! new-leader              a leader other than the one at the start (or of a later epoch)
//! crashed sK|leader|any   that server (leader: the one leading at the start) is down
//! paused NAME             server sK or client NAME is paused now
//! minority-leader         the server leading at the start can no longer reach a majority
//! violation NAME|any      a checker (mutual-exclusion, one-master, at-most-once, a Zab one)
//!                         broke since the start
//! expired CLIENT          the client's session expired since the start
//! holds CLIENT            the client holds the lock (or leads) now
//! znode PATH              the node exists (on the leader, else on any running server)
//! no-znode PATH           it does not
//! generals-fail           a Byzantine generals run since the start broke IC1 or IC2
//! generals-hold           one kept both
//! trace TEXT…             a trace line since the start contains TEXT
//! ```

use crate::ids::{ProcessId, ServerId};
use crate::observe::trace::Category;
use crate::sim::Simulation;
use crate::time::Micros;

/// A condition over a run since an instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goal {
    /// Some server leads.
    Leader,
    /// None does.
    NoLeader,
    /// A leader other than the start's (or the same in a later epoch).
    NewLeader,
    /// This server is down (`None`: the one leading at the start; `Some(None)`… see [`Who`]).
    Crashed(Who),
    /// This process is paused now.
    Paused(String),
    /// The start's leader can no longer reach a majority of the voters.
    MinorityLeader,
    /// A checker broke since the start (`None`: any).
    Violation(Option<String>),
    /// The client's session expired since the start.
    Expired(String),
    /// The client holds the resource now.
    Holds(String),
    /// The node exists.
    Znode(String),
    /// The node does not exist.
    NoZnode(String),
    /// A Byzantine generals run since the start broke IC1 or IC2.
    GeneralsFail,
    /// A Byzantine generals run since the start kept IC1 and IC2.
    GeneralsHold,
    /// A trace line since the start contains this text.
    Trace(String),
}

/// Which server a `crashed` goal means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// This one.
    Server(ServerId),
    /// The one leading when the goal started.
    Leader,
    /// Any.
    Any,
}

/// What a goal remembers of its starting instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Start {
    /// When.
    pub time: Micros,
    /// Who led then, and in which epoch.
    pub leader: Option<(ServerId, u32)>,
}

impl Start {
    /// The start of a goal now.
    pub fn now(sim: &Simulation) -> Start {
        Start {
            time: sim.now(),
            leader: sim.leader().map(|l| (l, sim.durable(l).current_epoch)),
        }
    }
}

impl Goal {
    /// Read a goal (the words after `goal` or `until`).
    pub fn parse(text: &str) -> Result<Goal, String> {
        let (word, rest) = text.split_once(' ').unwrap_or((text, ""));
        let rest = rest.trim();
        let need = |what: &str| {
            if rest.is_empty() {
                Err(format!("`{word}` needs {what}"))
            } else {
                Ok(rest.to_string())
            }
        };
        let none = |g: Goal| {
            if rest.is_empty() {
                Ok(g)
            } else {
                Err(format!("`{word}` takes nothing after it"))
            }
        };
        match word {
            "leader" => none(Goal::Leader),
            "no-leader" => none(Goal::NoLeader),
            "new-leader" => none(Goal::NewLeader),
            "minority-leader" => none(Goal::MinorityLeader),
            "generals-fail" => none(Goal::GeneralsFail),
            "generals-hold" => none(Goal::GeneralsHold),
            "crashed" => Ok(Goal::Crashed(match need("sK, leader or any")?.as_str() {
                "leader" => Who::Leader,
                "any" => Who::Any,
                s => Who::Server(server(s)?),
            })),
            "paused" => need("a server or a client").map(Goal::Paused),
            "violation" => Ok(Goal::Violation(
                match need("a checker's name or any")?.as_str() {
                    "any" => None,
                    name => Some(name.to_string()),
                },
            )),
            "expired" => need("a client").map(Goal::Expired),
            "holds" => need("a client").map(Goal::Holds),
            "znode" => need("a path").map(Goal::Znode),
            "no-znode" => need("a path").map(Goal::NoZnode),
            "trace" => need("the text to look for").map(Goal::Trace),
            "" => Err("a goal is missing".into()),
            other => Err(format!(
                "unknown goal `{other}` (known: leader, no-leader, new-leader, crashed, paused, \
                 minority-leader, violation, expired, holds, znode, no-znode, generals-fail, \
                 generals-hold, trace)"
            )),
        }
    }

    /// True if the goal holds in `sim`, counted from `start`.
    pub fn met(&self, sim: &Simulation, start: &Start) -> bool {
        let since = |l_time: Micros| l_time >= start.time;
        match self {
            Goal::Leader => sim.leader().is_some(),
            Goal::NoLeader => sim.leader().is_none(),
            Goal::NewLeader => match (sim.leader(), start.leader) {
                (Some(l), Some((old, epoch))) => l != old || sim.durable(l).current_epoch > epoch,
                (Some(_), None) => true,
                (None, _) => false,
            },
            Goal::Crashed(who) => match who {
                Who::Server(s) => sim.server(*s).is_none() && sim.config().all().any(|x| x == *s),
                Who::Leader => start.leader.is_some_and(|(l, _)| sim.server(l).is_none()),
                Who::Any => sim.config().all().any(|s| sim.server(s).is_none()),
            },
            Goal::Paused(name) => process(sim, name).is_some_and(|p| sim.is_paused_now(p)),
            Goal::MinorityLeader => start.leader.is_some_and(|(l, _)| {
                let net = sim.network();
                let me = ProcessId::Server(l);
                let voters: Vec<ServerId> = sim
                    .config()
                    .all()
                    .filter(|s| sim.config().is_voter(*s))
                    .collect();
                let reach = voters
                    .iter()
                    .filter(|s| {
                        let p = ProcessId::Server(**s);
                        p == me || (!net.is_cut(me, p) && !net.is_cut(p, me))
                    })
                    .count();
                reach * 2 <= voters.len()
            }),
            Goal::Violation(name) => {
                let zab = sim.violations().iter().any(|v| {
                    since(v.time) && name.as_deref().is_none_or(|n| v.invariant.name() == n)
                });
                let recipe = sim
                    .recipe_violations()
                    .iter()
                    .any(|v| since(v.time) && name.as_deref().is_none_or(|n| v.invariant == n));
                zab || recipe
            }
            Goal::Expired(client) => recent(sim, start, Category::Client)
                .any(|t| t.starts_with(&format!("{client} hears Expired"))),
            Goal::Holds(client) => sim
                .view()
                .clients
                .iter()
                .any(|c| &c.name == client && c.holding),
            Goal::Znode(path) => node_exists(sim, path),
            Goal::NoZnode(path) => !node_exists(sim, path),
            Goal::GeneralsFail | Goal::GeneralsHold => {
                let want_fail = *self == Goal::GeneralsFail;
                sim.client_ids().any(|c| {
                    sim.program(c)
                        .and_then(|p| p.generals_hold())
                        .is_some_and(|(ic1, ic2)| (ic1 && ic2) != want_fail)
                        && started_since(sim, c, start.time)
                })
            }
            Goal::Trace(text) => sim
                .trace()
                .lines()
                .rev()
                .take_while(|l| l.time >= start.time)
                .any(|l| l.text.contains(text.as_str())),
        }
    }
}

fn server(s: &str) -> Result<ServerId, String> {
    s.strip_prefix('s')
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| *n >= 1)
        .map(ServerId)
        .ok_or_else(|| format!("`{s}` is not a server (s1, s2, …)"))
}

/// Server `sK` or the client named `name`.
fn process(sim: &Simulation, name: &str) -> Option<ProcessId> {
    match server(name) {
        Ok(s) if sim.config().all().any(|x| x == s) => Some(ProcessId::Server(s)),
        _ => sim
            .client_ids()
            .find(|c| sim.client_name(*c) == name)
            .map(ProcessId::Client),
    }
}

/// The texts of the trace lines of `category` since the start, newest first.
fn recent<'a>(
    sim: &'a Simulation,
    start: &'a Start,
    category: Category,
) -> impl Iterator<Item = &'a str> + 'a {
    sim.trace()
        .lines()
        .rev()
        .take_while(|l| l.time >= start.time)
        .filter(move |l| l.category == category)
        .map(|l| l.text.as_str())
}

/// True if client `c` started its program at `since` or later.
fn started_since(sim: &Simulation, c: crate::ids::ClientId, since: Micros) -> bool {
    let name = sim.client_name(c);
    sim.trace()
        .lines()
        .rev()
        .take_while(|l| l.time >= since)
        .any(|l| l.category == Category::Client && l.text == format!("{name} starts a program"))
}

fn node_exists(sim: &Simulation, path: &str) -> bool {
    let server = sim
        .leader()
        .and_then(|l| sim.server(l))
        .or_else(|| sim.servers().next());
    server.is_some_and(|s| s.state().tree.node(path).is_some())
}
