//! [`run_named`]: OM(m) driven by names, for scenarios and the UI, where input is untrusted.

use super::{message_count, om, traitor_slots, Order, Outcome, Strategy, MAX_MESSAGES};
use std::collections::BTreeSet;

/// Runs OM(m) with m = the number of traitors, as the paper sizes OM(m) to tolerate m traitors
/// (it is then correct exactly when n > 3m, Theorem 1 — so a student sees N = 3 with one traitor
/// fail and N = 4 hold). The strategy is named as [`Strategy::name`] prints it; `pattern:BITS`
/// addresses [`traitor_slots`] for these traitors, so a [`super::Counterexample`] found with
/// m = f replays exactly. Bad input is an `Err` with a sentence saying what is wrong, never a
/// panic; runs over [`MAX_MESSAGES`] messages are refused.
pub fn run_named(
    n: usize,
    traitors: &[usize],
    strategy_name: &str,
    order: Order,
) -> Result<Outcome, String> {
    if n < 2 {
        return Err(format!(
            "need at least 2 generals (a commander and a lieutenant), got {n}"
        ));
    }
    let mut set = BTreeSet::new();
    for &t in traitors {
        if t >= n {
            return Err(format!("traitor {t} is not a general: generals are 0..{n}"));
        }
        if !set.insert(t) {
            return Err(format!("traitor {t} is listed twice"));
        }
    }
    let m = set.len();
    match message_count(n, m) {
        Some(count) if count <= MAX_MESSAGES => {}
        _ => {
            return Err(format!(
                "OM({m}) among {n} generals sends more than {MAX_MESSAGES} messages"
            ))
        }
    }
    let strategy = parse_strategy(strategy_name, n, m, &set)?;
    Ok(om(m, order, n, &set, &strategy))
}

fn parse_strategy(
    name: &str,
    n: usize,
    m: usize,
    traitors: &BTreeSet<usize>,
) -> Result<Strategy, String> {
    const KNOWN: &str = "honest, always-attack, always-retreat, alternate, invert, \
        split:K[:attack|:retreat], pattern:BITS";
    let parts: Vec<&str> = name.trim().split(':').collect();
    let strategy = match parts.as_slice() {
        ["honest"] => Strategy::Honest,
        ["always-attack"] => Strategy::AlwaysAttack,
        ["always-retreat"] => Strategy::AlwaysRetreat,
        ["alternate"] => Strategy::AlternateByParity,
        ["invert"] => Strategy::Invert,
        ["split", at, rest @ ..] => {
            let at = at
                .parse()
                .map_err(|_| format!("split point {at:?} is not a number"))?;
            let below = match rest {
                [] | ["attack"] => Order::Attack,
                ["retreat"] => Order::Retreat,
                _ => return Err(format!("bad split strategy {name:?}: use split:K:attack")),
            };
            Strategy::Split { at, below }
        }
        ["pattern", bits] => {
            let bits: u64 = bits
                .parse()
                .map_err(|_| format!("pattern {bits:?} is not a number"))?;
            let slots = traitor_slots(n, m, traitors);
            let width = slots.len().min(64);
            if width < 64 && bits >> width != 0 {
                return Err(format!(
                    "pattern {bits} needs more than the {width} slots these traitors send on"
                ));
            }
            Strategy::Pattern { slots, bits }
        }
        _ => return Err(format!("unknown strategy {name:?}; known: {KNOWN}")),
    };
    Ok(strategy)
}
