//! Recipe programs running on simulated clients (reference §6): a client slot may carry a
//! [`Program`]; the simulator feeds it its client's answers, watch events and session events,
//! submits its ops through the client library, fires its timers (a paused client's program runs
//! nothing: its timers wait like every other event for it), records its resource acts in order
//! and checks them ([`MutualExclusion`]).

use super::{Event, Simulation};
use crate::client::ClientEvent;
use crate::ids::ClientId;
use crate::recipes::check::{MutualExclusion, RecipeViolation};
use crate::recipes::{Program, ProgramOut, ResourceAct};
use crate::sim::trace::Category;
use crate::time::Micros;

/// One act on the protected resource, as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceLine {
    /// When.
    pub time: Micros,
    /// The client whose program did it.
    pub client: ClientId,
    /// What.
    pub act: ResourceAct,
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
    resource: Vec<ResourceLine>,
    notes: Vec<ProgramNote>,
    mutex: MutualExclusion,
}

impl Simulation {
    /// Client `c` starts running `program` now (replacing any program it ran).
    pub fn start_program(&mut self, c: ClientId, program: Program) {
        let Some(slot) = self.clients.get_mut(c.0 as usize) else {
            return;
        };
        if slot.proc.is_none() {
            return;
        }
        slot.program = Some(program);
        slot.purposes.clear();
        let text = format!("{} starts a program", slot.name);
        self.trace.record(self.now, Category::Client, text);
        self.run_program(c, |p, out| p.on_start(out));
    }

    /// Run one step of `c`'s program, if it has one, and carry out what it asked for.
    fn run_program(&mut self, c: ClientId, f: impl FnOnce(&mut Program, &mut ProgramOut)) {
        let Some(slot) = self.clients.get_mut(c.0 as usize) else {
            return;
        };
        let Some(mut program) = slot.program.take() else {
            return;
        };
        let mut out = ProgramOut::default();
        f(&mut program, &mut out);
        self.clients[c.0 as usize].program = Some(program);
        self.handle_program_out(c, out);
    }

    fn handle_program_out(&mut self, c: ClientId, out: ProgramOut) {
        let now = self.now;
        let name = self.clients[c.0 as usize].name.clone();
        for text in out.notes {
            self.trace
                .record(now, Category::Client, format!("{name} {text}"));
            self.recipes.notes.push(ProgramNote {
                time: now,
                client: c,
                text,
            });
        }
        for act in out.resource {
            self.resource_act(c, act);
        }
        for (id, after) in out.timers {
            let slot = &self.clients[c.0 as usize];
            let at = now + slot.clock.global_span(after);
            let incarnation = slot.incarnation;
            self.push(
                at,
                Event::ProgramTimer {
                    client: c,
                    id,
                    incarnation,
                },
            );
        }
        for (purpose, cmd, op) in out.ops {
            self.next_tag += 1;
            let tag = self.next_tag;
            // The purpose is known before the client can answer (it may answer at once).
            self.clients[c.0 as usize].purposes.insert(tag, purpose);
            self.submit_tagged(c, tag, cmd, op);
        }
    }

    fn resource_act(&mut self, c: ClientId, act: ResourceAct) {
        let now = self.now;
        if let Some(v) = self.recipes.mutex.act(now, &act) {
            self.trace.record(now, Category::Violation, v.to_string());
        }
        self.recipes.resource.push(ResourceLine {
            time: now,
            client: c,
            act,
        });
    }

    /// Give `c`'s program what its client library just told the application.
    pub(super) fn program_hears(&mut self, c: ClientId, event: &ClientEvent) {
        match event {
            ClientEvent::Answer { tag, outcome } => {
                let purpose = self.clients[c.0 as usize].purposes.remove(tag);
                if let Some(purpose) = purpose {
                    self.run_program(c, |p, out| p.on_answer(purpose, outcome, out));
                }
            }
            ClientEvent::Watch(ev) => self.run_program(c, |p, out| p.on_watch(ev, out)),
            ClientEvent::Session(ev) => self.run_program(c, |p, out| p.on_session(*ev, out)),
        }
    }

    pub(super) fn fire_program_timer(&mut self, c: ClientId, id: u64, incarnation: u64) {
        if self.clients[c.0 as usize].incarnation == incarnation {
            self.run_program(c, |p, out| p.on_timer(id, out));
        }
    }

    /// `c`'s process died: its program dies with it, and stops using the resource.
    pub(super) fn program_dies(&mut self, c: ClientId) {
        let slot = &mut self.clients[c.0 as usize];
        slot.purposes.clear();
        if let Some(p) = slot.program.take().filter(|p| p.holds()) {
            let holder = p.holder().to_string();
            self.resource_act(c, ResourceAct::Release { holder });
        }
    }

    /// Every act on the protected resource, in order.
    pub fn resource_log(&self) -> &[ResourceLine] {
        &self.recipes.resource
    }

    /// Every note recipe programs wrote, in order.
    pub fn program_notes(&self) -> &[ProgramNote] {
        &self.recipes.notes
    }

    /// Every recipe invariant broken so far (`mutual-exclusion`).
    pub fn recipe_violations(&self) -> &[RecipeViolation] {
        self.recipes.mutex.violations()
    }

    /// The program client `c` runs, if any.
    pub fn program(&self, c: ClientId) -> Option<&Program> {
        self.clients.get(c.0 as usize)?.program.as_ref()
    }
}
