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
//! expired CLIENT          the client's session is over: the ensemble expired (or closed) it,
//!                         or the client heard Expired, since the start
//! holds CLIENT            the client holds the lock (or leads) now
//! znode PATH              the node exists (on the leader, else on any running server)
//! no-znode PATH           it does not
//! generals-fail           a Byzantine generals run since the start broke IC1 or IC2, once
//!                         its rounds have played (GENERALS_ROUND each)
//! generals-hold           one kept both
//! data PATH VALUE         the node holds VALUE (on the leader, else any running server)
//! trace TEXT…             a trace line since the start contains TEXT, from a word's start
//! not GOAL                the goal does not hold
//! GOAL and GOAL           both hold (`and` may repeat)
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
    /// The node holds this data.
    Data(String, String),
    /// A trace line since the start contains this text, starting at a word (so `m1 acts`
    /// is not found in `hm1 acts`).
    Trace(String),
    /// The goal does not hold.
    Not(Box<Goal>),
    /// Every goal holds.
    All(Vec<Goal>),
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
        let text = text.trim();
        if text.contains(" and ") && !text.starts_with("trace ") {
            let parts: Result<Vec<Goal>, String> = text.split(" and ").map(Goal::parse).collect();
            return parts.map(Goal::All);
        }
        if let Some(rest) = text.strip_prefix("not ") {
            return Goal::parse(rest).map(|g| Goal::Not(Box::new(g)));
        }
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
            "data" => {
                let (path, value) = need("a path and its data")?
                    .split_once(' ')
                    .map(|(p, v)| (p.to_string(), v.trim().to_string()))
                    .ok_or_else(|| "`data` needs a path and its data".to_string())?;
                Ok(Goal::Data(path, value))
            }
            "" => Err("a goal is missing".into()),
            other => Err(format!(
                "unknown goal `{other}` (known: leader, no-leader, new-leader, crashed, paused, \
                 minority-leader, violation, expired, holds, znode, no-znode, data, generals-fail, \
                 generals-hold, trace, not, and)"
            )),
        }
    }

    /// True if the goal holds in `sim`, counted from `start`.
    pub fn met(&self, sim: &Simulation, start: &Start) -> bool {
        self.met_at(sim, start).is_some()
    }

    /// When the goal came true, if it holds: the instant of the event that made it true
    /// (a trace line, a violation), or now for a state. A step that runs `until` a goal ends
    /// there, so the next step's goals count from the very event, not from a later frame.
    pub fn met_at(&self, sim: &Simulation, start: &Start) -> Option<Micros> {
        let now = sim.now();
        let at_now = |b: bool| b.then_some(now);
        let since = |l_time: Micros| l_time >= start.time;
        match self {
            Goal::Trace(text) => sim
                .trace()
                .lines()
                .rev()
                .take_while(|l| l.time >= start.time)
                .filter(|l| contains_word(l.text(), text))
                .map(|l| l.time)
                .last(),
            Goal::Violation(name) => {
                let zab = sim
                    .violations()
                    .iter()
                    .filter(|v| {
                        since(v.time) && name.as_deref().is_none_or(|n| v.invariant.name() == n)
                    })
                    .map(|v| v.time);
                let recipe = sim
                    .recipe_violations()
                    .iter()
                    .filter(|v| since(v.time) && name.as_deref().is_none_or(|n| v.invariant == n))
                    .map(|v| v.time);
                zab.chain(recipe).min()
            }
            Goal::Not(g) => at_now(g.met_at(sim, start).is_none()),
            Goal::All(goals) => goals
                .iter()
                .map(|g| g.met_at(sim, start))
                .collect::<Option<Vec<Micros>>>()
                .and_then(|times| times.into_iter().max()),
            other => at_now(other.holds(sim, start)),
        }
    }

    /// A goal about the state now (or about the trace, without its instant).
    fn holds(&self, sim: &Simulation, start: &Start) -> bool {
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
            Goal::Expired(client) => {
                let heard = recent(sim, start, Category::Client)
                    .any(|t| t.starts_with(&format!("{client} hears Expired")));
                heard || session_over(sim, client)
            }
            Goal::Holds(client) => sim
                .view()
                .clients
                .iter()
                .any(|c| &c.name == client && c.holding),
            Goal::Znode(path) => node_exists(sim, path),
            Goal::Data(path, value) => tree_of(sim).is_some_and(|t| {
                t.get_data(path)
                    .is_ok_and(|(data, _)| data == value.as_bytes())
            }),
            Goal::NoZnode(path) => !node_exists(sim, path),
            Goal::GeneralsFail | Goal::GeneralsHold => {
                let want_fail = *self == Goal::GeneralsFail;
                sim.client_ids().any(|c| {
                    sim.program(c)
                        .and_then(|p| p.generals_hold())
                        .is_some_and(|(ic1, ic2)| (ic1 && ic2) != want_fail)
                        && started_since(sim, c, start.time)
                        && decided(sim, c)
                })
            }
            Goal::Trace(_) | Goal::Violation(_) | Goal::Not(_) | Goal::All(_) => {
                self.met_at(sim, start).is_some()
            }
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
        .map(|l| l.text())
}

