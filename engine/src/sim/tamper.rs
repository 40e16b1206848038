//! Tampering with one message in flight, as a user does by clicking it: drop it or hold it up.
//! Both are scenario actions (`drop message N`, `delay message N by D`): message ids are
//! assigned in send order, so the same id names the same message whenever the run replays.

use super::links::{Parcel, Wire};
use super::{Event, Simulation};
use crate::ids::ProcessId;
use crate::observe::trace::Category;
use crate::time::Micros;

impl Event {
    /// The directed link an event travels on, and the message id if it is a message.
    fn link(&self) -> Option<(ProcessId, ProcessId, Option<u64>)> {
        match self {
            Event::Deliver(p) => Some((p.from, p.to, Some(p.id))),
            Event::Closed { from, to, .. } => Some((*from, *to, None)),
            Event::Timer { .. } | Event::Fault(_) => None,
        }
    }
}

impl Simulation {
    /// The queue key of message `id`, if it is still on its way.
    fn message_key(&self, id: u64) -> Option<(Micros, u64)> {
        self.in_flight.get(id)?;
        self.queue
            .iter()
            .find(|(_, e)| matches!(e.link(), Some((_, _, Some(m))) if m == id))
            .map(|(k, _)| *k)
    }

    /// Lose message `id`. A TCP stream cannot skip a message, so its connection breaks: a
    /// quorum connection resets on its next use; a client connection closes at both ends.
    pub(super) fn drop_message(&mut self, id: u64) {
        let Some(key) = self.message_key(id) else {
            let text = format!("message {id} is not in flight: nothing to drop");
            return self.trace.record(self.now, Category::Fault, text);
        };
        let Some(event) = self.queue.remove(&key) else {
            return;
        };
        let text = self.in_flight.get(id).map(|f| f.text.clone());
        self.land(id, false);
        let text = format!("message {id} {} (dropped)", text.unwrap_or_default());
        self.trace.record(self.now, Category::Drop, text);
        let Event::Deliver(Parcel { from, to, wire, .. }) = event else {
            return;
        };
        match wire {
            Wire::Peer(msg) if msg.is_quorum() => self.links.lost(from, to),
            Wire::Peer(_) => {}
            // The client's connection closes at both ends.
            Wire::Request(_) | Wire::Reply(_) => {
                self.close_connection(from, to);
                self.close_connection(to, from);
            }
        }
    }

    /// Hold message `id` up by `by`; whatever follows it on its link arrives no earlier.
    pub(super) fn delay_message(&mut self, id: u64, by: Micros) {
        let Some(key) = self.message_key(id) else {
            let text = format!("message {id} is not in flight: nothing to delay");
            return self.trace.record(self.now, Category::Fault, text);
        };
        let Some(event) = self.queue.remove(&key) else {
            return;
        };
        let Some((from, to, _)) = event.link() else {
            return;
        };
        let arrives = key.0.saturating_add(by);
        if let Some(f) = self.in_flight.get_mut(id) {
            f.arrives = arrives;
        }
        let text = format!("message {id} held up until {} ms", arrives / 1000);
        self.trace.record(self.now, Category::Fault, text);
        self.push(arrives, event);
        // Everything behind it on the same link, in order, arrives after it.
        let behind: Vec<(Micros, u64)> = self
            .queue
            .iter()
            .filter(|(k, e)| {
                *k > &key
                    && k.0 < arrives
                    && matches!(e.link(), Some((a, b, _)) if (a, b) == (from, to))
            })
            .map(|(k, _)| *k)
            .collect();
        for k in behind {
            if let Some(e) = self.queue.remove(&k) {
                if let Some((_, _, Some(m))) = e.link() {
                    if let Some(f) = self.in_flight.get_mut(m) {
                        f.arrives = arrives;
                    }
                }
                self.push(arrives, e);
            }
        }
        self.net.hold_until(from, to, arrives);
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::{Fault, Simulation};
    use crate::time::ms;

    /// What the history recorded of message `id`, once it landed.
    fn record_of(sim: &Simulation, id: u64) -> Option<crate::observe::MessageRecord> {
        sim.history().messages.iter().find(|m| m.id == id).cloned()
    }

    /// The first message in flight after `t`.
    fn first_flight(sim: &Simulation) -> crate::observe::Flight {
        sim.view()
            .in_flight
            .first()
            .cloned()
            .expect("a message in flight")
    }

    #[test]
    fn a_dropped_message_never_arrives_and_is_recorded_undelivered() {
        let mut sim = Simulation::with_servers(3);
        sim.run_until(ms(1));
        let f = first_flight(&sim);
        sim.schedule(ms(1), Fault::DropMessage(f.id));
        sim.run_until(ms(2));
        assert!(sim.view().in_flight.iter().all(|g| g.id != f.id));
        assert!(!record_of(&sim, f.id).expect("recorded").delivered);
    }

    #[test]
    fn a_delayed_message_arrives_later_and_keeps_its_link_in_order() {
        let mut sim = Simulation::with_servers(3);
        sim.run_until(ms(1));
        let f = first_flight(&sim);
        sim.schedule(ms(1), Fault::DelayMessage(f.id, ms(300)));
        sim.run_until(ms(2));
        let now = sim.view();
        let held = now
            .in_flight
            .iter()
            .find(|g| g.id == f.id)
            .expect("still flying");
        assert_eq!(held.arrives, f.arrives + ms(300));
        sim.run_until(ms(400));
        let rec = record_of(&sim, f.id).expect("arrived");
        assert!(rec.delivered && rec.ended == f.arrives + ms(300));
        // FIFO: nothing sent later on the same link arrived before it.
        let overtaken = sim
            .history()
            .messages
            .iter()
            .any(|m| (m.from, m.to) == (f.from, f.to) && m.id > f.id && m.ended < rec.ended);
        assert!(!overtaken);
    }

    #[test]
    fn tampering_with_a_message_that_already_arrived_changes_nothing_but_the_trace() {
        let mut a = Simulation::with_servers(3);
        let mut b = Simulation::with_servers(3);
        b.schedule(ms(500), Fault::DropMessage(1));
        a.run_until(ms(2000));
        b.run_until(ms(2000));
        assert_eq!(a.view().servers, b.view().servers);
    }
}
