//! Running a conformance script (conformance/FORMAT.md) on a simulated ensemble, with every
//! client connected to one chosen server, through the whole pipeline: client library, the
//! server's FIFO queue, forwarding to the leader, Zab, apply, watches.

use crate::client::{ClientEvent, ClientState};
use crate::ids::{ClientId, ServerId};
use crate::lang::zkcli::{answer_json, event_json, Script, ScriptError, Statement};
use crate::proto::ClientOp;
use crate::proto::Outcome;
use crate::sim::{SimConfig, Simulation};
use crate::time::{ms, secs, Micros};
use std::collections::BTreeMap;
use thiserror::Error;

/// Which server the script's clients talk to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The leader.
    Leader,
    /// A follower (the lowest-numbered one).
    Follower,
}

/// How to run a script.
#[derive(Clone, Copy, Debug)]
pub struct ScriptOptions {
    /// Ensemble size (1, 3, 5 …).
    pub servers: u8,
    /// Where the clients connect.
    pub placement: Placement,
    /// The PRNG seed.
    pub seed: u64,
}

/// Why a script could not be run.
#[derive(Debug, Error)]
pub enum ScriptRunError {
    /// The script text is malformed.
    #[error(transparent)]
    Parse(#[from] ScriptError),
    /// The ensemble never elected a leader.
    #[error("the ensemble elected no leader within 60 s of simulated time")]
    NoLeader,
    /// A follower was asked for on a one-server ensemble.
    #[error("a one-server ensemble has no follower")]
    NoFollower,
    /// A statement names a client that is not open.
    #[error("line {line}: client {client} is not open")]
    NotOpen {
        /// Script line.
        line: usize,
        /// Client name.
        client: String,
    },
    /// A statement got no answer.
    #[error("line {line}: no answer within 60 s of simulated time")]
    NoAnswer {
        /// Script line.
        line: usize,
    },
}

/// How long to wait for anything before giving up.
const PATIENCE: Micros = secs(60);

/// Run `text` and return its answer lines.
pub fn run_script(text: &str, opts: ScriptOptions) -> Result<Vec<String>, ScriptRunError> {
    let script = Script::parse(text)?;
    let mut sim = Simulation::new(SimConfig::new(opts.servers, opts.seed));
    let leader = settle(&mut sim).ok_or(ScriptRunError::NoLeader)?;
    let target = match opts.placement {
        Placement::Leader => leader,
        Placement::Follower => sim
            .servers()
            .map(|s| s.id())
            .find(|s| *s != leader)
            .ok_or(ScriptRunError::NoFollower)?,
    };
    let mut runner = Runner {
        sim,
        target,
        clients: BTreeMap::new(),
        seen: 0,
    };
    let mut lines = Vec::new();
    for (line, stmt) in &script.statements {
        lines.extend(runner.statement(*line, stmt)?);
    }
    Ok(lines)
}

/// Run until one leader is established and every server serves.
fn settle(sim: &mut Simulation) -> Option<ServerId> {
    while sim.now() < PATIENCE {
        let t = sim.now() + ms(10);
        sim.run_until(t);
        if let Some(l) = sim.leader() {
            if sim
                .servers()
                .all(|s| s.leader() == Some(l) && s.is_serving())
            {
                return Some(l);
            }
        }
    }
    None
}

struct Runner {
    sim: Simulation,
    target: ServerId,
    clients: BTreeMap<String, ClientId>,
    /// Client lines already reported.
    seen: usize,
}

impl Runner {
    fn statement(&mut self, line: usize, stmt: &Statement) -> Result<Vec<String>, ScriptRunError> {
        let name = stmt.client().to_string();
        let outcome = match stmt {
            Statement::Open { timeout_ms, .. } => {
                let c = self
                    .sim
                    .add_client(&name, vec![self.target], *timeout_ms as u64);
                self.clients.insert(name.clone(), c);
                self.wait(line, |sim| {
                    sim.client(c)
                        .is_some_and(|x| x.state() == ClientState::Connected)
                })?;
                Outcome::Opened
            }
            Statement::Close { .. } => self.ask(line, &name, "close", ClientOp::CloseSession)?,
            Statement::Command { command, .. } => {
                let op = command.action();
                self.ask(line, &name, command.name(), op)?
            }
        };
        // Let the system settle: nothing between clients and servers still in flight.
        let deadline = self.sim.now() + PATIENCE;
        while self.sim.client_traffic_in_flight() && self.sim.now() < deadline {
            self.sim.step();
        }
        let sim = &self.sim;
        let owner = |session: u64| sim.session_owner(session);
        let mut out = vec![answer_json(&name, stmt.cmd_name(), &outcome, owner)];
        let mut events: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for l in sim.client_lines().since(self.seen) {
            if let ClientEvent::Watch(ev) = &l.event {
                let who = sim.client_name(l.client).to_string();
                events
                    .entry(who.clone())
                    .or_default()
                    .push(event_json(&who, ev));
            }
        }
        self.seen = sim.client_lines().end();
        out.extend(events.into_values().flatten());
        Ok(out)
    }

    /// Submit `op` for client `name` and run until its answer arrives.
    fn ask(
        &mut self,
        line: usize,
        name: &str,
        cmd: &'static str,
        op: ClientOp,
    ) -> Result<Outcome, ScriptRunError> {
        let c = *self
            .clients
            .get(name)
            .ok_or_else(|| ScriptRunError::NotOpen {
                line,
                client: name.to_string(),
            })?;
        let tag = self.sim.client_submit(c, cmd, op);
        let deadline = self.sim.now() + PATIENCE;
        loop {
            let answer = self
                .sim
                .client_lines()
                .iter()
                .rev()
                .find_map(|l| match &l.event {
                    ClientEvent::Answer { tag: t, outcome } if *t == tag => Some(outcome.clone()),
                    _ => None,
                });
            if let Some(outcome) = answer {
                return Ok(outcome);
            }
            if self.sim.now() >= deadline || !self.sim.step() {
                return Err(ScriptRunError::NoAnswer { line });
            }
        }
    }

    fn wait(
        &mut self,
        line: usize,
        done: impl Fn(&Simulation) -> bool,
    ) -> Result<(), ScriptRunError> {
        let deadline = self.sim.now() + PATIENCE;
        while !done(&self.sim) {
            if self.sim.now() >= deadline || !self.sim.step() {
                return Err(ScriptRunError::NoAnswer { line });
            }
        }
        Ok(())
    }
}