/// True once client `c`'s generals run has played every round (the decisions stand).
fn decided(sim: &Simulation, c: crate::ids::ClientId) -> bool {
    let rounds = sim
        .program(c)
        .and_then(|p| p.generals())
        .map_or(0, |o| o.m as u64 + 1);
    sim.now() >= sim.program_since(c) + rounds * crate::byzantine::GENERALS_ROUND
}

/// True if `text` occurs in `line` at the start of a word (at the line's start, or after a
/// character that is neither a letter nor a digit).
fn contains_word(line: &str, text: &str) -> bool {
    line.match_indices(text).any(|(i, _)| {
        line[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// True if client `c` started its program at `since` or later.
fn started_since(sim: &Simulation, c: crate::ids::ClientId, since: Micros) -> bool {
    let name = sim.client_name(c);
    sim.trace()
        .lines()
        .rev()
        .take_while(|l| l.time >= since)
        .any(|l| l.category == Category::Client && l.text() == format!("{name} starts a program"))
}

/// The tree a goal reads: the leader's, else any running server's.
fn tree_of(sim: &Simulation) -> Option<&crate::tree::DataTree> {
    let server = sim
        .leader()
        .and_then(|l| sim.server(l))
        .or_else(|| sim.servers().next());
    server.map(|s| &s.state().tree)
}

fn node_exists(sim: &Simulation, path: &str) -> bool {
    tree_of(sim).is_some_and(|t| t.node(path).is_some())
}

/// True once the client had a session and the ensemble no longer has it (expired or closed).
fn session_over(sim: &Simulation, client: &str) -> bool {
    let Some(c) = sim.client_ids().find(|c| sim.client_name(*c) == client) else {
        return false;
    };
    let session = sim.client_session(c);
    session != 0 && tree_of(sim).is_some_and(|t| !t.sessions().any(|(s, _)| s == session))
}

impl std::fmt::Display for Goal {
    /// The goal as a lesson writes it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Goal::Leader => f.write_str("leader"),
            Goal::NoLeader => f.write_str("no-leader"),
            Goal::NewLeader => f.write_str("new-leader"),
            Goal::Crashed(Who::Server(s)) => write!(f, "crashed {s}"),
            Goal::Crashed(Who::Leader) => f.write_str("crashed leader"),
            Goal::Crashed(Who::Any) => f.write_str("crashed any"),
            Goal::Paused(p) => write!(f, "paused {p}"),
            Goal::MinorityLeader => f.write_str("minority-leader"),
            Goal::Violation(None) => f.write_str("violation any"),
            Goal::Violation(Some(n)) => write!(f, "violation {n}"),
            Goal::Expired(c) => write!(f, "expired {c}"),
            Goal::Holds(c) => write!(f, "holds {c}"),
            Goal::Znode(p) => write!(f, "znode {p}"),
            Goal::NoZnode(p) => write!(f, "no-znode {p}"),
            Goal::Data(p, v) => write!(f, "data {p} {v}"),
            Goal::GeneralsFail => f.write_str("generals-fail"),
            Goal::GeneralsHold => f.write_str("generals-hold"),
            Goal::Trace(t) => write!(f, "trace {t}"),
            Goal::Not(g) => write!(f, "not {g}"),
            Goal::All(gs) => {
                let parts: Vec<String> = gs.iter().map(|g| g.to_string()).collect();
                f.write_str(&parts.join(" and "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_text_is_found_from_a_word_start() {
        assert!(contains_word(
            "m1 acts as master (epoch 1:3)",
            "m1 acts as master"
        ));
        assert!(contains_word(
            "at 2s: m1 acts as master",
            "m1 acts as master"
        ));
        assert!(!contains_word(
            "hm1 acts as master (term 1)",
            "m1 acts as master"
        ));
        assert!(contains_word(
            "hm1 acts; m1 acts as master",
            "m1 acts as master"
        ));
    }

    #[test]
    fn goals_read_and_print_back() {
        for text in [
            "leader",
            "new-leader",
            "crashed s2",
            "crashed leader",
            "violation mutual-exclusion",
            "expired alice",
            "data /config v9",
            "trace m2 acts as master",
            "not violation any",
            "expired w3 and not violation any",
            "crashed s2 and znode /again",
        ] {
            let g = Goal::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(g.to_string(), text);
        }
        assert!(Goal::parse("fly").is_err());
        assert!(Goal::parse("data /x").is_err());
        // `and` inside a trace's text is text.
        assert_eq!(
            Goal::parse("trace alice and bob").unwrap(),
            Goal::Trace("alice and bob".into())
        );
    }
}
