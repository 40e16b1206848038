//! [`Chunked`]: how the simulation keeps what grows with a run (trace lines, finished messages,
//! markers, the clients' operations and what they heard, the protected resource's acts). Items
//! go into an open chunk; a full chunk is sealed and shared between clones, so a checkpoint or a
//! frame's copy of the simulation copies a few pointers, never the records. A long run forgets
//! its oldest chunks ([`Chunked::forget_before`]); positions stay those of the whole run.

use crate::time::Micros;
use std::sync::Arc;

/// Items per chunk.
pub const CHUNK: usize = 2048;

/// An append-only list whose full chunks are shared between clones, and whose oldest chunks can
/// be forgotten.
#[derive(Clone, Debug)]
pub struct Chunked<T> {
    sealed: Vec<Arc<Vec<T>>>,
    open: Vec<T>,
    /// How many items were forgotten from the front: the first held item's position.
    forgotten: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            sealed: Vec::new(),
            open: Vec::new(),
            forgotten: 0,
        }
    }
}

impl<T: Clone> Chunked<T> {
    /// Append one item; returns its position.
    pub fn push(&mut self, item: T) -> usize {
        let at = self.end();
        self.open.push(item);
        if self.open.len() == CHUNK {
            let full = std::mem::replace(&mut self.open, Vec::with_capacity(CHUNK));
            self.sealed.push(Arc::new(full));
        }
        at
    }

    /// Every held item, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.sealed
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.open.iter())
    }

    /// The held items from position `from` on (positions count from the run's first item).
    pub fn since(&self, from: usize) -> impl Iterator<Item = &T> + '_ {
        self.iter().skip(from.saturating_sub(self.forgotten))
    }

    /// How many items are held.
    pub fn len(&self) -> usize {
        self.sealed.len() * CHUNK + self.open.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The position the next item will have: every item ever pushed, forgotten or held.
    pub fn end(&self) -> usize {
        self.forgotten + self.len()
    }

    /// The held items, copied into one list.
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().cloned().collect()
    }

    /// The item at position `at`, if held.
    pub fn get(&self, at: usize) -> Option<&T> {
        let i = at.checked_sub(self.forgotten)?;
        match self.sealed.get(i / CHUNK) {
            Some(c) => c.get(i % CHUNK),
            None => self.open.get(i - self.sealed.len() * CHUNK),
        }
    }

    /// The item at position `at` to change, if held (a shared sealed chunk is copied first).
    pub fn get_mut(&mut self, at: usize) -> Option<&mut T> {
        let i = at.checked_sub(self.forgotten)?;
        let sealed = self.sealed.len() * CHUNK;
        if i < sealed {
            Arc::make_mut(&mut self.sealed[i / CHUNK]).get_mut(i % CHUNK)
        } else {
            self.open.get_mut(i - sealed)
        }
    }

    /// Forget the oldest sealed chunks whose every item's `key` lies before `t` (items are
    /// assumed in non-decreasing `key` order); returns the first held position afterwards.
    pub fn forget_before(&mut self, t: Micros, key: impl Fn(&T) -> Micros) -> usize {
        let old = self
            .sealed
            .iter()
            .take_while(|c| c.last().is_some_and(|x| key(x) < t))
            .count();
        self.sealed.drain(..old);
        self.forgotten += old * CHUNK;
        self.forgotten
    }

    /// The items whose `key` lies in `from..=to`, assuming `key` never decreases along the list
    /// (whole chunks outside the range are skipped, so a window of a long run is cheap).
    pub fn window<'a>(
        &'a self,
        from: Micros,
        to: Micros,
        key: impl Fn(&T) -> Micros + Copy + 'a,
    ) -> impl Iterator<Item = &'a T> + 'a {
        let chunks = self
            .sealed
            .iter()
            .map(|c| c.as_slice())
            .chain(std::iter::once(self.open.as_slice()));
        chunks
            .filter(move |c| match (c.first(), c.last()) {
                (Some(a), Some(b)) => key(a) <= to && key(b) >= from,
                _ => false,
            })
            .flat_map(|c| c.iter())
            .filter(move |x| (from..=to).contains(&key(x)))
    }
}

impl<'a, T: Clone> IntoIterator for &'a Chunked<T> {
    type Item = &'a T;
    type IntoIter = Box<dyn DoubleEndedIterator<Item = &'a T> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_skips_chunks_and_keeps_order() {
        let mut c: Chunked<u64> = Chunked::default();
        for i in 0..(3 * CHUNK as u64 + 7) {
            c.push(i * 10);
        }
        let w: Vec<u64> = c.window(20_000, 20_050, |x| *x).copied().collect();
        assert_eq!(w, [20_000, 20_010, 20_020, 20_030, 20_040, 20_050]);
        assert_eq!(c.len(), 3 * CHUNK + 7);
        let clone = c.clone();
        assert!(
            Arc::ptr_eq(&clone.sealed[0], &c.sealed[0]),
            "sealed chunks are shared"
        );
    }

    #[test]
    fn forgetting_keeps_positions_and_a_change_copies_only_its_chunk() {
        let mut c: Chunked<u64> = Chunked::default();
        for i in 0..(3 * CHUNK as u64 + 7) {
            c.push(i);
        }
        let first = c.forget_before(CHUNK as u64 + 5, |x| *x);
        assert_eq!(first, CHUNK, "only whole chunks before the instant go");
        assert_eq!(c.len(), 2 * CHUNK + 7);
        assert_eq!(c.end(), 3 * CHUNK + 7);
        assert_eq!(c.get(CHUNK - 1), None);
        assert_eq!(c.get(CHUNK + 3), Some(&(CHUNK as u64 + 3)));
        assert_eq!(
            c.since(3 * CHUNK + 5).copied().collect::<Vec<_>>(),
            [3 * CHUNK as u64 + 5, 3 * CHUNK as u64 + 6]
        );
        let before = c.clone();
        *c.get_mut(CHUNK + 3).unwrap() = 0;
        assert_eq!(
            before.get(CHUNK + 3),
            Some(&(CHUNK as u64 + 3)),
            "the clone keeps its copy"
        );
        assert!(
            Arc::ptr_eq(&before.sealed[1], &c.sealed[1]),
            "other chunks stay shared"
        );
        assert_eq!(c.push(9), 3 * CHUNK + 7);
    }
}
