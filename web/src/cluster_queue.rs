//! Who waits for a lock, in order: read from the data tree of the leader (or, without one, of the
//! running server that has committed the most), never from the recipes' own state.
//!
//! The recipes (`engine`) queue by creating ephemeral sequential nodes under a parent
//! (`/lock`, `/herd-lock`, `/rwlock`, `/election`); the node with the lowest sequence number
//! holds. Each node's owner is a session, and each client shows its session, so the queue is the
//! parent's children sorted by sequence number, named by the client that owns them.

use engine::ClusterView;
use engine::ServerId;
use engine::Simulation;

/// The parents the recipe programs queue under.
pub const PARENTS: [&str; 4] = ["/lock", "/herd-lock", "/rwlock", "/election"];

/// One queue: a parent node and its contenders, lowest sequence number first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queue {
    /// The parent node (`/lock`).
    pub parent: &'static str,
    /// The contenders' client names (or node names when no client owns them), in order.
    pub members: Vec<String>,
}

/// The sequence number a sequential node's name ends with (ten digits).
pub fn sequence(name: &str) -> Option<u64> {
    let digits = name.get(name.len().checked_sub(10)?..)?;
    digits.parse().ok()
}

/// The server whose tree is read: the leader, else the running server with the highest
/// committed zxid (lowest id among equals).
fn source(sim: &Simulation, view: &ClusterView) -> Option<ServerId> {
    view.leader
        .filter(|&id| sim.server(id).is_some())
        .or_else(|| {
            view.servers
                .iter()
                .filter(|s| sim.server(s.id).is_some())
                .max_by_key(|s| (s.committed_zxid, std::cmp::Reverse(s.id)))
                .map(|s| s.id)
        })
}

/// Every non-empty queue, in [`PARENTS`] order.
pub fn queues(sim: &Simulation, view: &ClusterView) -> Vec<Queue> {
    let Some(server) = source(sim, view).and_then(|id| sim.server(id)) else {
        return Vec::new();
    };
    let tree = &server.state().tree;
    PARENTS
        .iter()
        .filter_map(|&parent| {
            let mut kids: Vec<(u64, String)> = tree
                .get_children(parent)
                .ok()?
                .into_iter()
                .map(|k| (sequence(&k).unwrap_or(u64::MAX), k))
                .collect();
            if kids.is_empty() {
                return None;
            }
            kids.sort();
            let members = kids
                .into_iter()
                .map(|(_, kid)| {
                    let owner = tree
                        .node(&format!("{parent}/{kid}"))
                        .map_or(0, |n| n.stat().ephemeral_owner);
                    view.clients
                        .iter()
                        .find(|c| owner != 0 && c.session == owner)
                        .map_or(kid, |c| c.name.clone())
                })
                .collect();
            Some(Queue { parent, members })
        })
        .collect()
}

/// Each client's place in a queue, counting from 1 (the head), by client name.
pub fn places(queues: &[Queue], name: &str) -> Option<usize> {
    queues
        .iter()
        .find_map(|q| q.members.iter().position(|m| m == name))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, State};
    use engine::ms;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_sequence_numbers() {
        assert_eq!(sequence("alice-lock-0000000003"), Some(3));
        assert_eq!(sequence("x"), None);
    }

    #[test]
    fn the_default_scenario_queues_alice_then_bob_then_carol() {
        // alice asks at 1 s, bob at 1.2 s, carol at 1.4 s; each holds for 1.5 s.
        let s = State::default().reduce(Action::Seek(ms(1_700)));
        let q = queues(s.sim(), &s.view);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].parent, "/lock");
        assert_eq!(q[0].members, ["alice", "bob", "carol"]);
        assert_eq!(places(&q, "bob"), Some(2));
        let holder = s.view.clients.iter().find(|c| c.holding).map(|c| &c.name);
        assert_eq!(holder.map(String::as_str), Some("alice"));
        // After alice lets go, bob holds and alice queues again behind carol.
        let s = s.reduce(Action::Seek(ms(3_300)));
        let q = queues(s.sim(), &s.view);
        assert_eq!(q[0].members.first().map(String::as_str), Some("bob"));
        assert_eq!(places(&q, "carol"), Some(2));
    }

    #[test]
    fn no_queue_before_anyone_asks() {
        let s = State::default().reduce(Action::Seek(ms(500)));
        assert!(queues(s.sim(), &s.view).is_empty());
    }
}
