//! Searching for a run of OM(m) that breaks IC1 or IC2: over every traitor placement, both
//! commander orders, and either every possible traitor behaviour ([`exhaustive_search`]) or the
//! named strategies ([`fixed_search`]).

use super::{
    agreement, message_count, om, schedule, traitor_slots, validity, Order, Outcome, Strategy,
    MAX_MESSAGES,
};
use serde::Serialize;
use std::collections::BTreeSet;

/// The most runs one search will make. The exhaustive space is
/// Σ over placements of 2 orders × 2^(slots the traitors send on), which doubles with every
/// traitor slot: N = 4, F = 1, OM(1) is 40 runs, but N = 7, F = 2, OM(2) has placements with 50
/// slots (2^51 runs), so a search past this bound is refused up front rather than run partly and
/// mistaken for a proof.
pub const MAX_CASES: u64 = 1 << 20;

/// Which interactive-consistency condition a run broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Broken {
    /// IC1: two loyal lieutenants decided differently.
    Agreement,
    /// IC2: the commander was loyal and a loyal lieutenant disobeyed it.
    Validity,
}

/// A run that breaks IC1 or IC2, with everything needed to replay it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Counterexample {
    /// The traitors (0 is the commander).
    pub traitors: BTreeSet<usize>,
    /// The order the commander was told to give.
    pub commander_order: Order,
    /// What the traitors sent.
    pub strategy: Strategy,
    /// The condition broken (agreement is checked first).
    pub broken: Broken,
    /// The run itself.
    pub outcome: Outcome,
}

impl Counterexample {
    /// A sentence or two for a student: who lied to whom, and what the loyal lieutenants did.
    pub fn describe(&self) -> String {
        let lies: Vec<String> = (self.outcome.messages.iter())
            .filter(|msg| msg.value != msg.honest)
            .map(|msg| {
                let path: Vec<String> = msg.path.iter().map(|g| g.to_string()).collect();
                let (from, to, said) = (msg.from, msg.to, msg.value.name());
                format!("{from} told {to} {said} (path {})", path.join("→"))
            })
            .collect();
        let decisions: Vec<String> = (self.outcome.decisions.iter())
            .map(|(i, v)| format!("{i}: {}", v.name()))
            .collect();
        let broken = match self.broken {
            Broken::Agreement => "IC1 (agreement)",
            Broken::Validity => "IC2 (validity)",
        };
        format!(
            "traitors {:?}, commander ordered {}; lies: {}; loyal decisions: {}; breaks {broken}",
            self.traitors,
            self.commander_order.name(),
            if lies.is_empty() {
                "none".into()
            } else {
                lies.join(", ")
            },
            decisions.join(", "),
        )
    }
}

/// What a search covered and what it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Search {
    /// Runs made, up to and including the violating one if there is one.
    pub cases: u64,
    /// The first run (in placement, order, strategy order) that broke IC1 or IC2.
    pub violation: Option<Counterexample>,
}

/// Every placement of `f` traitors among `n` generals (commander included), every bit pattern
/// over the slots they send on ([`traitor_slots`]), both commander orders: since the schedule is
/// fixed, this is every adversary there is. Placements go in lexicographic order (so
/// commander-is-traitor first), then Attack before Retreat, then patterns counting up from 0.
/// `Err` if the input is bad or the space exceeds [`MAX_CASES`].
pub fn exhaustive_search(n: usize, f: usize, m: usize) -> Result<Search, String> {
    check_input(n, f, m)?;
    let mut sends_by = vec![0usize; n];
    for slot in schedule(n, m) {
        if let Some(from) = slot.path.last() {
            sends_by[*from] += 1;
        }
    }
    let widths = |placement: &BTreeSet<usize>| placement.iter().map(|t| sends_by[*t]).sum();
    let mut total: u64 = 0;
    for placement in Placements::new(n, f) {
        let width: usize = widths(&placement);
        let cases = (width < 60).then(|| 2u64 << width);
        total = match cases.and_then(|c| total.checked_add(c)) {
            Some(t) if t <= MAX_CASES => t,
            _ => return Err(too_many(n, f, m)),
        };
    }
    let mut search = Search {
        cases: 0,
        violation: None,
    };
    for placement in Placements::new(n, f) {
        let slots = traitor_slots(n, m, &placement);
        for order in [Order::Attack, Order::Retreat] {
            for bits in 0..1u64 << slots.len() {
                let slots = slots.clone();
                let strategy = Strategy::Pattern { slots, bits };
                if search.try_case(n, m, &placement, order, strategy) {
                    return Ok(search);
                }
            }
        }
    }
    Ok(search)
}

