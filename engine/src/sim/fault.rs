//! Faults and other actions a scenario (or a user clicking in the UI) injects into a run.

use super::process::ServerNode;
use super::Simulation;
use crate::ids::{ClientId, ProcessId, ServerId};
use crate::observe::history::MarkerKind;
use crate::observe::trace::Category;
use crate::proto::ClientOp;
use crate::recipes::Program;
use crate::server::state::Payload;
use crate::server::Input;
use crate::time::{format_duration, format_percent, format_signed_percent, Micros};

/// Whom a fault hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// One server.
    Server(ServerId),
    /// The server leading at the instant the fault happens (nothing, if none leads).
    Leader,
}

/// An action on the simulated world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The process dies: volatile state gone, messages to it dropped.
    Crash(Target),
    /// A crashed server starts again from its durable state.
    Restart(ServerId),
    /// Links across sides are cut both ways.
    Partition(Vec<Vec<ProcessId>>),
    /// One direction of one link is cut.
    Cut(ProcessId, ProcessId),
    /// Every cut and partition is removed.
    Heal,
    /// A fixed extra delay on one directed link.
    Latency(ProcessId, ProcessId, Micros),
    /// The process stops for a while (a GC pause): its timers and messages wait.
    Pause(Target, Micros),
    /// The process's clock runs fast (positive) or slow (negative), in parts per million.
    Drift(Target, i64),
    /// Every link loses this many messages per million from now on.
    Loss(u32),
    /// A client's application issues an operation, answered as command `cmd`.
    ClientRequest(ClientId, &'static str, ClientOp),
    /// A client's process dies; its session is left to expire.
    ClientCrash(ClientId),
    /// A client's process stops for a while (a GC pause).
    ClientPause(ClientId, Micros),
    /// A client's clock runs fast or slow, in parts per million.
    ClientDrift(ClientId, i64),
    /// A client starts running a recipe program (§6), written as the scenario writes it
    /// after `runs` (`lock hold=1s`).
    StartProgram(ClientId, Box<Program>, String),
    /// The target proposes this many opaque writes if it leads (protocol tests, benchmarks).
    Write(Target, u32),
    /// The message in flight with this id is lost (its TCP connection resets).
    DropMessage(u64),
    /// The message in flight with this id arrives this much later; what follows it on its link
    /// waits behind it (TCP keeps order).
    DelayMessage(u64, Micros),
}

impl Simulation {
    fn resolve(&self, target: Target) -> Option<ServerId> {
        match target {
            Target::Server(s) => Some(s),
            Target::Leader => self.leader(),
        }
    }

    pub(super) fn apply_fault(&mut self, fault: Fault) {
        let t = self.now;
        let text = self.fault_text(&fault);
        self.trace.record(t, Category::Fault, text);
        if let Some((kind, who, n, what)) = self.marker(&fault) {
            self.history.mark(t, kind, &who, n, what);
        }
        match fault {
            Fault::Crash(target) => {
                if let Some(id) = self.resolve(target).filter(|s| self.knows(*s)) {
                    self.crash(id);
                }
            }
            Fault::Restart(id) => {
                if self.knows(id) && matches!(self.server_slot(id).node, ServerNode::Down(_)) {
                    let (who, what) = (id.to_string(), format!("{id} restarts"));
                    self.history.mark(t, MarkerKind::Restart, &who, 0, what);
                    self.boot(id);
                }
            }
            Fault::Partition(sides) => self.net.partition(&sides),
            Fault::Cut(a, b) => self.net.cut(a, b),
            Fault::Heal => {
                self.net.heal();
                self.reset_healed_connections();
            }
            Fault::DropMessage(id) => self.drop_message(id),
            Fault::DelayMessage(id, by) => self.delay_message(id, by),
            Fault::Loss(ppm) => self.net.loss_ppm = ppm,
            Fault::ClientRequest(c, cmd, op) => match self.client_paused(c) {
                Some(until) => {
                    self.push(until, super::Event::Fault(Fault::ClientRequest(c, cmd, op)))
                }
                None => {
                    self.client_submit(c, cmd, op);
                }
            },
            Fault::ClientCrash(c) => self.crash_client(c),
            Fault::StartProgram(c, program, text) => match self.client_paused(c) {
                Some(until) => {
                    let fault = Fault::StartProgram(c, program, text);
                    self.push(until, super::Event::Fault(fault))
                }
                None => self.start_program(c, *program),
            },
            Fault::ClientDrift(c, ppm) if self.exists(ProcessId::Client(c)) => {
                self.drift(ProcessId::Client(c), ppm)
            }
            Fault::ClientPause(c, span) if self.exists(ProcessId::Client(c)) => {
                self.pause(ProcessId::Client(c), span)
            }
            Fault::ClientDrift(..) | Fault::ClientPause(..) => {}
            Fault::Latency(a, b, extra) => self.net.set_extra_latency(a, b, extra),
            Fault::Pause(target, span) => {
                if let Some(id) = self.resolve(target).filter(|s| self.knows(*s)) {
                    self.pause(ProcessId::Server(id), span);
                }
            }
            Fault::Drift(target, ppm) => {
                if let Some(id) = self.resolve(target).filter(|s| self.knows(*s)) {
                    self.drift(ProcessId::Server(id), ppm);
                }
            }
            Fault::Write(target, count) => match self.resolve(target) {
                Some(leader) if self.paused_until(ProcessId::Server(leader)).is_some() => {
                    // a paused process does nothing; the write waits for it to wake
                    let until = self.server_slot(leader).core.paused_until;
                    self.push(until, super::Event::Fault(Fault::Write(target, count)));
                }
                Some(leader)
                    if self
                        .server(leader)
                        .is_some_and(|s| s.is_established_leader()) =>
                {
                    for _ in 0..count {
                        self.write_tag += 1;
                        let payload = Payload::Opaque(self.write_tag);
                        self.step_server(leader, Input::Propose(payload));
                    }
                }
                _ => {
                    let text = "no established leader there: write not proposed".to_string();
                    self.trace.record(t, Category::Fault, text);
                }
            },
        }
    }
}

