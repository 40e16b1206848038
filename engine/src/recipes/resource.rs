//! The protected resource: the storage server or task executor a lock, a leader or a worker
//! acts on (R12). It records every act in order and, for programs run with `fenced=yes`, rejects
//! stale ones by their fencing token (R12's remedy, FENCE).
//!
//! Fencing keeps, per key, the highest token it has accepted, and refuses any act with a lower
//! one. The keys: `lock` for the lock and its writes (token: the lock node's sequence number),
//! `master` for a master's acts (token: its epoch, the czxid of its `/master` node), and one key
//! per task for executions (token: the czxid of the assignment node the worker acted on).
//! A fenced exclusive acquire with a token at least the highest also ends the hold of any
//! holder with a lower token: from then on the resource answers only to the newer token, so a
//! stale holder is *fenced out* before it can act, which is what the mutual-exclusion checker
//! then sees.
//! Unfenced acts are all accepted: the resource trusts whoever talks to it.

use super::ResourceAct;
use std::collections::BTreeMap;

/// What the resource did with one act.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Done.
    Accepted,
    /// Refused: the act carried a token lower than one the resource has already seen.
    Rejected {
        /// The stale token.
        token: u64,
        /// The highest token seen for the same key.
        highest: u64,
    },
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Accepted => write!(f, "accepted"),
            Verdict::Rejected { token, highest } => {
                write!(f, "rejected: stale token {token} < {highest}")
            }
        }
    }
}

/// The resource's fencing state.
#[derive(Clone, Debug, Default)]
pub struct Resource {
    /// Highest accepted token per key.
    highest: BTreeMap<String, u64>,
    /// Exclusive holders admitted under fencing, with their tokens.
    fenced_holders: Vec<(String, u64)>,
}

/// The key and token of an act that can be fenced, if it can.
fn key_of(act: &ResourceAct) -> Option<(String, u64)> {
    match act {
        ResourceAct::Acquire { token, .. } | ResourceAct::Write { token, .. } => {
            Some(("lock".to_string(), *token))
        }
        ResourceAct::Assign { epoch, .. } => Some(("master".to_string(), *epoch)),
        ResourceAct::Execute { task, token, .. } => Some((format!("task {task}"), *token)),
        _ => None,
    }
}

impl Resource {
    /// Take `act`, fenced or not. Returns the verdict and, for a fenced acquire that supersedes
    /// older holders, the holders it fenced out (the caller records them as released first).
    pub fn act(&mut self, act: &ResourceAct, fenced: bool) -> (Verdict, Vec<String>) {
        if let ResourceAct::Release { holder } = act {
            self.fenced_holders.retain(|(h, _)| h != holder);
        }
        let Some((key, token)) = key_of(act).filter(|_| fenced) else {
            return (Verdict::Accepted, vec![]);
        };
        let highest = self.highest.get(&key).copied();
        if let Some(highest) = highest.filter(|h| token < *h) {
            return (Verdict::Rejected { token, highest }, vec![]);
        }
        self.highest.insert(key, token);
        let mut out = Vec::new();
        if let ResourceAct::Acquire { holder, token } = act {
            let (old, keep): (Vec<_>, Vec<_>) = self
                .fenced_holders
                .drain(..)
                .partition(|(h, t)| h != holder && t < token);
            out = old.into_iter().map(|(h, _)| h).collect();
            self.fenced_holders = keep;
            self.fenced_holders.push((holder.clone(), *token));
        }
        (Verdict::Accepted, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(h: &str, token: u64) -> ResourceAct {
        ResourceAct::Write {
            holder: h.into(),
            token,
        }
    }

    #[test]
    fn fencing_rejects_stale_tokens_and_fences_out_older_holders() {
        let mut r = Resource::default();
        let a = ResourceAct::Acquire {
            holder: "a".into(),
            token: 3,
        };
        assert_eq!(r.act(&a, true), (Verdict::Accepted, vec![]));
        assert_eq!(r.act(&write("a", 3), true).0, Verdict::Accepted);
        let b = ResourceAct::Acquire {
            holder: "b".into(),
            token: 4,
        };
        assert_eq!(r.act(&b, true), (Verdict::Accepted, vec!["a".to_string()]));
        let stale = Verdict::Rejected {
            token: 3,
            highest: 4,
        };
        assert_eq!(r.act(&write("a", 3), true).0, stale);
        assert_eq!(stale.to_string(), "rejected: stale token 3 < 4");
        // Unfenced, the same stale write goes through.
        assert_eq!(r.act(&write("a", 3), false).0, Verdict::Accepted);
    }

    #[test]
    fn tasks_are_fenced_one_by_one() {
        let exec = |w: &str, task: &str, token| ResourceAct::Execute {
            worker: w.into(),
            task: task.into(),
            token,
        };
        let mut r = Resource::default();
        assert_eq!(r.act(&exec("w2", "t1", 9), true).0, Verdict::Accepted);
        assert_eq!(r.act(&exec("w1", "t2", 5), true).0, Verdict::Accepted);
        assert!(matches!(
            r.act(&exec("w1", "t1", 5), true).0,
            Verdict::Rejected { .. }
        ));
    }
}