/// [`exhaustive_search`]'s verdict alone: `Ok(None)` means every adversary was tried and none
/// broke IC1 or IC2.
pub fn find_violation(n: usize, f: usize, m: usize) -> Result<Option<Counterexample>, String> {
    exhaustive_search(n, f, m).map(|search| search.violation)
}

/// Like [`exhaustive_search`] but with the traitors all following one of
/// [`Strategy::fixed_set`] — for sizes where every bit pattern is far too many. Runs
/// C(n, f) × |fixed set| × 2 cases.
pub fn fixed_search(n: usize, f: usize, m: usize) -> Result<Search, String> {
    check_input(n, f, m)?;
    let strategies = Strategy::fixed_set(n);
    let mut total: u64 = 0;
    for _ in Placements::new(n, f) {
        total = total.saturating_add(2 * strategies.len() as u64);
        if total > MAX_CASES {
            return Err(too_many(n, f, m));
        }
    }
    let mut search = Search {
        cases: 0,
        violation: None,
    };
    for placement in Placements::new(n, f) {
        for order in [Order::Attack, Order::Retreat] {
            for strategy in &strategies {
                if search.try_case(n, m, &placement, order, strategy.clone()) {
                    return Ok(search);
                }
            }
        }
    }
    Ok(search)
}

impl Search {
    /// Runs one case; true (and the counterexample kept) if it broke IC1 or IC2.
    fn try_case(
        &mut self,
        n: usize,
        m: usize,
        traitors: &BTreeSet<usize>,
        order: Order,
        strategy: Strategy,
    ) -> bool {
        self.cases += 1;
        let outcome = om(m, order, n, traitors, &strategy);
        let broken = if !agreement(&outcome) {
            Broken::Agreement
        } else if !validity(&outcome) {
            Broken::Validity
        } else {
            return false;
        };
        self.violation = Some(Counterexample {
            traitors: traitors.clone(),
            commander_order: order,
            strategy,
            broken,
            outcome,
        });
        true
    }
}

fn check_input(n: usize, f: usize, m: usize) -> Result<(), String> {
    if n < 2 {
        return Err(format!("need at least 2 generals, got {n}"));
    }
    if f > n {
        return Err(format!("cannot place {f} traitors among {n} generals"));
    }
    match message_count(n, m) {
        Some(count) if count <= MAX_MESSAGES => Ok(()),
        _ => Err(format!(
            "OM({m}) among {n} generals sends more than {MAX_MESSAGES} messages"
        )),
    }
}

fn too_many(n: usize, f: usize, m: usize) -> String {
    format!("searching N = {n}, F = {f}, OM({m}) would take more than {MAX_CASES} runs")
}

/// The f-element subsets of 0..n in lexicographic order.
struct Placements {
    n: usize,
    next: Option<Vec<usize>>,
}

impl Placements {
    fn new(n: usize, f: usize) -> Self {
        let next = (f <= n).then(|| (0..f).collect());
        Placements { n, next }
    }
}

impl Iterator for Placements {
    type Item = BTreeSet<usize>;

    fn next(&mut self) -> Option<BTreeSet<usize>> {
        let current = self.next.take()?;
        let f = current.len();
        // Advance the rightmost index that can still move right, and reset those after it.
        let mut following = current.clone();
        let movable = (0..f).rev().find(|&i| following[i] < self.n - f + i);
        if let Some(i) = movable {
            following[i] += 1;
            for k in i + 1..f {
                following[k] = following[k - 1] + 1;
            }
            self.next = Some(following);
        }
        Some(current.into_iter().collect())
    }
}
