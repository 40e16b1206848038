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
}

impl std::fmt::Display for RecipeViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.invariant, self.detail)
    }
}

/// `mutual-exclusion`: at most one holder of the resource at a time (R3; for R2, at most one
/// leader). Two holders at once is what the GC-pause pitfall of R12 produces.
#[derive(Clone, Debug, Default)]
pub struct MutualExclusion {
    /// The current holders with their tokens, in the order they acquired.
    holders: Vec<(String, u64)>,
    violations: Vec<RecipeViolation>,
}

impl MutualExclusion {
    /// Record one act at `time`; returns the violation it causes, if any.
    pub fn act(&mut self, time: Micros, act: &ResourceAct) -> Option<RecipeViolation> {
        match act {
            ResourceAct::Acquire { holder, token } => {
                let others: Vec<String> = self
                    .holders
                    .iter()
                    .filter(|(h, _)| h != holder)
                    .map(|(h, t)| format!("{h} (token {t})"))
                    .collect();
                self.holders.retain(|(h, _)| h != holder);
                self.holders.push((holder.clone(), *token));
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
                };
                self.violations.push(v.clone());
                Some(v)
            }
            ResourceAct::Release { holder } => {
                self.holders.retain(|(h, _)| h != holder);
                None
            }
        }
    }

    /// Every violation so far.
    pub fn violations(&self) -> &[RecipeViolation] {
        &self.violations
    }

    /// Who holds the resource now.
    pub fn holders(&self) -> impl Iterator<Item = &str> {
        self.holders.iter().map(|(h, _)| h.as_str())
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
}
