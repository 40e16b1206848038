//! A stable 64-bit digest of values fed field by field. Unlike hashing a value's `Debug` text,
//! it allocates nothing and does not change when a type or a variant is renamed, so
//! fingerprints (trace hashes, applied-txn digests) stay put across refactors.
//!
//! It takes its input a word (8 bytes, little-endian) at a time: each word is xored into the
//! state, which is then multiplied by an odd constant and rotated. Both steps are one-to-one,
//! so two inputs that differ in one word (and agree after it) always end in different digests.
//! A trace folds every event into it, so it runs once per message sent and once per message
//! delivered: a step per word, not per byte (as FNV-1a would), is what keeps that cheap.

/// The multiplier (odd: multiplying by it is one-to-one on 64-bit words).
const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// A digest under construction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digest(u64);

impl Default for Digest {
    fn default() -> Self {
        Digest(0xcbf2_9ce4_8422_2325)
    }
}

impl Digest {
    /// A digest continuing from `state` (a previous [`Digest::finish`]).
    pub fn from_state(state: u64) -> Self {
        Digest(state)
    }

    fn word(self, w: u64) -> Self {
        Digest((self.0 ^ w).wrapping_mul(K).rotate_left(27))
    }

    /// Feed raw bytes, a word at a time; a last partial word is padded with zeros, so feed the
    /// length first wherever it varies ([`Digest::str`] does).
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut le = [0u8; 8];
            le.copy_from_slice(w);
            self = self.word(u64::from_le_bytes(le));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut le = [0u8; 8];
            le[..rest.len()].copy_from_slice(rest);
            self = self.word(u64::from_le_bytes(le));
        }
        self
    }

    /// Feed a number.
    pub fn u64(self, v: u64) -> Self {
        self.word(v)
    }

    /// Feed a string, with its length first (so `"ab","c"` and `"a","bc"` differ).
    pub fn str(self, s: &str) -> Self {
        self.u64(s.len() as u64).bytes(s.as_bytes())
    }

    /// The digest.
    pub fn finish(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(parts: &[&str]) -> u64 {
        parts
            .iter()
            .fold(Digest::default(), |d, p| d.str(p))
            .finish()
    }

    /// The digest of a given input is a fixed number (the same natively and in Wasm, and
    /// from one version to the next): a trace's hash is compared across both.
    #[test]
    fn a_digest_is_a_fixed_number() {
        assert_eq!(Digest::default().finish(), 0xcbf2_9ce4_8422_2325);
        assert_eq!(of(&["s1 -> s2 PING"]), 0x8a66_86b8_e80a_6632);
    }

    /// Where the words are cut, and every single byte, counts.
    #[test]
    fn every_byte_and_every_boundary_counts() {
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
        assert_ne!(of(&["abc"]), of(&["abc\0"]));
        let base = "s1 -> alice REQUEST session=0x1 xid=7";
        let mut seen = vec![of(&[base])];
        for i in 0..base.len() {
            let mut changed = base.as_bytes().to_vec();
            changed[i] ^= 0x20;
            let changed = String::from_utf8(changed).unwrap();
            seen.push(of(&[&changed]));
        }
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), base.len() + 1);
        assert_ne!(
            Digest::default().u64(1).finish(),
            Digest::default().u64(1 << 63).finish()
        );
    }
}
