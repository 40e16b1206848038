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
        if self.rate_ppm == PPM as i64 {
            // Not drifting (most clocks, most of the time): no wide arithmetic.
            return self.base_local + now.saturating_sub(self.base_global);
        }
        let elapsed = now.saturating_sub(self.base_global) as i128;
        self.base_local + (elapsed * self.rate_ppm as i128 / PPM) as Micros
    }

    /// The global time span that `local` microseconds of this clock take (rounded up).
    pub fn global_span(&self, local: Micros) -> Micros {
        if self.rate_ppm == PPM as i64 {
            return local;
        }
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

    /// A clock back at the normal rate (after drifting) takes the short way and gives what the
    /// general formula gives.
    #[test]
    fn a_clock_at_the_normal_rate_is_the_general_formula() {
        let mut c = Clock::default();
        c.set_drift(1_000, 200_000);
        c.set_drift(5_000, 0);
        assert_eq!(c.rate_ppm, PPM as i64);
        for t in [5_000, 5_001, 7_777, 1 << 40] {
            let general = c.base_local as i128 + (t - c.base_global) as i128 * PPM / PPM;
            assert_eq!(c.local(t) as i128, general);
            assert_eq!(c.global_span(t) as i128, (t as i128 * PPM + PPM - 1) / PPM);
        }
        assert_eq!(
            c.local(1_000),
            c.base_local,
            "before its base, it is at its base"
        );
    }
}
