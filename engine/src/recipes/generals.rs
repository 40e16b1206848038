//! The Byzantine generals (the end of the taught chapter) as a program a scenario can run:
//! `runs byzantine generals=N traitors=A,B strategy=S order=attack|retreat`.
//!
//! It runs Lamport, Shostak & Pease's OM(m) ([`crate::byzantine::run_named`], with m = the
//! number of traitors) when it starts, and notes each loyal lieutenant's decision and whether
//! IC1 (the loyal lieutenants agree) and IC2 (they obey a loyal commander) hold. It talks to no
//! server: it is there so the chapter's last point, N ≥ 3F + 1, can be run next to the crash
//! faults ZooKeeper survives with N ≥ 2F + 1.

use super::contract::{recipe_basics, Fx, Recipe};
use crate::byzantine::{agreement, run_named, validity, Order, Outcome};

/// The generals ask for no operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {}

/// The generals set no timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {}

/// A run of OM(m), computed when the scenario is built (so bad arguments are refused then).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generals {
    name: String,
    strategy: String,
    outcome: Outcome,
}

impl Generals {
    /// OM(m) among `n` generals (0 is the commander), `traitors` lying with `strategy`, the
    /// commander told `order`. Errors are sentences for the scenario author.
    pub fn new(
        name: &str,
        n: usize,
        traitors: &[usize],
        strategy: &str,
        order: Order,
    ) -> Result<Self, String> {
        let outcome = run_named(n, traitors, strategy, order)?;
        Ok(Generals {
            name: name.to_string(),
            strategy: strategy.to_string(),
            outcome,
        })
    }

    /// The run's outcome.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// IC1 and IC2.
    pub fn holds(&self) -> (bool, bool) {
        (agreement(&self.outcome), validity(&self.outcome))
    }
}

impl Recipe for Generals {
    recipe_basics!();

    /// Note the run: who is a traitor, each loyal decision, IC1 and IC2.
    fn start(&mut self, fx: &mut Fx<Self>) {
        let o = &self.outcome;
        let traitors: Vec<String> = o.traitors.iter().map(|t| format!("g{t}")).collect();
        fx.note(format!(
            "OM({}) among {} generals, commander g0 told to {}, traitors [{}] ({}), {} messages",
            o.m,
            o.n,
            o.commander_order.name(),
            traitors.join(", "),
            self.strategy,
            o.message_count()
        ));
        for (g, d) in &o.decisions {
            fx.note(format!("g{g} decides {}", d.name()));
        }
        let (ic1, ic2) = self.holds();
        let word = |ok| if ok { "holds" } else { "BROKEN" };
        fx.note(format!(
            "IC1 (loyal lieutenants agree) {}; IC2 (they obey a loyal commander) {}",
            word(ic1),
            word(ic2)
        ));
    }

    /// It sends no ops, so gets no answers.
    fn answer(&mut self, purpose: Purpose, _outcome: &crate::proto::Outcome, _fx: &mut Fx<Self>) {
        match purpose {}
    }
}
