//! The per-session index of ephemeral nodes, with the iteration order of ZooKeeper's
//! `HashSet<String>`.
//!
//! Why the order matters: a closeSession txn deletes the session's ephemerals in the order the
//! leader listed them (`new ArrayList<>(getEphemerals(id))`, a clone of a `java.util.HashSet`),
//! and that order is the order of the NodeDeleted / NodeChildrenChanged events clients see
//! (W2, D10). Java's order is deterministic: buckets by `hash(path) & (capacity − 1)`, and
//! within a bucket the order in which entries were put. We reproduce it from the paths'
//! `String.hashCode`, the set's insertion history and the table sizes of JDK 17 (the JDK of the
//! recorded server). Not modelled: tree bins (8+ colliding paths in one bucket of a table of
//! 64+), and the exact history of sets rebuilt from a snapshot.

use std::collections::BTreeMap;

/// One session's ephemerals: path → insertion number, plus the capacity the Java set's table
/// has grown to (it never shrinks).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SessionEphemerals {
    paths: BTreeMap<String, u64>,
    next_seq: u64,
    /// Table length of the session's `HashSet` (0 until the first insertion).
    capacity: usize,
}

/// `String.hashCode()`: `31·h + c` over UTF-16 code units, in wrapping `int` arithmetic.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// `HashMap.hash`: the hash code with its high half folded into the low half.
fn spread(h: i32) -> u32 {
    let h = h as u32;
    h ^ (h >> 16)
}

/// `HashMap.tableSizeFor`: the smallest power of two ≥ `cap` (at least 1).
fn table_size_for(cap: usize) -> usize {
    cap.max(1).next_power_of_two()
}

impl SessionEphemerals {
    /// Records a new ephemeral; a `HashMap` doubles its table once size exceeds ¾ of it.
    pub(crate) fn insert(&mut self, path: &str) {
        if self.paths.contains_key(path) {
            return;
        }
        self.paths.insert(path.to_string(), self.next_seq);
        self.next_seq += 1;
        if self.capacity == 0 {
            self.capacity = 16;
        }
        while self.paths.len() > self.capacity * 3 / 4 {
            self.capacity *= 2;
        }
    }

    /// Forgets a deleted ephemeral (the table keeps its size).
    pub(crate) fn remove(&mut self, path: &str) {
        self.paths.remove(path);
    }

    /// The paths, sorted.
    pub(crate) fn sorted(&self) -> impl Iterator<Item = &str> {
        self.paths.keys().map(String::as_str)
    }

    /// The iteration order of `new ArrayList<>(set.clone())`, the closeSession list.
    ///
    /// `HashSet.clone` re-puts the entries, in the source's iteration order, into a table
    /// pre-sized by `putMapEntries` (JDK 17: `tableSizeFor((int)(s / 0.75f + 1))`). So entries
    /// sort by their bucket in the clone, then by their bucket in the source, then by insertion.
    pub(crate) fn java_order(&self) -> Vec<String> {
        let s = self.paths.len();
        if s == 0 {
            return Vec::new();
        }
        let clone_cap = table_size_for(((s as f32) / 0.75f32 + 1.0f32) as usize) as u32;
        let src_cap = self.capacity.max(16) as u32;
        let mut entries: Vec<(u32, u32, u64, &String)> = self
            .paths
            .iter()
            .map(|(p, seq)| {
                let h = spread(java_string_hash(p));
                (h & (clone_cap - 1), h & (src_cap - 1), *seq, p)
            })
            .collect();
        entries.sort();
        entries.into_iter().map(|(_, _, _, p)| p.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hash_matches_java() {
        // Values from java.lang.String.hashCode.
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(java_string_hash("/a"), 47 * 31 + 97);
        assert_eq!(java_string_hash("hello"), 99_162_322);
        assert_eq!(java_string_hash("polygenelubricants"), i32::MIN);
    }

    #[test]
    fn capacity_grows_like_hashmap() {
        let mut e = SessionEphemerals::default();
        for i in 0..12 {
            e.insert(&format!("/e{i}"));
        }
        assert_eq!(e.capacity, 16, "12 entries fit a 16-table (threshold 12)");
        e.insert("/e12");
        assert_eq!(e.capacity, 32);
        for i in 0..13 {
            e.remove(&format!("/e{i}"));
        }
        assert_eq!(e.capacity, 32, "tables never shrink");
        assert_eq!(e.sorted().count(), 0);
    }

    /// The clone of a 2-entry set has a 4-slot table (JDK 17), so the order is by `hash & 3`,
    /// then by the 16-slot source order.
    #[test]
    fn java_order_by_clone_bucket_then_source() {
        let mut e = SessionEphemerals::default();
        // "/b" hashes to 47·31+98 = 1555 (bucket 3 of 4), "/a" to 1554 (bucket 2 of 4):
        // whatever the insertion order, "/a" comes first.
        e.insert("/b");
        e.insert("/a");
        assert_eq!(e.java_order(), vec!["/a", "/b"]);
        // "/a" and "/e" (1558) share bucket 2 of a 4-table; in the source (16 slots) they sit
        // in buckets 2 and 6, so "/a" still precedes "/e" whatever their insertion order.
        let mut e = SessionEphemerals::default();
        e.insert("/e");
        e.insert("/a");
        assert_eq!(e.java_order(), vec!["/a", "/e"]);
        // "/a" and "/q" (1570 = 1554 + 16) share a bucket in both tables: insertion decides.
        let mut e = SessionEphemerals::default();
        e.insert("/q");
        e.insert("/a");
        assert_eq!(e.java_order(), vec!["/q", "/a"]);
    }
}
