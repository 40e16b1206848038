//! Building a simulation from a scenario: the ensemble, the network, the clients (each opens its
//! session at time 0) and every timed action, scheduled as faults.

use super::{Fault, SimConfig, Simulation, Target as SimTarget};
use crate::client::proto::ClientOp;
use crate::ids::{ClientId, ProcessId, ServerId};
use crate::recipes::Program;
use crate::rng::Rng;
use crate::scenario::quantity::parse_duration;
use crate::scenario::{Action, Member, Scenario, Subject, Target};
use crate::server::Config;
use crate::time::{ms, Micros};
use crate::zkcli::Command;
use std::collections::BTreeMap;
use thiserror::Error;

/// A scenario the simulator cannot run as written.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum BuildError {
    /// A client command is not valid zkCli syntax.
    #[error("at {time_ms}ms: {client} {text}: {message}")]
    BadCommand {
        /// When the command was to run.
        time_ms: u64,
        /// The client.
        client: String,
        /// The command text.
        text: String,
        /// What is wrong with it.
        message: String,
    },
    /// An action names a client the scenario does not declare.
    #[error("at {time_ms}ms: there is no client named {client}")]
    UnknownClient {
        /// When.
        time_ms: u64,
        /// The name.
        client: String,
    },
    /// A recipe program this engine does not have was asked for.
    #[error(
        "at {time_ms}ms: {client} runs {program}: no such recipe program (known: {})",
        Program::NAMES.join(", ")
    )]
    NoRecipes {
        /// When.
        time_ms: u64,
        /// The client.
        client: String,
        /// The program.
        program: String,
    },
    /// A recipe program's arguments are not valid.
    #[error("at {time_ms}ms: {client} runs {program}: {message}")]
    BadProgramArgs {
        /// When.
        time_ms: u64,
        /// The client.
        client: String,
        /// The program.
        program: String,
        /// What is wrong.
        message: String,
    },
}

/// Client names and their ids in a simulation built from a scenario.
pub type ClientIds = BTreeMap<String, ClientId>;

/// The simulation a scenario describes, with its faults scheduled, at time 0.
pub fn build(s: &Scenario) -> Result<Simulation, BuildError> {
    Ok(build_with_ids(s)?.0)
}

/// [`build`], also returning the clients' ids by name.
pub fn build_with_ids(s: &Scenario) -> Result<(Simulation, ClientIds), BuildError> {
    let mut ensemble = Config::new(s.ensemble.servers, s.ensemble.observers);
    ensemble.tick = ms(s.ensemble.tick_ms);
    ensemble.init_limit = s.ensemble.init_limit;
    ensemble.sync_limit = s.ensemble.sync_limit;
    let servers: Vec<ServerId> = ensemble.all().collect();
    let mut sim = Simulation::new(SimConfig {
        seed: s.seed,
        ensemble,
        latency_min: s.network.latency_min_us,
        latency_max: s.network.latency_max_us,
        loss_ppm: s.network.loss_ppm,
    });
    // The connect string lists every server, starting at `connect=sK` (or at one the seed picks).
    // As with ZooKeeper, a server that is not serving refuses and the client tries the next.
    let mut pick = Rng::new(s.seed ^ 0xc11e_0000);
    let mut ids: ClientIds = BTreeMap::new();
    for decl in &s.clients {
        let first = match decl.connect {
            Some(sid) => servers.iter().position(|x| *x == sid).unwrap_or(0),
            None => pick.range(0, servers.len() as u64 - 1) as usize,
        };
        let mut order = servers.clone();
        order.rotate_left(first);
        let id = sim.add_client(&decl.name, order, decl.timeout_ms);
        ids.insert(decl.name.clone(), id);
    }
    for ta in &s.actions {
        for f in action_faults(ta.time_us, &ta.action, &ids)? {
            sim.schedule(ta.time_us, f);
        }
    }
    Ok((sim, ids))
}

