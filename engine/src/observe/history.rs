//! What happened, kept for pictures of the past: every message that left its link (delivered or
//! dropped) for the space-time diagram, and the markers the timeline scrubber shows (elections,
//! crashes, partitions, violations).
//!
//! Both are append-only and kept in sealed, shared chunks, like the trace: a checkpoint copies a
//! few pointers, never the history.

use super::{FlightClass, MessageRecord};
use crate::time::Micros;
use std::sync::Arc;

const CHUNK: usize = 2048;

/// An append-only list whose full chunks are shared between clones.
#[derive(Clone, Debug)]
pub struct Chunked<T> {
    sealed: Vec<Arc<Vec<T>>>,
    open: Vec<T>,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            sealed: Vec::new(),
            open: Vec::new(),
        }
    }
}

impl<T: Clone> Chunked<T> {
    /// Append one item.
    pub fn push(&mut self, item: T) {
        self.open.push(item);
        if self.open.len() == CHUNK {
            let full = std::mem::replace(&mut self.open, Vec::with_capacity(CHUNK));
            self.sealed.push(Arc::new(full));
        }
    }

    /// Every item, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.sealed
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.open.iter())
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.sealed.len() * CHUNK + self.open.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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

/// What a timeline marker marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkerKind {
    /// A leader established its epoch (the end of an election).
    Leader,
    /// A server or client crashed.
    Crash,
    /// A server restarted.
    Restart,
    /// The network was partitioned or a link cut.
    Partition,
    /// Every cut and partition was removed.
    Heal,
    /// A process was paused.
    Pause,
    /// An invariant broke.
    Violation,
}

impl MarkerKind {
    /// Lower-case name, used as a CSS class and in tests.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkerKind::Leader => "leader",
            MarkerKind::Crash => "crash",
            MarkerKind::Restart => "restart",
            MarkerKind::Partition => "partition",
            MarkerKind::Heal => "heal",
            MarkerKind::Pause => "pause",
            MarkerKind::Violation => "violation",
        }
    }
}

/// One notable instant of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// When.
    pub time: Micros,
    /// What kind of thing.
    pub kind: MarkerKind,
    /// Who or what it is about: the process (`s3`, `alice`; `leader` for a pause of whichever
    /// server leads), or the broken invariant's name; empty for the network's markers.
    pub who: String,
    /// A number it carries: the epoch a leader established, a pause's length in ms; else 0.
    pub n: u64,
    /// What happened, as the trace says it.
    pub text: String,
}

/// The run's history: messages that completed their flight, and markers.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Messages, in the order they arrived (or were dropped).
    pub messages: Chunked<MessageRecord>,
    /// Markers, in time order.
    pub markers: Chunked<Marker>,
}

impl History {
    /// Record a marker about `who`, carrying `n`.
    pub fn mark(&mut self, time: Micros, kind: MarkerKind, who: &str, n: u64, text: String) {
        self.markers.push(Marker {
            time,
            kind,
            who: who.to_string(),
            n,
            text,
        });
    }

    /// The messages that ended (arrived or were dropped) between `from` and `to`.
    pub fn messages_ending_in(&self, from: Micros, to: Micros) -> Vec<MessageRecord> {
        self.messages
            .window(from, to, |m| m.ended)
            .cloned()
            .collect()
    }

    /// How many messages of each class have ended so far (for legends and tests).
    pub fn count(&self, class: FlightClass) -> usize {
        self.messages.iter().filter(|m| m.class == class).count()
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
}
