//! The Byzantine generals: Lamport, Shostak & Pease's oral-messages algorithm OM(m) ("The
//! Byzantine Generals Problem", ACM TOPLAS 4(3), 1982), the last section of the taught chapter
//! ("在 N ≥ 3F + 1 的情况下一致性是可能解决").
//!
//! ZooKeeper's Zab only survives *crashes* (N ≥ 2F + 1). This module is here so a student can
//! see, by running it, why surviving *arbitrary* behaviour costs N ≥ 3F + 1: at N = 3, F = 1 the
//! exhaustive search below finds a run that breaks the interactive-consistency conditions, and
//! at N = 4 it checks every possible traitor and finds none.
//!
//! The model, and why it is enough:
//! - Generals are `0..n`; general [`COMMANDER`] (0) gives the order, the rest are lieutenants.
//! - Orders are binary. A missing message is read as Retreat (the paper's assumption A3 and its
//!   default), so a silent traitor is the same as one that sends Retreat and needs no variant.
//! - Which messages OM(m) sends — the *schedule* of (path, recipient) slots — depends only on
//!   (n, m), never on values (see [`schedule`]). With the commander's order fixed, a run is
//!   therefore fully determined by the values traitors put in their slots, so enumerating every
//!   bit pattern over those slots ([`Strategy::Pattern`]) covers *every* adversary, including
//!   adaptive and colluding ones.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod named;
mod search;
#[cfg(test)]
mod tests;

pub use named::run_named;
pub use search::{
    exhaustive_search, find_violation, fixed_search, Broken, Counterexample, Search, MAX_CASES,
};

/// The general who issues the order; every other general is a lieutenant.
pub const COMMANDER: usize = 0;

/// How long one round of orders takes when a run is replayed in time (on the map, and for a
/// lesson's goal): OM(m) is computed at once, then its m + 1 rounds are shown one after the
/// other, and its decisions stand once the last has arrived.
pub const GENERALS_ROUND: crate::time::Micros = crate::time::ms(250);

/// The most messages [`run_named`] (and the searches) will simulate in one run. OM(m) sends
/// (n−1) + (n−1)(n−2) + … messages, which explodes quickly; this keeps untrusted input from
/// exhausting memory.
pub const MAX_MESSAGES: usize = 200_000;

/// An order. Retreat is also the default for a missing message and for a tied vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Order {
    /// Attack.
    Attack,
    /// Retreat.
    Retreat,
}

impl Order {
    /// The other order: what a lying relay says.
    pub fn opposite(self) -> Order {
        match self {
            Order::Attack => Order::Retreat,
            Order::Retreat => Order::Attack,
        }
    }

    /// Its lower-case name, as printed and parsed.
    pub fn name(self) -> &'static str {
        match self {
            Order::Attack => "attack",
            Order::Retreat => "retreat",
        }
    }

    fn from_bit(bit: bool) -> Order {
        if bit {
            Order::Attack
        } else {
            Order::Retreat
        }
    }
}

/// One place in the schedule where a value is sent: the relay path (the commander first, the
/// sender last) and the recipient. A traitor's whole behaviour is a value per slot it sends on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Slot {
    /// Who relayed the value, in order; starts with the commander, ends with the sender.
    pub path: Vec<usize>,
    /// The recipient.
    pub to: usize,
}

/// One message, recorded in sending order so a UI can animate the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The relay path; its last element is `from`. `[0]` is the commander's own order,
    /// `[0, 2]` is lieutenant 2 repeating what the commander told it.
    pub path: Vec<usize>,
    /// The sender.
    pub from: usize,
    /// The recipient.
    pub to: usize,
    /// What was sent.
    pub value: Order,
    /// What a loyal sender would have sent here; `value != honest` marks a lie.
    pub honest: Order,
}

/// What a traitor sends. Every variant is a pure function of (path, recipient, the value the
/// traitor should relay); the sender is the path's last element.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Strategy {
    /// Relays faithfully: a traitor that happens not to lie.
    Honest,
    /// Always says Attack.
    AlwaysAttack,
    /// Always says Retreat (the same as staying silent, by the default).
    AlwaysRetreat,
    /// Attack to even-numbered recipients, Retreat to odd ones.
    AlternateByParity,
    /// Says the opposite of what it should relay.
    Invert,
    /// Says `below` to recipients numbered below `at` and the opposite to the rest: a traitor
    /// commander splitting the army in two.
    Split {
        /// The first recipient to get the opposite order.
        at: usize,
        /// What the low-numbered recipients get.
        below: Order,
    },
    /// An arbitrary adversary: bit k of `bits` (1 = Attack) is sent on `slots[k]`; slots not
    /// listed are relayed faithfully. Only the first 64 slots can be set.
    Pattern {
        /// The slots the bits address, usually [`traitor_slots`].
        slots: Vec<Slot>,
        /// The values, one bit per slot.
        bits: u64,
    },
}

