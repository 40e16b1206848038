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
    /// `0x` and the lower-case hex digits (`0x100000002`): written by hand, as every message
    /// that carries a zxid is described with it when sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 18];
        let mut at = buf.len();
        let mut v = self.0;
        loop {
            at -= 1;
            buf[at] = b"0123456789abcdef"[(v & 0xf) as usize];
            v >>= 4;
            if v == 0 {
                break;
            }
        }
        at -= 2;
        buf[at..at + 2].copy_from_slice(b"0x");
        // Only ASCII was written.
        f.write_str(std::str::from_utf8(&buf[at..]).unwrap_or("0x?"))
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

    /// Written by hand as `format!("0x{:x}")` writes it.
    #[test]
    fn a_zxid_is_written_in_hex() {
        for v in [
            0,
            1,
            0xf,
            0x10,
            0x1_0000_0002,
            0xdead_beef_0000_0001,
            u64::MAX,
        ] {
            assert_eq!(Zxid(v).to_string(), format!("0x{v:x}"));
        }
    }
}
