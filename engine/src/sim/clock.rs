//! Per-process clocks. A process's clock may drift: it runs at `rate` of real (simulated global)
//! time, and its timers fire on its local time, so a fast clock fires timers early.

use crate::time::Micros;

/// Parts per million of a normal rate.
const PPM: i128 = 1_000_000;

/// A process's local clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    base_global: Micros,
    base_local: Micros,
    rate_ppm: i64,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            base_global: 0,
            base_local: 0,
            rate_ppm: PPM as i64,
        }
    }
}

impl Clock {
    /// Local time at global time `now`.
    pub fn local(&self, now: Micros) -> Micros {
        let elapsed = now.saturating_sub(self.base_global) as i128;
        self.base_local + (elapsed * self.rate_ppm as i128 / PPM) as Micros
    }

    /// The global time span that `local` microseconds of this clock take (rounded up).
    pub fn global_span(&self, local: Micros) -> Micros {
        let rate = self.rate_ppm.max(1) as i128;
        ((local as i128 * PPM + rate - 1) / rate) as Micros
    }

    /// From `now` on, run `percent` % fast (negative: slow). −100 % or less is clamped so the
    /// clock still creeps forward.
    pub fn set_drift(&mut self, now: Micros, percent_ppm: i64) {
        self.base_local = self.local(now);
        self.base_global = now;
        self.rate_ppm = (PPM as i64 + percent_ppm).max(10_000);
    }

    /// The drift from a normal rate, in parts per million.
    pub fn drift_ppm(&self) -> i64 {
        self.rate_ppm - PPM as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fast_clock_runs_ahead_and_fires_timers_early() {
        let mut c = Clock::default();
        assert_eq!(c.local(1_000), 1_000);
        c.set_drift(1_000, 200_000); // +20 %
        assert_eq!(c.local(2_000), 2_200);
        assert_eq!(c.global_span(1_200), 1_000);
        c.set_drift(2_000, -500_000); // now −50 %
        assert_eq!(c.local(4_000), 3_200);
        assert_eq!(c.global_span(100), 200);
    }
}
