//! Live checks of the master–worker application (R11) on the acts that reached the resource:
//! at most one acting master, each task executed at most once, and, at the end of a run, no
//! submitted task without a status.

use super::check::RecipeViolation;
use super::ResourceAct;
use crate::time::Micros;
use std::collections::{BTreeMap, BTreeSet};

/// `one-master`: masters act in terms that never interleave. A term is a master and its epoch;
/// once another term has acted, the earlier one must never act again. A failover (the old master
/// dies, a new one takes over) is fine; two masters taking turns is split brain (R11, R12).
#[derive(Clone, Debug, Default)]
pub struct OneMaster {
    current: Option<(String, u64)>,
    superseded: BTreeSet<(String, u64)>,
    violations: Vec<RecipeViolation>,
}

impl OneMaster {
    /// Record one accepted act at `time`; returns the violation it causes, if any.
    pub fn act(&mut self, time: Micros, act: &ResourceAct) -> Option<RecipeViolation> {
        let ResourceAct::Assign { master, epoch, .. } = act else {
            return None;
        };
        let term = (master.clone(), *epoch);
        let previous = self.current.replace(term.clone());
        let previous = previous.filter(|p| *p != term)?;
        self.superseded.insert(previous.clone());
        if !self.superseded.contains(&term) {
            return None;
        }
        let v = RecipeViolation {
            time,
            invariant: "one-master",
            detail: format!(
                "{master} (epoch {epoch}) acts as master after {} (epoch {}) did",
                previous.0, previous.1
            ),
            who: vec![master.clone(), previous.0.clone()],
            task: None,
        };
        self.violations.push(v.clone());
        Some(v)
    }
}

/// `at-most-once`: no task is executed twice (the book's exactly-once example: the master
/// suspects a worker that was only slow and gives its task to another, and both run it).
#[derive(Clone, Debug, Default)]
pub struct AtMostOnce {
    /// Who executed each task first, with the token.
    done: BTreeMap<String, (String, u64)>,
    violations: Vec<RecipeViolation>,
}

impl AtMostOnce {
    /// Record one accepted act at `time`; returns the violation it causes, if any.
    pub fn act(&mut self, time: Micros, act: &ResourceAct) -> Option<RecipeViolation> {
        let ResourceAct::Execute {
            worker,
            task,
            token,
        } = act
        else {
            return None;
        };
        let Some((first, first_token)) = self.done.get(task) else {
            self.done.insert(task.clone(), (worker.clone(), *token));
            return None;
        };
        let v = RecipeViolation {
            time,
            invariant: "at-most-once",
            detail: format!(
                "{task} executed again by {worker} (token {token}), already by {first} (token {first_token})"
            ),
            who: vec![worker.clone(), first.clone()],
            task: Some(task.clone()),
        };
        self.violations.push(v.clone());
        Some(v)
    }

    /// The tasks executed so far.
    pub fn executed(&self) -> impl Iterator<Item = &str> {
        self.done.keys().map(String::as_str)
    }
}

/// `no-lost-task`, checked at the end of a run: every task in `submitted` has a status
/// (`has_status` says whether `/status/<task>` exists).
pub fn lost_tasks(
    time: Micros,
    submitted: &[String],
    has_status: impl Fn(&str) -> bool,
) -> Vec<RecipeViolation> {
    submitted
        .iter()
        .filter(|t| !has_status(t))
        .map(|t| RecipeViolation {
            time,
            invariant: "no-lost-task",
            detail: format!("{t} was submitted but has no status"),
            who: Vec::new(),
            task: Some(t.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assign(m: &str, epoch: u64) -> ResourceAct {
        ResourceAct::Assign {
            master: m.into(),
            task: "t".into(),
            worker: "w".into(),
            epoch,
        }
    }

    #[test]
    fn failover_is_fine_and_taking_turns_is_split_brain() {
        let mut c = OneMaster::default();
        assert!(c.act(1, &assign("m1", 5)).is_none());
        assert!(c.act(2, &assign("m1", 5)).is_none());
        assert!(c.act(3, &assign("m2", 9)).is_none());
        // m1 elected again later is a new term.
        assert!(c.act(4, &assign("m1", 12)).is_none());
        let v = c.act(5, &assign("m2", 9)).expect("m2's old term again");
        assert_eq!(v.invariant, "one-master");
        assert_eq!(
            v.detail,
            "m2 (epoch 9) acts as master after m1 (epoch 12) did"
        );
    }

    #[test]
    fn a_task_executed_twice_is_caught() {
        let exec = |w: &str, t: &str, token| ResourceAct::Execute {
            worker: w.into(),
            task: t.into(),
            token,
        };
        let mut c = AtMostOnce::default();
        assert!(c.act(1, &exec("w1", "t1", 4)).is_none());
        assert!(c.act(2, &exec("w1", "t2", 5)).is_none());
        let v = c.act(3, &exec("w2", "t1", 7)).expect("twice");
        assert_eq!(
            v.detail,
            "t1 executed again by w2 (token 7), already by w1 (token 4)"
        );
    }

    #[test]
    fn a_task_without_status_is_lost() {
        let submitted = ["t1".to_string(), "t2".to_string()];
        let v = lost_tasks(9, &submitted, |t| t == "t1");
        assert_eq!(v.len(), 1);
        assert_eq!(
            v[0].to_string(),
            "no-lost-task: t2 was submitted but has no status"
        );
        assert!(lost_tasks(9, &submitted, |_| true).is_empty());
    }
}