impl Simulation {
    /// A fault as the scenario language writes it after `at TIME` (`crash leader`,
    /// `partition s1,s2 | s3`, `alice create -e /a x`), with the simulation's names.
    pub fn fault_text(&self, fault: &Fault) -> String {
        let name = |p: &ProcessId| {
            if self.exists(*p) {
                self.name_of(*p).to_string()
            } else {
                format!("{p:?}")
            }
        };
        let client = |c: &ClientId| name(&ProcessId::Client(*c));
        let target = |t: &Target| match t {
            Target::Server(s) => s.to_string(),
            Target::Leader => "leader".to_string(),
        };
        let drift = |ppm: &i64| {
            format_signed_percent((*ppm).clamp(i32::MIN as i64, i32::MAX as i64) as i32)
        };
        match fault {
            Fault::Crash(t) => format!("crash {}", target(t)),
            Fault::Restart(s) => format!("restart {s}"),
            Fault::Partition(sides) => {
                let sides: Vec<String> = sides
                    .iter()
                    .map(|side| side.iter().map(name).collect::<Vec<_>>().join(","))
                    .collect();
                format!("partition {}", sides.join(" | "))
            }
            Fault::Cut(a, b) => format!("cut {}->{}", name(a), name(b)),
            Fault::Heal => "heal".to_string(),
            Fault::Latency(a, b, d) => {
                format!("latency {}->{} {}", name(a), name(b), format_duration(*d))
            }
            Fault::Pause(t, d) => format!("pause {} for {}", target(t), format_duration(*d)),
            Fault::Drift(t, ppm) => format!("drift {} {}", target(t), drift(ppm)),
            Fault::Loss(ppm) => format!("loss {}", format_percent(*ppm)),
            Fault::ClientRequest(c, _, op) => format!("{} {op}", client(c)),
            Fault::ClientCrash(c) => format!("{} crash", client(c)),
            Fault::ClientPause(c, d) => format!("pause {} for {}", client(c), format_duration(*d)),
            Fault::ClientDrift(c, ppm) => format!("drift {} {}", client(c), drift(ppm)),
            Fault::StartProgram(c, _, text) => format!("{} runs {text}", client(c)),
            Fault::Write(t, n) => format!("write {} {n}", target(t)),
            Fault::DropMessage(id) => format!("drop message {id}"),
            Fault::DelayMessage(id, d) => format!("delay message {id} by {}", format_duration(*d)),
        }
    }

    /// The timeline marker a fault leaves (server crashes mark themselves when they happen, as
    /// `crash leader` names no one until then).
    fn marker(&self, fault: &Fault) -> Option<(MarkerKind, String, u64, String)> {
        let pause = |who: &str, span: &Micros| {
            let ms = span / 1000;
            let text = format!("{who} paused for {ms} ms");
            (MarkerKind::Pause, who.to_string(), ms, text)
        };
        let client = |c: &ClientId| {
            self.clients
                .get(c.0 as usize)
                .map_or("?", |slot| &*slot.node.name)
        };
        let net = |kind, text: &str| (kind, String::new(), 0, text.to_string());
        Some(match fault {
            Fault::Partition(_) => net(MarkerKind::Partition, "network partitioned"),
            Fault::Cut(..) => net(MarkerKind::Partition, "link cut"),
            Fault::Heal => net(MarkerKind::Heal, "network healed"),
            Fault::Pause(Target::Server(s), span) => pause(&s.to_string(), span),
            Fault::Pause(Target::Leader, span) => pause("leader", span),
            Fault::ClientPause(c, span) => pause(client(c), span),
            Fault::ClientCrash(c) => {
                let who = client(c).to_string();
                let text = format!("{who} crashes");
                (MarkerKind::Crash, who, 0, text)
            }
            _ => return None,
        })
    }
}