impl Strategy {
    /// What a traitor at the end of `path` sends to `to` when it should relay `value`.
    pub fn send(&self, path: &[usize], to: usize, value: Order) -> Order {
        match self {
            Strategy::Honest => value,
            Strategy::AlwaysAttack => Order::Attack,
            Strategy::AlwaysRetreat => Order::Retreat,
            Strategy::AlternateByParity => Order::from_bit(to.is_multiple_of(2)),
            Strategy::Invert => value.opposite(),
            Strategy::Split { at, below } => {
                if to < *at {
                    *below
                } else {
                    below.opposite()
                }
            }
            Strategy::Pattern { slots, bits } => {
                match slots.iter().position(|s| s.to == to && s.path == path) {
                    Some(k) if k < 64 => Order::from_bit((bits >> k) & 1 == 1),
                    _ => value,
                }
            }
        }
    }

    /// The fixed (non-enumerated) strategies for `n` generals: the five simple ones and every
    /// split that actually splits the lieutenants (`at` in 2..n), each way round.
    pub fn fixed_set(n: usize) -> Vec<Strategy> {
        let mut all = vec![
            Strategy::Honest,
            Strategy::AlwaysAttack,
            Strategy::AlwaysRetreat,
            Strategy::AlternateByParity,
            Strategy::Invert,
        ];
        for at in 2..n {
            for below in [Order::Attack, Order::Retreat] {
                all.push(Strategy::Split { at, below });
            }
        }
        all
    }

    /// Its name, as accepted by [`run_named`]: `honest`, `always-attack`, `always-retreat`,
    /// `alternate`, `invert`, `split:K:attack`, `split:K:retreat`, `pattern:BITS`.
    pub fn name(&self) -> String {
        match self {
            Strategy::Honest => "honest".into(),
            Strategy::AlwaysAttack => "always-attack".into(),
            Strategy::AlwaysRetreat => "always-retreat".into(),
            Strategy::AlternateByParity => "alternate".into(),
            Strategy::Invert => "invert".into(),
            Strategy::Split { at, below } => format!("split:{at}:{}", below.name()),
            Strategy::Pattern { bits, .. } => format!("pattern:{bits}"),
        }
    }
}

/// The result of one run of OM(m).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Number of generals.
    pub n: usize,
    /// The recursion depth the algorithm was run with.
    pub m: usize,
    /// What the commander was told to order (a traitor commander may say otherwise).
    pub commander_order: Order,
    /// The traitors (those below `n`).
    pub traitors: BTreeSet<usize>,
    /// Each loyal lieutenant's decision. Traitors' decisions mean nothing and are left out.
    pub decisions: BTreeMap<usize, Order>,
    /// Every message, in sending order.
    pub messages: Vec<Message>,
}

impl Outcome {
    /// How many messages were sent.
    pub fn message_count(&self) -> usize {
        self.messages.len()
    }

    /// Whether the commander is a traitor.
    pub fn commander_is_traitor(&self) -> bool {
        self.traitors.contains(&COMMANDER)
    }
}

/// The paper's `majority`: Attack only if strictly more Attack than Retreat, so a tie falls back
/// to the Retreat default.
fn majority(values: &[Order]) -> Order {
    let attack = values.iter().filter(|v| **v == Order::Attack).count();
    Order::from_bit(2 * attack > values.len())
}

struct Run<'a> {
    traitors: &'a BTreeSet<usize>,
    strategy: &'a Strategy,
    messages: Vec<Message>,
}

