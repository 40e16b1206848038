//! Building a simulation from a scenario: the ensemble, the network, the clients (each opens its
//! session at time 0) and every timed action, scheduled as faults.

use crate::byzantine::Order;
use crate::ids::{ClientId, ProcessId, ServerId};
use crate::lang::scenario::quantity::parse_duration;
use crate::lang::scenario::{Action, Member, Scenario, Subject, Target};
use crate::lang::zkcli::Command;
use crate::proto::ClientOp;
use crate::recipes::Program;
use crate::rng::Rng;
use crate::server::Config;
use crate::sim::{Fault, SimConfig, Simulation, Target as SimTarget};
use crate::time::{ms, Micros};
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
                let op = command.action();
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
            } => {
                let text = std::iter::once(program.as_str())
                    .chain(args.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" ");
                let built = program_of(t, client, program, args)?;
                vec![Fault::StartProgram(cid(client)?, Box::new(built), text)]
            }
            Action::Loss { ppm } => vec![Fault::Loss(*ppm)],
            Action::DropMessage(id) => vec![Fault::DropMessage(*id)],
            Action::DelayMessage { id, by_us } => vec![Fault::DelayMessage(*id, *by_us)],
        };
        Ok(faults)
    }
}

/// The arguments each program takes (every one optional, written `KEY=VALUE`).
fn allowed_args(program: &str) -> &'static [&'static str] {
    match program {
        "election" => &["fenced"],
        "lock" | "herd-lock" => &["hold", "rest", "work", "fenced"],
        "read-lock" | "write-lock" => &["hold", "rest"],
        "member" => &["group"],
        "barrier-wait" => &["path"],
        "barrier-lift" => &["path", "after"],
        "producer" | "submitter" => &["count", "every"],
        "double-barrier" => &["path", "size", "work"],
        "config-watch" => &["path"],
        "config-set" => &["path", "count", "every"],
        "master" => &["fenced"],
        "worker" => &["work", "fenced"],
        "heartbeat-master" => &["every", "timeout"],
        "byzantine" => &["generals", "traitors", "strategy", "order"],
        _ => &[],
    }
}

/// The program `runs PROGRAM ARGS...` names, with its arguments (docs/scenarios.md lists
/// every form and default): `election` [fenced=]; `lock` / `herd-lock` [hold= rest= work= fenced=];
/// `read-lock` / `write-lock` [hold= rest=]; `member` [group=]; `barrier-wait` [path=];
/// `barrier-lift` [path= after=]; `producer` [count= every=]; `consumer`; `double-barrier`
/// [path= size= work=]; `config-watch` [path=]; `config-set` [path= count= every=]; `master`
/// [fenced=]; `worker` [work= fenced=]; `submitter` [count= every=]; `heartbeat-master`
/// [every= timeout=]; `byzantine` [generals= traitors= strategy= order=].
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
    let mut given: BTreeMap<&str, &str> = BTreeMap::new();
    for arg in args {
        match arg.split_once('=') {
            Some((k, v)) if allowed_args(program).contains(&k) => {
                given.insert(k, v);
            }
            _ => return Err(bad(format!("unknown argument '{arg}'"))),
        }
    }
    let duration = |key: &str, default: Micros| match given.get(key) {
        None => Ok(default),
        Some(v) => {
            parse_duration(v).map_err(|_| bad(format!("{key}={v}: not a duration such as 500ms")))
        }
    };
    let count = |key: &str, default: u64| match given.get(key) {
        None => Ok(default),
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| bad(format!("{key}={v}: not a count such as 10"))),
    };
    let path = |key: &str, default: &str| match given.get(key) {
        None => Ok(default.to_string()),
        Some(v) => node_path(v).ok_or_else(|| bad(format!("{key}={v}: not a path"))),
    };
    let fenced = match given.get("fenced").copied() {
        None | Some("no") => false,
        Some("yes") => true,
        Some(v) => return Err(bad(format!("fenced={v}: write fenced=yes or fenced=no"))),
    };
    let (hold, rest) = (duration("hold", ms(500))?, duration("rest", 0)?);
    Ok(match program {
        "election" if fenced => Program::election_fenced(client),
        "election" => Program::election(client),
        "lock" | "herd-lock" => Program::lock_with(
            client,
            program == "herd-lock",
            hold,
            rest,
            duration("work", 0)?,
            fenced,
        ),
        "member" => Program::member(client, &path("group", "/group")?),
        "barrier-wait" => Program::barrier_wait(client, &path("path", "/barrier")?),
        "barrier-lift" => Program::barrier_lift(
            client,
            &path("path", "/barrier")?,
            duration("after", ms(2000))?,
        ),
        "producer" => Program::producer(client, count("count", 10)?, duration("every", ms(100))?),
        "consumer" => Program::consumer(client),
        "read-lock" => Program::read_lock(client, hold, rest),
        "write-lock" => Program::write_lock(client, hold, rest),
        "double-barrier" => {
            let size = count("size", 3)?.max(1) as usize;
            let p = path("path", "/dbarrier")?;
            Program::double_barrier(client, &p, size, duration("work", ms(1000))?)
        }
        "config-watch" => Program::config_watch(client, &path("path", "/config")?),
        "config-set" => Program::config_set(
            client,
            &path("path", "/config")?,
            count("count", 5)?,
            duration("every", ms(500))?,
        ),
        "master" => Program::master(client, fenced),
        "worker" => Program::worker(client, duration("work", ms(200))?, fenced),
        "submitter" => Program::submitter(client, count("count", 10)?, duration("every", ms(100))?),
        "heartbeat-master" => Program::heartbeat_master(
            client,
            duration("every", ms(200))?,
            duration("timeout", ms(1000))?,
        ),
        _ => {
            let n = count("generals", 4)? as usize;
            let traitors = match given.get("traitors") {
                None => vec![1],
                Some(&"none") => Vec::new(),
                Some(v) => v
                    .split(',')
                    .map(|x| x.trim_start_matches('g').parse::<usize>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|_| {
                        bad(format!(
                            "traitors={v}: write general numbers, e.g. 1,2 (or none)"
                        ))
                    })?,
            };
            let order = match given.get("order").copied() {
                None | Some("attack") => Order::Attack,
                Some("retreat") => Order::Retreat,
                Some(v) => return Err(bad(format!("order={v}: write attack or retreat"))),
            };
            let strategy = given.get("strategy").copied().unwrap_or("invert");
            Program::byzantine(client, n, &traitors, strategy, order).map_err(bad)?
        }
    })
}

/// A node path a program may use: absolute, not the root, no empty component, no trailing `/`.
fn node_path(v: &str) -> Option<String> {
    let ok = v.len() > 1 && v.starts_with('/') && v[1..].split('/').all(|c| !c.is_empty());
    ok.then(|| v.to_string())
}
