//! What happened, kept for pictures of the past: every message that left its link (delivered or
//! dropped) for the space-time diagram, and the markers the timeline scrubber shows (elections,
//! crashes, partitions, violations).
//!
//! Both are append-only and kept in sealed, shared chunks, like the trace: a checkpoint copies a
//! few pointers, never the history.

use super::chunked::Chunked;
use super::{FlightClass, MessageRecord};
use crate::time::Micros;

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

    /// Visit the messages that ended between `from` and `to`, in the order they ended.
    pub fn visit_messages_ending_in(
        &self,
        from: Micros,
        to: Micros,
        visit: impl FnMut(&MessageRecord),
    ) {
        self.messages.window(from, to, |m| m.ended).for_each(visit)
    }

    /// How many messages of each class have ended so far (for legends and tests).
    pub fn count(&self, class: FlightClass) -> usize {
        self.messages.iter().filter(|m| m.class == class).count()
    }
}
