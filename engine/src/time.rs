//! Virtual time. The engine never reads a wall clock: time is a number of microseconds that the
//! simulator advances.

/// A point in (or span of) simulated time, in microseconds.
pub type Micros = u64;

/// `n` milliseconds as [`Micros`].
pub const fn ms(n: u64) -> Micros {
    n * 1_000
}

/// `n` seconds as [`Micros`].
pub const fn secs(n: u64) -> Micros {
    n * 1_000_000
}