/// The faults that carry out one scenario action at time `t`.
pub fn action_faults(
    t: Micros,
    action: &Action,
    ids: &ClientIds,
) -> Result<Vec<Fault>, BuildError> {
    let cid = |name: &str| {
        ids.get(name)
            .copied()
            .ok_or_else(|| BuildError::UnknownClient {
                time_ms: t / 1000,
                client: name.to_string(),
            })
    };
    let member = |m: &Member| -> Result<ProcessId, BuildError> {
        Ok(match m {
            Member::Server(sid) => ProcessId::Server(*sid),
            Member::Client(name) => ProcessId::Client(cid(name)?),
        })
    };
    let target = |t: &Target| match t {
        Target::Server(sid) => SimTarget::Server(*sid),
        Target::Leader => SimTarget::Leader,
    };
    {
        let faults: Vec<Fault> = match action {
            Action::Crash(x) => vec![Fault::Crash(target(x))],
            Action::Restart(sid) => vec![Fault::Restart(*sid)],
            Action::Partition(sides) => vec![Fault::Partition(
                sides
                    .iter()
                    .map(|side| side.iter().map(member).collect::<Result<Vec<_>, _>>())
                    .collect::<Result<Vec<_>, _>>()?,
            )],
            Action::Cut {
                from,
                to,
                both_ways,
            } => {
                let (a, b) = (member(from)?, member(to)?);
                let mut v = vec![Fault::Cut(a, b)];
                if *both_ways {
                    v.push(Fault::Cut(b, a));
                }
                v
            }
            Action::Heal => vec![Fault::Heal],
            Action::Latency {
                from,
                to,
                extra_us,
                both_ways,
            } => {
                let (a, b) = (member(from)?, member(to)?);
                let mut v = vec![Fault::Latency(a, b, *extra_us)];
                if *both_ways {
                    v.push(Fault::Latency(b, a, *extra_us));
                }
                v
            }
            Action::Pause {
                target: Subject::Server(x),
                duration_us,
            } => vec![Fault::Pause(target(x), *duration_us)],
            Action::Pause {
                target: Subject::Client(name),
                duration_us,
            } => vec![Fault::ClientPause(cid(name)?, *duration_us)],
            Action::Drift {
                target: Subject::Server(x),
                drift_ppm,
            } => vec![Fault::Drift(target(x), *drift_ppm as i64)],
            Action::Drift {
                target: Subject::Client(name),
                drift_ppm,
            } => vec![Fault::ClientDrift(cid(name)?, *drift_ppm as i64)],
            Action::ClientCommand { client, text } => {
                let command = Command::parse_line(text).map_err(|e| BuildError::BadCommand {
                    time_ms: t / 1000,
                    client: client.clone(),
                    text: text.clone(),
                    message: e.to_string(),
                })?;
                let op = ClientOp::from(command.action());
                vec![Fault::ClientRequest(cid(client)?, command.name(), op)]
            }
            Action::ClientClose(name) => vec![Fault::ClientRequest(
                cid(name)?,
                "close",
                ClientOp::CloseSession,
            )],
            Action::ClientCrash(name) => vec![Fault::ClientCrash(cid(name)?)],
            Action::Run {
                client,
                program,
                args,
            } => vec![Fault::StartProgram(
                cid(client)?,
                program_of(t, client, program, args)?,
            )],
            Action::Loss { ppm } => vec![Fault::Loss(*ppm)],
            Action::DropMessage(id) => vec![Fault::DropMessage(*id)],
            Action::DelayMessage { id, by_us } => vec![Fault::DelayMessage(*id, *by_us)],
        };
        Ok(faults)
    }
}

/// The program `runs PROGRAM ARGS...` names: `election`; `lock` / `herd-lock` with optional
/// `hold=DURATION` (default 500ms) and `rest=DURATION` (default 0) between release and requeue,
/// and so do `read-lock` / `write-lock`;
/// `member` with optional `group=PATH` (default `/group`); `barrier-wait` with optional
/// `path=PATH` (default `/barrier`); `barrier-lift` with optional `path=PATH` and `after=DURATION`
/// (default 2s); `producer` with optional `count=N` (default 10) and `every=DURATION` (default
/// 100ms); `consumer`.
fn program_of(
    t: Micros,
    client: &str,
    program: &str,
    args: &[String],
) -> Result<Program, BuildError> {
    let bad = |message: String| BuildError::BadProgramArgs {
        time_ms: t / 1000,
        client: client.to_string(),
        program: program.to_string(),
        message,
    };
    if !Program::NAMES.contains(&program) {
        return Err(BuildError::NoRecipes {
            time_ms: t / 1000,
            client: client.to_string(),
            program: program.to_string(),
        });
    }
    let (mut hold, mut rest, mut after, mut every) = (ms(500), 0, ms(2000), ms(100));
    let mut count = 10;
    let mut path = match program {
        "member" => "/group".to_string(),
        _ => "/barrier".to_string(),
    };
    let locks = ["lock", "herd-lock", "read-lock", "write-lock"];
    for arg in args {
        let slot = match arg.split_once('=') {
            Some(("hold", v)) if locks.contains(&program) => (&mut hold, v),
            Some(("rest", v)) if locks.contains(&program) => (&mut rest, v),
            Some(("after", v)) if program == "barrier-lift" => (&mut after, v),
            Some(("every", v)) if program == "producer" => (&mut every, v),
            Some(("count", v)) if program == "producer" => {
                count = v
                    .parse()
                    .map_err(|_| bad(format!("{arg}: not a count such as 10")))?;
                continue;
            }
            Some(("group", v)) if program == "member" => {
                path = node_path(v).ok_or_else(|| bad(format!("{arg}: not a path")))?;
                continue;
            }
            Some(("path", v)) if program.starts_with("barrier-") => {
                path = node_path(v).ok_or_else(|| bad(format!("{arg}: not a path")))?;
                continue;
            }
            _ => return Err(bad(format!("unknown argument '{arg}'"))),
        };
        *slot.0 = parse_duration(slot.1)
            .map_err(|_| bad(format!("{arg}: not a duration such as 500ms")))?;
    }
    match program {
        "election" => Ok(Program::election(client)),
        "lock" => Ok(Program::lock(client, hold, rest)),
        "member" => Ok(Program::member(client, &path)),
        "barrier-wait" => Ok(Program::barrier_wait(client, &path)),
        "barrier-lift" => Ok(Program::barrier_lift(client, &path, after)),
        "producer" => Ok(Program::producer(client, count, every)),
        "consumer" => Ok(Program::consumer(client)),
        "read-lock" => Ok(Program::read_lock(client, hold, rest)),
        "write-lock" => Ok(Program::write_lock(client, hold, rest)),
        _ => Ok(Program::herd_lock(client, hold, rest)),
    }
}

/// A node path a program may use: absolute, not the root, no empty component, no trailing `/`.
fn node_path(v: &str) -> Option<String> {
    let ok = v.len() > 1 && v.starts_with('/') && v[1..].split('/').all(|c| !c.is_empty());
    ok.then(|| v.to_string())
}

/// How long the scenario runs.
pub fn run_length(s: &Scenario) -> Micros {
    s.run_until_us
}
