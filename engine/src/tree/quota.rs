//! D19: quota bookkeeping, as ZooKeeper 3.8 keeps it with enforcement off (its default). A node
//! `/zookeeper/quota/P/zookeeper_limits` makes `P` tracked; `/zookeeper/quota/P/zookeeper_stats`
//! holds `count=N,bytes=B` of P's subtree (P included): recounted when the stats node is
//! created, then updated in place by every create, delete and setData under P, without
//! touching its version or mzxid and without firing a watch. Deleting the limits node stops
//! the tracking. A path is tracked by its longest tracked prefix (never `/`).
//!
//! ZooKeeper keeps the tracked paths in a trie filled when limits nodes are created or read from
//! a snapshot; here they are found from the limits nodes themselves, which says the same.

use std::ops::Bound;

use super::data_tree::{DataTree, QUOTA};

/// The limits node's name.
pub const LIMITS: &str = "zookeeper_limits";
/// The stats node's name.
pub const STATS: &str = "zookeeper_stats";

/// `count` and `bytes` of a stats node's data (`count=N,bytes=B`, other keys ignored).
fn parse(data: &[u8]) -> (i64, i64) {
    let text = String::from_utf8_lossy(data);
    let mut out = (0, 0);
    for part in text.split(',') {
        match part.split_once('=') {
            Some(("count", v)) => out.0 = v.trim().parse().unwrap_or(0),
            Some(("bytes", v)) => out.1 = v.trim().parse().unwrap_or(0),
            _ => {}
        }
    }
    out
}

impl DataTree {
    /// The longest tracked prefix of `path` (itself included), if any.
    pub(crate) fn quota_prefix(&self, path: &str) -> Option<String> {
        // Most trees have no quota at all: then no path has one (and nothing is formatted).
        if self.node(QUOTA).is_none_or(|q| q.children.is_empty()) {
            return None;
        }
        let mut p = path;
        loop {
            if p.is_empty() || p == "/" {
                return None;
            }
            if self
                .nodes
                .contains_key(format!("{QUOTA}{p}/{LIMITS}").as_str())
            {
                return Some(p.to_string());
            }
            p = &p[..p.rfind('/')?];
        }
    }

    /// Add `count` nodes and `bytes` bytes to `prefix`'s stats node, in place.
    pub(crate) fn quota_add(&mut self, prefix: &str, count: i64, bytes: i64) {
        if let Some(n) = self.node_mut(&format!("{QUOTA}{prefix}/{STATS}")) {
            let (c, b) = parse(&n.data);
            n.data = format!("count={},bytes={}", c + count, b + bytes).into_bytes();
        }
    }

    /// Recount `prefix`'s subtree into its stats node (the stats node was just created).
    pub(crate) fn quota_recount(&mut self, prefix: &str) {
        let below = format!("{prefix}/");
        let (count, bytes) = self
            .nodes
            .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
            .take_while(|(p, _)| &***p == prefix || p.starts_with(&below))
            .fold((0i64, 0i64), |(c, b), (_, n)| {
                (c + 1, b + n.data.len() as i64)
            });
        if let Some(n) = self.node_mut(&format!("{QUOTA}{prefix}/{STATS}")) {
            n.data = format!("count={count},bytes={bytes}").into_bytes();
        }
    }

    /// What a create at `path` (with `len` bytes of data) does to the quotas.
    pub(crate) fn quota_created(&mut self, path: &str, len: usize) {
        if let Some(tracked) = path
            .strip_prefix(QUOTA)
            .and_then(|p| p.strip_suffix(&format!("/{STATS}")))
            .filter(|p| p.starts_with('/'))
        {
            self.quota_recount(tracked);
        }
        if let Some(prefix) = self.quota_prefix(path) {
            self.quota_add(&prefix, 1, len as i64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn stats_read_count_and_bytes() {
        assert_eq!(parse(b"count=3,bytes=11"), (3, 11));
        assert_eq!(parse(b"count=2,bytes=6,countHardLimit=9"), (2, 6));
        assert_eq!(parse(b"junk"), (0, 0));
    }
}
