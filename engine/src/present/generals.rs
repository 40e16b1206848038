//! The Byzantine generals as the map shows them: who the generals are, which ones are
//! traitors, each round's orders (a lie marked as one), each loyal general's decision, and
//! whether the loyal ones agree (IC1) and obey a loyal commander (IC2).
//!
//! OM(m) is computed at once when the program starts; the picture replays it in time, one
//! round every [`GENERALS_ROUND`]: round r's orders fly during `[start + r·R, start + (r+1)·R)`
//! and the decisions stand from `start + rounds·R` on.

pub use crate::byzantine::GENERALS_ROUND;
use crate::byzantine::{agreement, validity, Order, COMMANDER};
use crate::ids::ClientId;
use crate::sim::Simulation;
use crate::time::Micros;

/// One order sent in a generals run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneralsOrder {
    /// Its round, from 0 (the commander's own orders).
    pub round: usize,
    /// The sender.
    pub from: usize,
    /// The recipient.
    pub to: usize,
    /// What was said.
    pub value: Order,
    /// True if the sender lied (said other than a loyal general would have).
    pub lie: bool,
}

/// One run of the generals, on the client that runs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneralsView {
    /// The client that runs it.
    pub client: ClientId,
    /// Its name.
    pub name: String,
    /// When it started.
    pub started: Micros,
    /// The number of generals (general 0 is the commander).
    pub n: usize,
    /// The traitors.
    pub traitors: Vec<usize>,
    /// What the commander was told to order.
    pub order: Order,
    /// Every order, round by round.
    pub orders: Vec<GeneralsOrder>,
    /// The number of rounds (m + 1).
    pub rounds: usize,
    /// Each loyal lieutenant's decision, by general.
    pub decisions: Vec<(usize, Order)>,
    /// IC1: the loyal lieutenants all decide the same.
    pub agree: bool,
    /// IC2: they follow the commander's order, when the commander is loyal (`None` when the
    /// commander is a traitor: there is no order to follow).
    pub obey: Option<bool>,
}

impl GeneralsView {
    /// The round being played at `now` (`rounds` once every round has arrived), or `None`
    /// before the run started.
    pub fn round_at(&self, now: Micros) -> Option<usize> {
        let since = now.checked_sub(self.started)?;
        Some(((since / GENERALS_ROUND) as usize).min(self.rounds))
    }

    /// True once every round has arrived: the decisions stand.
    pub fn decided(&self, now: Micros) -> bool {
        self.round_at(now) == Some(self.rounds)
    }

    /// True if general `g` is a traitor.
    pub fn traitor(&self, g: usize) -> bool {
        self.traitors.contains(&g)
    }

    /// True if the commander is loyal.
    pub fn commander_loyal(&self) -> bool {
        !self.traitor(COMMANDER)
    }

    /// How many orders were sent in all.
    pub fn order_count(&self) -> usize {
        self.orders.len()
    }

    /// True if the loyal generals got it right: IC1, and IC2 when it applies.
    pub fn holds(&self) -> bool {
        self.agree && self.obey != Some(false)
    }
}

impl Simulation {
    /// Every client's generals run, in client order.
    pub fn generals_runs(&self) -> Vec<GeneralsView> {
        self.client_ids()
            .filter_map(|c| {
                let o = self.program(c)?.generals()?;
                let orders = o
                    .messages
                    .iter()
                    .map(|m| GeneralsOrder {
                        round: m.path.len() - 1,
                        from: m.from,
                        to: m.to,
                        value: m.value,
                        lie: m.value != m.honest,
                    })
                    .collect();
                Some(GeneralsView {
                    client: c,
                    name: self.client_name(c).to_string(),
                    started: self.program_since(c),
                    n: o.n,
                    traitors: o.traitors.iter().copied().collect(),
                    order: o.commander_order,
                    orders,
                    rounds: o.m + 1,
                    decisions: o.decisions.iter().map(|(g, d)| (*g, *d)).collect(),
                    agree: agreement(o),
                    obey: (!o.commander_is_traitor()).then(|| validity(o)),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str, until: Micros) -> (Vec<GeneralsView>, Micros) {
        let scenario = crate::lang::scenario::parse(text).unwrap();
        let mut sim = crate::lang::build::build(&scenario).unwrap();
        sim.run_until(until);
        (sim.generals_runs(), sim.now())
    }

    #[test]
    fn three_generals_one_traitor_fool_the_loyal_lieutenant() {
        let (g, now) = runs(
            "seed 1\nensemble servers=3\nclient g\nat 1s g runs byzantine generals=3 traitors=2\nrun 3s\n",
            crate::time::secs(3),
        );
        let g = &g[0];
        assert_eq!((g.n, g.rounds, g.started), (3, 2, crate::time::secs(1)));
        assert_eq!(g.traitors, vec![2]);
        assert!(
            g.orders.iter().any(|o| o.from == 2 && o.lie),
            "the traitor lies"
        );
        assert!(g.orders.iter().all(|o| o.lie == (o.from == 2)));
        assert_eq!(g.decisions, vec![(1, Order::Retreat)]);
        assert_eq!(g.obey, Some(false), "g1 disobeys its loyal commander");
        assert!(!g.holds());
        assert!(g.decided(now));
        assert_eq!(g.round_at(crate::time::secs(1) + GENERALS_ROUND), Some(1));
        assert_eq!(g.round_at(0), None);
    }

    #[test]
    fn four_generals_beat_one_traitor_and_a_lying_commander_has_no_order_to_obey() {
        let (g, _) = runs(
            "seed 1\nensemble servers=3\nclient a\nclient b\n\
             at 1s a runs byzantine generals=4 traitors=3\n\
             at 1s b runs byzantine generals=4 traitors=0 strategy=split:3:attack\nrun 2s\n",
            crate::time::secs(2),
        );
        assert!(g[0].holds() && g[0].agree && g[0].obey == Some(true));
        assert!(g[1].agree && g[1].obey.is_none() && g[1].holds());
        let (none, _) = runs(
            "seed 1\nensemble servers=3\nclient a\nat 1s a runs byzantine generals=3 traitors=none\nrun 2s\n",
            crate::time::secs(2),
        );
        assert!(none[0].traitors.is_empty() && none[0].holds());
    }
}
