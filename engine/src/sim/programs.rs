//! Recipe programs running on simulated clients (reference §6): a client slot may carry a
//! [`Program`]; the simulator feeds it its client's answers, watch events and session events,
//! submits its ops through the client library, fires its timers (a paused client's program runs
//! nothing: its timers wait like every other event for it), passes its resource acts to the
//! protected [`Resource`] (which fences the acts of programs run with `fenced=yes`), records
//! them in order with the resource's verdict, and checks the accepted ones
//! ([`MutualExclusion`], [`OneMaster`], [`AtMostOnce`]; [`Simulation::check_tasks`] at the end).

use super::process::TimerId;
use super::Simulation;
use crate::client::ClientEvent;
use crate::ids::{ClientId, ProcessId};
use crate::observe::chunked::Chunked;
use crate::observe::trace::Category;
use crate::recipes::app_check::{lost_tasks, AtMostOnce, OneMaster};
use crate::recipes::check::{MutualExclusion, RecipeViolation};
use crate::recipes::resource::{Resource, Verdict};
use crate::recipes::Effect;
use crate::recipes::{Program, ProgramOut, ResourceAct, Timer};
use crate::time::Micros;
use std::collections::BTreeSet;

/// One act on the protected resource, as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceLine {
    /// When.
    pub time: Micros,
    /// The client whose program did it.
    pub client: ClientId,
    /// What.
    pub act: ResourceAct,
    /// What the resource did with it (only fenced acts can be rejected).
    pub verdict: Verdict,
}

/// One note a program wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramNote {
    /// When.
    pub time: Micros,
    /// Which client's program.
    pub client: ClientId,
    /// The note.
    pub text: String,
}

/// What the simulator keeps about recipe programs.
#[derive(Clone, Debug, Default)]
pub(super) struct Recipes {
    resource: Chunked<ResourceLine>,
    notes: Chunked<ProgramNote>,
    fencing: Resource,
    mutex: MutualExclusion,
    one_master: OneMaster,
    once: AtMostOnce,
    /// Tasks submitted (R11), in order.
    submitted: Vec<String>,
    violations: Vec<RecipeViolation>,
    /// The clients whose last act on the resource was to take it (kept as the acts are
    /// recorded: the map asks every frame, and the log grows with the run).
    holding: BTreeSet<ClientId>,
}

impl Recipes {
    /// Forget the resource's acts and the programs' notes from before `t` (a long run).
    pub(super) fn forget_before(&mut self, t: Micros) {
        self.resource.forget_before(t, |l| l.time);
        self.notes.forget_before(t, |n| n.time);
    }
}

impl Simulation {
    /// Client `c` starts running `program` now (replacing any program it ran).
    pub fn start_program(&mut self, c: ClientId, program: Program) {
        let Some(slot) = self.clients.get_mut(c.0 as usize) else {
            return;
        };
        if slot.node.client.is_none() {
            return;
        }
        slot.node.program = Some(program);
        slot.node.since = self.now;
        slot.node.purposes.clear();
        let text = format!("{} starts a program", slot.node.name);
        self.trace.record(self.now, Category::Client, text);
        // The timers of a program it ran before are its no more.
        let p = ProcessId::Client(c);
        self.cancel_timers(p, |t| matches!(t, TimerId::Program(_)));
        self.run_program(c, |p, out| p.on_start(out));
    }

    /// Run one step of `c`'s program, if it has one, and carry out what it asked for.
    fn run_program(&mut self, c: ClientId, f: impl FnOnce(&mut Program, &mut ProgramOut)) {
        let Some(slot) = self.clients.get_mut(c.0 as usize) else {
            return;
        };
        let Some(mut program) = slot.node.program.take() else {
            return;
        };
        let mut out = ProgramOut::default();
        f(&mut program, &mut out);
        self.client_slot_mut(c).node.program = Some(program);
        self.handle_program_out(c, out);
    }

    /// Carry out what a program asked for, in order.
    fn handle_program_out(&mut self, c: ClientId, out: ProgramOut) {
        let me = ProcessId::Client(c);
        for effect in out {
            match effect {
                Effect::Note(text) => {
                    let name = &self.client_slot(c).node.name;
                    let line = format!("{name} {text}");
                    self.trace.record(self.now, Category::Client, line);
                    self.recipes.notes.push(ProgramNote {
                        time: self.now,
                        client: c,
                        text,
                    });
                }
                Effect::Act(act) => {
                    let program = self.client_slot(c).node.program.as_ref();
                    let fenced = program.is_some_and(|p| p.fenced());
                    self.resource_act(c, act, fenced);
                }
                Effect::SetTimer(t, after) => self.set_timer(me, TimerId::Program(t), after),
                Effect::Cancel(t) => self.cancel_timers(me, |x| *x == TimerId::Program(t)),
                Effect::Op { purpose, cmd, op } => {
                    self.next_tag += 1;
                    let tag = self.next_tag;
                    // The purpose is known before the client can answer (it may answer at once).
                    self.client_slot_mut(c).node.purposes.insert(tag, purpose);
                    self.submit_tagged(c, tag, cmd, op);
                }
            }
        }
    }

