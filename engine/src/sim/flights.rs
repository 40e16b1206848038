//! The messages in flight, by id. Ids are handed out in order as messages are sent, and a
//! message lands within a few simulated seconds of it, so they sit in a ring of slots indexed
//! by `id - first`: sending appends, landing empties a slot (and drops the empty ones at the
//! front), a lookup is an index. A B-tree did the same at a search and a rebalance a message.

use super::Flight;
use std::collections::VecDeque;

/// Flights by id, lowest first.
#[derive(Clone, Debug, Default)]
pub(super) struct Flights {
    /// The id of `slots[0]`.
    first: u64,
    slots: VecDeque<Option<Flight>>,
    len: usize,
}

impl Flights {
    /// Put `flight` in the air. Its id is above every id given before.
    pub(super) fn insert(&mut self, flight: Flight) {
        if self.slots.is_empty() {
            self.first = flight.id;
        }
        let at = flight.id - self.first;
        debug_assert!(at >= self.slots.len() as u64, "ids are given in order");
        while (self.slots.len() as u64) < at {
            self.slots.push_back(None);
        }
        self.slots.push_back(Some(flight));
        self.len += 1;
    }

    fn index(&self, id: u64) -> Option<usize> {
        let at = usize::try_from(id.checked_sub(self.first)?).ok()?;
        (at < self.slots.len()).then_some(at)
    }

    /// The flight with id `id`, if it is in the air.
    pub(super) fn get(&self, id: u64) -> Option<&Flight> {
        self.slots.get(self.index(id)?)?.as_ref()
    }

    /// The flight with id `id`, if it is in the air.
    pub(super) fn get_mut(&mut self, id: u64) -> Option<&mut Flight> {
        let at = self.index(id)?;
        self.slots.get_mut(at)?.as_mut()
    }

    /// Take the flight with id `id` out of the air.
    pub(super) fn remove(&mut self, id: u64) -> Option<Flight> {
        let at = self.index(id)?;
        let flight = self.slots.get_mut(at)?.take()?;
        self.len -= 1;
        while matches!(self.slots.front(), Some(None)) {
            self.slots.pop_front();
            self.first += 1;
        }
        Some(flight)
    }

    /// Every flight, lowest id (earliest sent) first.
    pub(super) fn values(&self) -> impl Iterator<Item = &Flight> + '_ {
        self.slots.iter().flatten()
    }

    /// How many are in the air.
    pub(super) fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ServerId;
    use crate::FlightClass;
    use crate::ProcessId;

    fn flight(id: u64) -> Flight {
        let s = ProcessId::Server(ServerId(1));
        Flight {
            id,
            from: s,
            to: s,
            sent: id,
            arrives: id + 10,
            kind: "PING",
            class: FlightClass::Ping,
            text: "PING".into(),
        }
    }

    fn ids(f: &Flights) -> Vec<u64> {
        f.values().map(|f| f.id).collect()
    }

    /// Landing in any order leaves the others findable, in id order; the ring shrinks from
    /// the front as the oldest land, and ids never given or already landed are not found.
    #[test]
    fn flights_land_in_any_order() {
        let mut f = Flights::default();
        for id in [3, 4, 5, 7] {
            f.insert(flight(id));
        }
        assert_eq!((ids(&f), f.len()), (vec![3, 4, 5, 7], 4));
        assert!(f.get(6).is_none() && f.get(2).is_none() && f.get(8).is_none());
        assert_eq!(f.remove(4).map(|f| f.id), Some(4));
        assert!(f.remove(4).is_none());
        assert_eq!(f.remove(3).map(|f| f.id), Some(3));
        assert_eq!(f.slots.len(), 3, "the landed front is dropped: 5, (6), 7");
        f.get_mut(7).unwrap().arrives = 99;
        assert_eq!(f.get(7).map(|f| f.arrives), Some(99));
        f.remove(5);
        f.remove(7);
        assert_eq!((ids(&f), f.len(), f.slots.len()), (vec![], 0, 0));
        f.insert(flight(12));
        assert_eq!((ids(&f), f.get(12).map(|f| f.id)), (vec![12], Some(12)));
    }
}
