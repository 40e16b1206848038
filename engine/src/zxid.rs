//! ZooKeeper transaction ids: `epoch << 32 | counter` (reference Z2).

use std::fmt;

/// A transaction id. The high 32 bits are the leader's epoch, the low 32 bits count the
/// transactions proposed in that epoch; a new leader of epoch `e` starts at `(e, 0)` (Z2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Zxid(pub u64);

impl Zxid {
    /// The zxid `(epoch, counter)`.
    pub const fn new(epoch: u32, counter: u32) -> Self {
        Zxid(((epoch as u64) << 32) | counter as u64)
    }
    /// The epoch: the high 32 bits.
    pub const fn epoch(self) -> u32 {
        (self.0 >> 32) as u32
    }
    /// The counter within the epoch: the low 32 bits.
    pub const fn counter(self) -> u32 {
        self.0 as u32
    }
}

impl fmt::Display for Zxid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Z2: the epoch lives in the high 32 bits, the counter in the low 32 bits.
    #[test]
    fn z2_epoch_and_counter_split() {
        let z = Zxid::new(3, 7);
        assert_eq!(z.0, 0x0000_0003_0000_0007);
        assert_eq!((z.epoch(), z.counter()), (3, 7));
        assert!(Zxid::new(2, u32::MAX) < Zxid::new(3, 0));
    }
}