    fn resource_act(&mut self, c: ClientId, act: ResourceAct, fenced: bool) {
        let now = self.now;
        let (verdict, fenced_out) = self.recipes.fencing.act(&act, fenced);
        for holder in fenced_out {
            let text = format!("the resource fences out {holder}: a newer token arrived");
            self.trace.record(now, Category::Client, text);
            self.record_act(c, ResourceAct::Release { holder }, Verdict::Accepted);
        }
        if let Verdict::Rejected { .. } = verdict {
            let text = format!("the resource: '{act}' {verdict}");
            self.trace.record(now, Category::Client, text);
        }
        self.record_act(c, act, verdict);
    }

    /// Log one act and, if accepted, check it.
    fn record_act(&mut self, c: ClientId, act: ResourceAct, verdict: Verdict) {
        let now = self.now;
        if verdict == Verdict::Accepted {
            let r = &mut self.recipes;
            if let ResourceAct::Submit { task } = &act {
                r.submitted.push(task.clone());
            }
            let found = [
                r.mutex.act(now, &act),
                r.one_master.act(now, &act),
                r.once.act(now, &act),
            ];
            for v in found.into_iter().flatten() {
                self.trace.record(now, Category::Violation, v.to_string());
                // A marker too, so the timeline shows where a recipe broke.
                self.history.mark(
                    now,
                    crate::observe::history::MarkerKind::Violation,
                    v.invariant,
                    0,
                    v.to_string(),
                );
                self.recipes.violations.push(v);
            }
        }
        match &act {
            ResourceAct::Acquire { .. } | ResourceAct::AcquireShared { .. } => {
                self.recipes.holding.insert(c);
            }
            ResourceAct::Release { .. } => {
                self.recipes.holding.remove(&c);
            }
            _ => {}
        }
        self.recipes.resource.push(ResourceLine {
            time: now,
            client: c,
            act,
            verdict,
        });
    }

    /// Give `c`'s program what its client library just told the application.
    pub(super) fn program_hears(&mut self, c: ClientId, event: &ClientEvent) {
        match event {
            ClientEvent::Answer { tag, outcome } => {
                let purpose = self.client_slot_mut(c).node.purposes.remove(tag);
                if let Some(purpose) = purpose {
                    self.run_program(c, |p, out| p.on_answer(purpose, outcome, out));
                }
            }
            ClientEvent::Watch(ev) => self.run_program(c, |p, out| p.on_watch(ev, out)),
            ClientEvent::Session(ev) => self.run_program(c, |p, out| p.on_session(*ev, out)),
        }
    }

    pub(super) fn fire_program_timer(&mut self, c: ClientId, t: Timer) {
        self.run_program(c, |p, out| p.on_timer(t, out));
    }

    /// `c`'s process died: its program dies with it, and stops using the resource.
    pub(super) fn program_dies(&mut self, c: ClientId) {
        let node = &mut self.client_slot_mut(c).node;
        node.purposes.clear();
        if let Some(p) = node.program.take().filter(|p| p.holds()) {
            let holder = p.holder().to_string();
            self.resource_act(c, ResourceAct::Release { holder }, false);
        }
    }

    /// True if client `c`'s last act on the resource was to take it (exclusively or shared).
    pub fn holds_resource(&self, c: ClientId) -> bool {
        self.recipes.holding.contains(&c)
    }

    /// Every act on the protected resource, in order.
    pub fn resource_log(&self) -> &Chunked<ResourceLine> {
        &self.recipes.resource
    }

    /// Every note recipe programs wrote, in order.
    pub fn program_notes(&self) -> &Chunked<ProgramNote> {
        &self.recipes.notes
    }

    /// Every recipe invariant broken so far, in order (`mutual-exclusion`, `one-master`,
    /// `at-most-once`, and `no-lost-task` once [`Self::check_tasks`] has run).
    pub fn recipe_violations(&self) -> &[RecipeViolation] {
        &self.recipes.violations
    }

    /// The end-of-run check of R11 (`no-lost-task`): every task a submitter created must have a
    /// `/status/<task>` node on the leader (on any running server if none leads). Records and
    /// returns what it finds; call it once, when the run is over.
    pub fn check_tasks(&mut self) -> Vec<RecipeViolation> {
        let server = self
            .leader()
            .and_then(|l| self.server(l))
            .or_else(|| self.servers().next());
        let has_status = |t: &str| {
            server.is_some_and(|s| s.state().tree.node(&format!("/status/{t}")).is_some())
        };
        let lost = lost_tasks(self.now, &self.recipes.submitted, has_status);
        for v in &lost {
            self.trace
                .record(self.now, Category::Violation, v.to_string());
        }
        self.recipes.violations.extend(lost.iter().cloned());
        lost
    }

    /// The tasks submitted so far (R11), in order.
    pub fn submitted_tasks(&self) -> &[String] {
        &self.recipes.submitted
    }

    /// The tasks the executor has run (accepted), in name order.
    pub fn executed_tasks(&self) -> Vec<String> {
        self.recipes.once.executed().map(str::to_string).collect()
    }

    /// The program client `c` runs, if any.
    pub fn program(&self, c: ClientId) -> Option<&Program> {
        self.clients.get(c.0 as usize)?.node.program.as_ref()
    }

    /// When client `c`'s current program started (0 if it runs none).
    pub fn program_since(&self, c: ClientId) -> Micros {
        self.clients.get(c.0 as usize).map_or(0, |s| s.node.since)
    }
}