impl Run<'_> {
    /// OM(m) with `commander` sending `value` to `lieutenants`; returns the value each
    /// lieutenant settles on for this (sub-)commander. The step numbers are the paper's.
    fn om(
        &mut self,
        m: usize,
        commander: usize,
        lieutenants: &[usize],
        value: Order,
        path: &mut Vec<usize>,
    ) -> BTreeMap<usize, Order> {
        path.push(commander);
        // (1) The commander sends its value to every lieutenant.
        let mut heard: BTreeMap<usize, Vec<Order>> = BTreeMap::new();
        let mut received = Vec::with_capacity(lieutenants.len());
        for &to in lieutenants {
            let sent = if self.traitors.contains(&commander) {
                self.strategy.send(path, to, value)
            } else {
                value
            };
            self.messages.push(Message {
                path: path.clone(),
                from: commander,
                to,
                value: sent,
                honest: value,
            });
            received.push((to, sent));
            heard.insert(to, vec![sent]);
        }
        if m > 0 {
            // (2) Each lieutenant j acts as commander in OM(m−1), relaying what it received to
            // the other lieutenants. (3) Lieutenant i's value for j is what that sub-run gave.
            for &(j, vj) in &received {
                let others: Vec<usize> = lieutenants.iter().copied().filter(|&i| i != j).collect();
                for (i, vi) in self.om(m - 1, j, &others, vj, path) {
                    heard.entry(i).or_default().push(vi);
                }
            }
        }
        path.pop();
        // OM(0): use the value received. OM(m): majority over (own value, each relay's value).
        heard
            .into_iter()
            .map(|(i, values)| (i, majority(&values)))
            .collect()
    }
}

/// Runs OM(m) among generals `0..n` with the commander told `commander_order`; every general in
/// `traitors` sends what `strategy` says (others are loyal). Traitor numbers ≥ n are ignored and
/// n < 2 simply has no lieutenants, so this never panics — but its cost is exponential in `m`
/// (see [`message_count`]): check that first, or use [`run_named`], for untrusted input.
pub fn om(
    m: usize,
    commander_order: Order,
    n: usize,
    traitors: &BTreeSet<usize>,
    strategy: &Strategy,
) -> Outcome {
    let traitors: BTreeSet<usize> = traitors.range(..n).copied().collect();
    let lieutenants: Vec<usize> = (1..n).collect();
    let mut run = Run {
        traitors: &traitors,
        strategy,
        messages: Vec::new(),
    };
    let settled = run.om(m, COMMANDER, &lieutenants, commander_order, &mut Vec::new());
    let decisions = settled
        .into_iter()
        .filter(|(i, _)| !traitors.contains(i))
        .collect();
    Outcome {
        n,
        m,
        commander_order,
        decisions,
        messages: run.messages,
        traitors,
    }
}

/// IC1: all loyal lieutenants decide the same.
pub fn agreement(outcome: &Outcome) -> bool {
    let mut values = outcome.decisions.values();
    match values.next() {
        Some(first) => values.all(|v| v == first),
        None => true,
    }
}

/// IC2: if the commander is loyal, every loyal lieutenant obeys its order.
pub fn validity(outcome: &Outcome) -> bool {
    outcome.commander_is_traitor()
        || outcome
            .decisions
            .values()
            .all(|v| *v == outcome.commander_order)
}

/// The number of messages OM(m) sends among n generals, from the paper's recursion:
/// (n−1) + (n−1)(n−2) + … + (n−1)(n−2)…(n−m−1). `None` if it overflows `usize`.
pub fn message_count(n: usize, m: usize) -> Option<usize> {
    let mut total: usize = 0;
    let mut term: usize = 1;
    for k in 0..=m {
        // Level k multiplies in (n−1−k); once it reaches 0 every deeper level is empty too.
        let factor = n.saturating_sub(k + 1);
        if factor == 0 {
            break;
        }
        term = term.checked_mul(factor)?;
        total = total.checked_add(term)?;
    }
    Some(total)
}

/// The slots OM(m) sends on among n generals, in sending order. They do not depend on the
/// values, so an honest run lists them.
pub fn schedule(n: usize, m: usize) -> Vec<Slot> {
    om(m, Order::Retreat, n, &BTreeSet::new(), &Strategy::Honest)
        .messages
        .into_iter()
        .map(|msg| Slot {
            path: msg.path,
            to: msg.to,
        })
        .collect()
}

/// The slots on which the given traitors send: the coordinates of [`Strategy::Pattern`].
pub fn traitor_slots(n: usize, m: usize, traitors: &BTreeSet<usize>) -> Vec<Slot> {
    schedule(n, m)
        .into_iter()
        .filter(|s| s.path.last().is_some_and(|from| traitors.contains(from)))
        .collect()
}
