//! A stable 64-bit digest (FNV-1a) of values fed field by field. Unlike hashing a value's
//! `Debug` text, it allocates nothing and does not change when a type or a variant is renamed,
//! so fingerprints (trace hashes, applied-txn digests) stay put across refactors.

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

    /// Feed raw bytes.
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01B3);
        }
        self
    }

    /// Feed a number.
    pub fn u64(self, v: u64) -> Self {
        self.bytes(&v.to_le_bytes())
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
