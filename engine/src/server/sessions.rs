//! The leader's session tracker (reference S6, S7): sessions expire in tickTime-wide buckets, a
//! touch moves a session's deadline to the bucket after now + timeout, and a new leader gives
//! every session a full timeout.

use super::{Role, Server};
use crate::ids::ServerId;
use crate::time::{ms, Micros};
use std::collections::{BTreeMap, BTreeSet};

/// Sessions the leader tracks.
#[derive(Clone, Debug, Default)]
pub(super) struct SessionTracker {
    /// Session → (timeout, deadline in the leader's local time).
    live: BTreeMap<u64, (u64, Micros)>,
    /// Sessions whose closeSession is on its way: their requests fail with SESSIONEXPIRED.
    closing: BTreeSet<u64>,
    /// The server each session's client is connected through (S11): set when the session is
    /// created and when a reconnect is revalidated, or by the first request after a new leader
    /// took over (S7 starts with no owners).
    owners: BTreeMap<u64, ServerId>,
}

/// S6: `(⌊(now + T) / tick⌋ + 1) · tick`, so a session expires T to T + tick after its last touch.
fn bucket(now: Micros, timeout_ms: u64, tick: Micros) -> Micros {
    ((now + ms(timeout_ms)) / tick + 1) * tick
}

impl SessionTracker {
    /// Track a session from now on (a new session, or every session when a leader starts, S7).
    pub fn add(&mut self, session: u64, timeout_ms: u64, now: Micros, tick: Micros) {
        self.live
            .insert(session, (timeout_ms, bucket(now, timeout_ms, tick)));
    }

    /// The session's client was heard from.
    pub fn touch(&mut self, session: u64, now: Micros, tick: Micros) {
        if let Some((t, deadline)) = self.live.get_mut(&session) {
            *deadline = bucket(now, *t, tick);
        }
    }

    /// The session closed (its closeSession txn applied).
    pub fn remove(&mut self, session: u64) {
        self.live.remove(&session);
        self.closing.remove(&session);
        self.owners.remove(&session);
    }

    /// The session's client is now connected through `server`.
    pub fn set_owner(&mut self, session: u64, server: ServerId) {
        self.owners.insert(session, server);
    }

    /// S11 (`SessionTrackerImpl#checkSession`): a request that comes through a server other
    /// than the session's owner is from a connection the client has left; false then. A
    /// session without an owner takes this one.
    pub fn check_owner(&mut self, session: u64, server: ServerId) -> bool {
        *self.owners.entry(session).or_insert(server) == server
    }

    /// Sessions whose deadline has passed: they are marked closing and returned, once.
    pub fn expire(&mut self, now: Micros) -> Vec<u64> {
        let due: Vec<u64> = self
            .live
            .iter()
            .filter(|(s, (_, d))| *d <= now && !self.closing.contains(s))
            .map(|(s, _)| *s)
            .collect();
        self.closing.extend(due.iter().copied());
        due
    }

    /// Mark a session closing (its client asked to close).
    pub fn mark_closing(&mut self, session: u64) {
        self.closing.insert(session);
    }

    /// True if the session is being closed.
    pub fn is_closing(&self, session: u64) -> bool {
        self.closing.contains(&session)
    }

    /// True if the leader knows the session.
    pub fn knows(&self, session: u64) -> bool {
        self.live.contains_key(&session)
    }

    /// Every tracked session: (id, timeout ms, deadline in the leader's local time, closing).
    pub fn entries(&self) -> impl Iterator<Item = (u64, u64, Micros, bool)> + '_ {
        self.live
            .iter()
            .map(|(s, (t, d))| (*s, *t, *d, self.closing.contains(s)))
    }
}

impl Server {
    /// The leader's session tracker, read-only (for inspectors): every session it tracks as
    /// (id, timeout ms, expiry deadline in this server's local time, closing). `None` unless
    /// this server leads.
    pub fn tracked_sessions(&self) -> Option<Vec<(u64, u64, Micros, bool)>> {
        match &self.role {
            Role::Leading(l) => Some(l.sessions.entries().collect()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::secs;

    /// S6: a session expires between T and T + tick after its last touch.
    #[test]
    fn s6_expiry_lands_between_t_and_t_plus_tick() {
        let tick = ms(2000);
        let mut st = SessionTracker::default();
        st.add(7, 10_000, secs(1), tick);
        assert!(st.expire(secs(11)).is_empty());
        assert_eq!(st.expire(secs(12)), vec![7]);
        assert!(st.expire(secs(13)).is_empty(), "reported once");
        let mut st = SessionTracker::default();
        st.add(7, 10_000, 0, tick);
        st.touch(7, secs(5), tick);
        assert!(st.expire(secs(15)).is_empty());
        assert_eq!(st.expire(secs(16)), vec![7]);
    }
}
