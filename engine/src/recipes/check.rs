//! Live checks of what recipe programs do to the protected resource, in the style of
//! [`crate::check`]: fed every [`ResourceAct`] in order, each names what broke.

use super::ResourceAct;
use crate::time::Micros;

/// One broken recipe invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeViolation {
    /// When it was detected.
    pub time: Micros,
    /// The invariant's name.
    pub invariant: &'static str,
    /// Why, in words.
    pub detail: String,
    /// The clients involved: the one whose act broke it first, then the others.
    pub who: Vec<String>,
    /// The task involved, for the master–worker checks.
    pub task: Option<String>,
}

impl std::fmt::Display for RecipeViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.invariant, self.detail)
    }
}

/// `mutual-exclusion`: at most one holder of the resource at a time (R3; for R2, at most one
/// leader), except that shared holders (R5's readers) may overlap one another, never an
/// exclusive holder. Two holders at once is what the GC-pause pitfall of R12 produces.
#[derive(Clone, Debug, Default)]
pub struct MutualExclusion {
    /// The current holders with their tokens and whether they share, in the order they acquired.
    holders: Vec<(String, u64, bool)>,
    violations: Vec<RecipeViolation>,
}

impl MutualExclusion {
    /// Record one act at `time`; returns the violation it causes, if any.
    pub fn act(&mut self, time: Micros, act: &ResourceAct) -> Option<RecipeViolation> {
        match act {
            ResourceAct::Acquire { holder, token }
            | ResourceAct::AcquireShared { holder, token } => {
                let shared = matches!(act, ResourceAct::AcquireShared { .. });
                let clash: Vec<&(String, u64, bool)> = self
                    .holders
                    .iter()
                    .filter(|(h, _, s)| h != holder && !(shared && *s))
                    .collect();
                let others: Vec<String> = clash
                    .iter()
                    .map(|(h, t, _)| format!("{h} (token {t})"))
                    .collect();
                let who: Vec<String> = std::iter::once(holder.clone())
                    .chain(clash.iter().map(|(h, _, _)| h.clone()))
                    .collect();
                self.holders.retain(|(h, _, _)| h != holder);
                self.holders.push((holder.clone(), *token, shared));
                if others.is_empty() {
                    return None;
                }
                let v = RecipeViolation {
                    time,
                    invariant: "mutual-exclusion",
                    detail: format!(
                        "{holder} (token {token}) acquires while {} holds",
                        others.join(", ")
                    ),
                    who,
                    task: None,
                };
                self.violations.push(v.clone());
                Some(v)
            }
            ResourceAct::Release { holder } => {
                self.holders.retain(|(h, _, _)| h != holder);
                None
            }
            _ => None,
        }
    }

    /// Every violation so far.
    #[cfg(test)]
    pub fn violations(&self) -> &[RecipeViolation] {
        &self.violations
    }

    /// Who holds the resource now.
    #[cfg(test)]
    pub fn holders(&self) -> impl Iterator<Item = &str> {
        self.holders.iter().map(|(h, _, _)| h.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acquire(h: &str, token: u64) -> ResourceAct {
        ResourceAct::Acquire {
            holder: h.into(),
            token,
        }
    }

    #[test]
    fn a_hand_off_is_fine_and_an_overlap_is_caught() {
        let mut m = MutualExclusion::default();
        assert!(m.act(1, &acquire("a", 1)).is_none());
        let release = ResourceAct::Release { holder: "a".into() };
        assert!(m.act(2, &release).is_none());
        assert!(m.act(3, &acquire("b", 2)).is_none());
        let v = m.act(4, &acquire("a", 3)).expect("overlap");
        assert_eq!(v.detail, "a (token 3) acquires while b (token 2) holds");
        assert_eq!(m.violations().len(), 1);
        assert_eq!(m.holders().collect::<Vec<_>>(), ["b", "a"]);
    }

    #[test]
    fn shared_holders_overlap_but_not_with_an_exclusive_one() {
        let shared = |h: &str, token| ResourceAct::AcquireShared {
            holder: h.into(),
            token,
        };
        let mut m = MutualExclusion::default();
        assert!(m.act(1, &shared("r1", 1)).is_none());
        assert!(m.act(2, &shared("r2", 2)).is_none());
        let v = m.act(3, &acquire("w", 3)).expect("writer among readers");
        assert_eq!(
            v.detail,
            "w (token 3) acquires while r1 (token 1), r2 (token 2) holds"
        );
        let v = m.act(4, &shared("r3", 4)).expect("reader with a writer");
        assert_eq!(v.detail, "r3 (token 4) acquires while w (token 3) holds");
    }
}
