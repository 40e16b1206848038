//! The event queue: events in (time, sequence) order, the order the simulation takes them.
//!
//! The order is a map of small keys to slots; the events themselves (~180 bytes: a message
//! with its payload) sit in slots that never move. Taking the next event, or inserting one,
//! shifts a few 24-byte entries of the map's node instead of a node's worth of events.

use super::Event;
use crate::time::Micros;
use std::collections::BTreeMap;

/// When an event happens, and its sequence number (ties at one instant go in scheduling order).
pub(super) type Key = (Micros, u64);

/// Events by [`Key`], earliest first.
#[derive(Clone, Debug, Default)]
pub(super) struct Queue {
    order: BTreeMap<Key, u32>,
    slots: Vec<Option<Event>>,
    free: Vec<u32>,
}

impl Queue {
    /// Schedule `event` at `key` (keys are unique: the sequence number grows).
    pub(super) fn insert(&mut self, key: Key, event: Event) {
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(event);
                slot
            }
            None => {
                self.slots.push(Some(event));
                (self.slots.len() - 1) as u32
            }
        };
        if let Some(old) = self.order.insert(key, slot) {
            self.take(old);
        }
    }

    fn take(&mut self, slot: u32) -> Event {
        self.free.push(slot);
        self.slots[slot as usize]
            .take()
            .expect("a slot in the order holds an event")
    }

    /// Take the event at `key` out, if it is still queued.
    pub(super) fn remove(&mut self, key: &Key) -> Option<Event> {
        let slot = self.order.remove(key)?;
        Some(self.take(slot))
    }

    /// Take the earliest event out.
    pub(super) fn pop_first(&mut self) -> Option<(Key, Event)> {
        let (key, slot) = self.order.pop_first()?;
        Some((key, self.take(slot)))
    }

    /// The earliest event.
    pub(super) fn first_key_value(&self) -> Option<(&Key, &Event)> {
        self.order.first_key_value().map(|(k, &s)| (k, self.at(s)))
    }

    fn at(&self, slot: u32) -> &Event {
        self.slots[slot as usize]
            .as_ref()
            .expect("a slot in the order holds an event")
    }

    /// Every event, earliest first.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&Key, &Event)> + '_ {
        self.order.iter().map(|(k, &s)| (k, self.at(s)))
    }

    /// Every event, earliest first.
    pub(super) fn values(&self) -> impl Iterator<Item = &Event> + '_ {
        self.order.values().map(|&s| self.at(s))
    }

    /// Keep only the events `keep` says yes to.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&Key, &Event) -> bool) {
        let gone: Vec<Key> = self
            .iter()
            .filter(|(k, e)| !keep(k, e))
            .map(|(k, _)| *k)
            .collect();
        for key in gone {
            self.remove(&key);
        }
    }

    /// How many events are queued.
    pub(super) fn len(&self) -> usize {
        self.order.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::fault::{Fault, Target};

    fn note(n: u32) -> Event {
        Event::Fault(Fault::Write(Target::Leader, n))
    }

    fn tag(e: &Event) -> u32 {
        match e {
            Event::Fault(Fault::Write(_, n)) => *n,
            _ => unreachable!(),
        }
    }

    /// Taken in (time, sequence) order whatever the order of insertion, with removed and
    /// reused slots in between.
    #[test]
    fn events_come_out_in_time_then_sequence_order() {
        let mut q = Queue::default();
        for (key, n) in [
            ((30, 1), 1),
            ((10, 2), 2),
            ((30, 3), 3),
            ((20, 4), 4),
            ((10, 5), 5),
        ] {
            q.insert(key, note(n));
        }
        assert_eq!(q.remove(&(20, 4)).map(|e| tag(&e)), Some(4));
        assert!(q.remove(&(20, 4)).is_none());
        q.insert((5, 6), note(6)); // reuses the freed slot
        q.retain(|k, _| *k != (30, 1));
        assert_eq!(q.len(), 4);
        assert_eq!(
            q.first_key_value().map(|(k, e)| (*k, tag(e))),
            Some(((5, 6), 6))
        );
        let order: Vec<u32> = std::iter::from_fn(|| q.pop_first().map(|(_, e)| tag(&e))).collect();
        assert_eq!(order, [6, 2, 5, 3]);
        assert_eq!(q.len(), 0);
    }
}
