//! A linearizability checker in the style of Wing & Gong, with Lowe's memo of visited
//! configurations (the approach of Knossos and Porcupine): is there an order of the operations,
//! each taking effect at one instant between its invocation and its answer, that a sequential
//! model accepts? Operations without an answer are indeterminate: each may take effect at any
//! instant after it was invoked, or never. The search is bounded (a number of configurations),
//! so that it stays live in a browser; past the bound the answer is "undecided", never a guess.

use std::collections::BTreeSet;

use crate::time::Micros;

/// A sequential object: what an operation does from a state, given what it was seen to return.
pub trait Model {
    /// The object's state.
    type State: Clone + Ord;
    /// An operation with its recorded result.
    type Op;

    /// The state after `op` from `state`, or `None` if `op` could not have returned what it
    /// did from `state`. For an indeterminate operation (no result), the state after it takes
    /// effect.
    fn step(&self, state: &Self::State, op: &Self::Op) -> Option<Self::State>;
}

/// One operation of a history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry<O> {
    /// When it was invoked.
    pub call: Micros,
    /// When its answer came (`None`: indeterminate).
    pub ret: Option<Micros>,
    /// The operation and its result.
    pub op: O,
}

/// What the checker found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// An order exists.
    Linearizable,
    /// No order exists.
    NotLinearizable,
    /// The bound was reached before an answer.
    Undecided,
}

/// Whether `history` is linearizable for `model` from `init`, exploring at most `budget`
/// configurations.
pub fn check<M: Model>(
    model: &M,
    init: M::State,
    history: &[Entry<M::Op>],
    budget: usize,
) -> Verdict {
    let n = history.len();
    if n == 0 {
        return Verdict::Linearizable;
    }
    let words = n.div_ceil(64);
    let done_mask = {
        // Every operation with an answer must be placed; indeterminate ones may be left out.
        let mut m = vec![0u64; words];
        for (i, e) in history.iter().enumerate() {
            if e.ret.is_some() {
                m[i / 64] |= 1 << (i % 64);
            }
        }
        m
    };
    let mut seen: BTreeSet<(Vec<u64>, M::State)> = BTreeSet::new();
    let mut stack: Vec<(Vec<u64>, M::State)> = vec![(vec![0u64; words], init)];
    let mut explored = 0usize;
    while let Some((placed, state)) = stack.pop() {
        if placed.iter().zip(&done_mask).all(|(p, m)| p & m == *m) {
            return Verdict::Linearizable;
        }
        explored += 1;
        if explored > budget {
            return Verdict::Undecided;
        }
        let is_placed = |i: usize| placed[i / 64] & (1 << (i % 64)) != 0;
        // The earliest answer among operations not yet placed: only operations invoked before
        // it can come next.
        let horizon = (0..n)
            .filter(|&i| !is_placed(i))
            .filter_map(|i| history[i].ret)
            .min()
            .unwrap_or(Micros::MAX);
        // Pushed last, tried first: operations with an answer before those without one (an
        // indeterminate operation need never take effect unless something saw it).
        let order = (0..n)
            .filter(|&i| history[i].ret.is_none())
            .chain((0..n).filter(|&i| history[i].ret.is_some()));
        for i in order {
            if is_placed(i) || history[i].call > horizon {
                continue;
            }
            if let Some(next) = model.step(&state, &history[i].op) {
                let mut p = placed.clone();
                p[i / 64] |= 1 << (i % 64);
                if seen.insert((p.clone(), next.clone())) {
                    stack.push((p, next));
                }
            }
        }
    }
    Verdict::NotLinearizable
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A register holding a number: write(v), read() -> v.
    struct Register;

    #[derive(Clone, Debug)]
    enum Op {
        Write(u32),
        Read(u32),
    }

    impl Model for Register {
        type State = u32;
        type Op = Op;
        fn step(&self, s: &u32, op: &Op) -> Option<u32> {
            match op {
                Op::Write(v) => Some(*v),
                Op::Read(v) => (v == s).then_some(*s),
            }
        }
    }

    fn e(call: u64, ret: Option<u64>, op: Op) -> Entry<Op> {
        Entry { call, ret, op }
    }

    #[test]
    fn overlapping_operations_may_take_effect_in_either_order() {
        // write 1 [0,10] overlaps read → 1 [5,15] and read → 0 [2,8]: both reads fit.
        let h = [
            e(0, Some(10), Op::Write(1)),
            e(2, Some(8), Op::Read(0)),
            e(5, Some(15), Op::Read(1)),
        ];
        assert_eq!(check(&Register, 0, &h, 10_000), Verdict::Linearizable);
    }

    #[test]
    fn a_read_after_a_finished_write_must_see_it() {
        // write 1 ends at 10; a read invoked at 20 returns the old 0: not linearizable.
        let h = [e(0, Some(10), Op::Write(1)), e(20, Some(30), Op::Read(0))];
        assert_eq!(check(&Register, 0, &h, 10_000), Verdict::NotLinearizable);
    }

    #[test]
    fn reads_cannot_go_back_in_time() {
        // Two writes in sequence, then reads in sequence seeing 2 then 1: not linearizable.
        let h = [
            e(0, Some(5), Op::Write(1)),
            e(0, Some(40), Op::Write(2)),
            e(10, Some(20), Op::Read(2)),
            e(25, Some(30), Op::Read(1)),
        ];
        assert_eq!(check(&Register, 0, &h, 10_000), Verdict::NotLinearizable);
    }

    #[test]
    fn an_indeterminate_write_may_or_may_not_have_happened() {
        // write 1 never answered: a later read may see 1 …
        let seen = [e(0, None, Op::Write(1)), e(20, Some(30), Op::Read(1))];
        assert_eq!(check(&Register, 0, &seen, 10_000), Verdict::Linearizable);
        // … or 0 …
        let unseen = [e(0, None, Op::Write(1)), e(20, Some(30), Op::Read(0))];
        assert_eq!(check(&Register, 0, &unseen, 10_000), Verdict::Linearizable);
        // … but not a value nobody wrote, and once seen it cannot be unseen.
        let bogus = [e(0, None, Op::Write(1)), e(20, Some(30), Op::Read(7))];
        assert_eq!(
            check(&Register, 0, &bogus, 10_000),
            Verdict::NotLinearizable
        );
        let flicker = [
            e(0, None, Op::Write(1)),
            e(20, Some(30), Op::Read(1)),
            e(40, Some(50), Op::Read(0)),
        ];
        assert_eq!(
            check(&Register, 0, &flicker, 10_000),
            Verdict::NotLinearizable
        );
        // It cannot take effect before it was invoked.
        let early = [e(0, Some(5), Op::Read(1)), e(10, None, Op::Write(1))];
        assert_eq!(
            check(&Register, 0, &early, 10_000),
            Verdict::NotLinearizable
        );
    }

    #[test]
    fn the_bound_gives_undecided_not_a_guess() {
        // Many concurrent writes and a read of the last: a big search space, tiny budget.
        let mut h: Vec<Entry<Op>> = (0..40).map(|v| e(0, Some(1000), Op::Write(v))).collect();
        h.push(e(2000, Some(2001), Op::Read(99)));
        assert_eq!(check(&Register, 0, &h, 50), Verdict::Undecided);
    }
}
