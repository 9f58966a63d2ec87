//! Wrap-around of fixed-width energy counters, in one small type.
//!
//! powercap's `energy_uj` and the RAPL MSRs are 32-bit (or `max_energy_range_uj`-bounded)
//! counters that restart from zero. As long as two samples are less than one full range
//! apart in energy, the forward distance from the previous value to the new one is the
//! energy used, whatever the number of wraps over the whole run.

use std::time::Duration;

/// The outcome of feeding one raw counter value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WrapUpdate {
    /// The first value: nothing to add yet.
    First,
    /// Energy (raw units) since the previous accepted value; `wrapped` tells whether the
    /// counter passed its maximum.
    Delta {
        /// Raw units consumed since the previous accepted value.
        units: u64,
        /// True when the counter restarted from zero in between.
        wrapped: bool,
    },
    /// The value implied more energy than the plausible maximum power could produce in
    /// the elapsed time (a jump ahead, a late or garbage read): dropped, and the previous
    /// value stays the reference, so a later plausible value still counts the energy.
    Implausible {
        /// The raw value that was rejected.
        raw: u64,
    },
    /// The counter went backwards by more than a plausible wrap (a reset, a driver
    /// reload), or jumped ahead implausibly twice in a row (a counter that now counts
    /// from elsewhere): the new value becomes the reference, so counting goes on from it.
    /// The energy between the previous value and the reset is unknown: whoever measured
    /// across it must not trust that figure.
    Reset {
        /// The raw value it restarted from.
        raw: u64,
        /// True when it went backwards; false for a lasting jump ahead.
        backwards: bool,
    },
}

/// A wrap-safe accumulator for one counter with values in `0..=max`.
#[derive(Clone, Debug)]
pub struct WrapCounter {
    /// Largest value the counter shows before restarting at zero.
    max: u64,
    last: Option<u64>,
    total: u128,
    wraps: u64,
    dropped: u64,
    resets: u64,
    /// The previous value was dropped as an implausible jump ahead.
    after_jump: bool,
}

impl WrapCounter {
    /// A counter whose largest value is `max` (e.g. `max_energy_range_uj`, or 2^32-1).
    pub fn new(max: u64) -> Self {
        WrapCounter {
            max,
            last: None,
            total: 0,
            wraps: 0,
            dropped: 0,
            resets: 0,
            after_jump: false,
        }
    }

    /// Feed a raw value. `limit` is the largest plausible delta for the time since the
    /// previous value (None: no plausibility check). A delta above it is dropped and
    /// counted, the previous value staying the reference, unless the counter went
    /// backwards: then it was reset, and it is re-based on the new value (before, every
    /// later value was dropped as well, and the rest of the measurement read 0 J).
    pub fn update(&mut self, raw: u64, limit: Option<u64>) -> WrapUpdate {
        let Some(last) = self.last else {
            self.last = Some(raw);
            return WrapUpdate::First;
        };
        if raw > self.max {
            self.dropped += 1;
            return WrapUpdate::Implausible { raw };
        }
        let (units, wrapped) = if raw >= last {
            (raw - last, false)
        } else {
            // Forward distance through the wrap point: up to max, then 0..=raw.
            (self.max - last + raw + 1, true)
        };
        if limit.is_some_and(|l| units > l) {
            // A step back, or a second jump ahead in a row: the counter now counts from
            // somewhere else (keeping the old reference would drop every later value,
            // and the rest of the measurement would read 0 J). One jump alone is dropped:
            // a late or torn read is followed by a plausible value again.
            if wrapped || self.after_jump {
                self.last = Some(raw);
                self.resets += 1;
                self.after_jump = false;
                return WrapUpdate::Reset {
                    raw,
                    backwards: wrapped,
                };
            }
            self.after_jump = true;
            self.dropped += 1;
            return WrapUpdate::Implausible { raw };
        }
        self.after_jump = false;
        self.last = Some(raw);
        self.total += u128::from(units);
        if wrapped {
            self.wraps += 1;
        }
        WrapUpdate::Delta { units, wrapped }
    }

    /// Total raw units accumulated since the first value.
    pub fn total(&self) -> u128 {
        self.total
    }
}

/// What the tests observe (the sensors count drops and resets themselves, to word their
/// warnings).
#[cfg(test)]
impl WrapCounter {
    /// How many wraps were seen.
    pub fn wraps(&self) -> u64 {
        self.wraps
    }

    /// How many values were rejected as implausible.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// How many times the counter was reset (went backwards) and was re-based.
    pub fn resets(&self) -> u64 {
        self.resets
    }
}

/// The longest interval between samples that still sees at most one wrap, for a counter
/// spanning `range_joules` and a highest plausible power `max_watts`, with a safety
/// `margin` (0.5 = half the theoretical limit).
pub fn safe_interval(range_joules: f64, max_watts: f64, margin: f64) -> Duration {
    if !(range_joules > 0.0 && max_watts > 0.0) {
        return Duration::from_secs(1);
    }
    Duration::from_secs_f64(range_joules / max_watts * margin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_and_wrapped_deltas() {
        let mut c = WrapCounter::new(999);
        assert_eq!(c.update(990, None), WrapUpdate::First);
        assert_eq!(
            c.update(995, None),
            WrapUpdate::Delta {
                units: 5,
                wrapped: false
            }
        );
        // 995 -> 999 (4 units) -> 0 (1 unit) -> 5 (5 units) = 10
        assert_eq!(
            c.update(5, None),
            WrapUpdate::Delta {
                units: 10,
                wrapped: true
            }
        );
        assert_eq!(c.total(), 15);
        assert_eq!(c.wraps(), 1);
    }

    #[test]
    fn implausible_values_are_dropped_and_counted() {
        let mut c = WrapCounter::new(1_000_000);
        c.update(500_000, Some(1000));
        // Jumped ahead by far more than the limit allows: dropped, reference kept.
        assert_eq!(
            c.update(600_000, Some(1000)),
            WrapUpdate::Implausible { raw: 600_000 }
        );
        assert_eq!(c.dropped(), 1);
        // So the next good value counts from 500_000.
        c.update(500_100, Some(1000));
        assert_eq!(c.total(), 100);
        // Above the counter's range is garbage, not a wrap.
        assert!(matches!(
            c.update(2_000_000, None),
            WrapUpdate::Implausible { .. }
        ));
    }

    /// Regression (reliability issue): a counter that went backwards (reset, driver
    /// reload) kept the old reference, so every later value was dropped as implausible
    /// and every later run read 0 J "measured".
    #[test]
    fn a_reset_re_bases_and_counting_goes_on() {
        let mut c = WrapCounter::new(1_000_000);
        c.update(500_000, Some(1000));
        c.update(500_400, Some(1000));
        // Back to near zero: as a wrap that would be ~1e6 units, far above the limit.
        assert_eq!(
            c.update(30, Some(1000)),
            WrapUpdate::Reset {
                raw: 30,
                backwards: true
            }
        );
        assert_eq!((c.resets(), c.dropped()), (1, 0));
        // Counting goes on from the new value.
        for raw in [530, 1030, 1530] {
            assert!(matches!(
                c.update(raw, Some(1000)),
                WrapUpdate::Delta { .. }
            ));
        }
        assert_eq!(c.total(), 400 + 1500);
        // A genuine wrap near the top is still a wrap, not a reset.
        let mut w = WrapCounter::new(1_000_000);
        w.update(999_900, Some(1000));
        assert_eq!(
            w.update(50, Some(1000)),
            WrapUpdate::Delta {
                units: 151,
                wrapped: true
            }
        );
        assert_eq!(w.resets(), 0);
    }

    /// Regression (reliability issue): a counter that jumped ahead implausibly kept its
    /// old reference, so every later value was dropped too. One jump is dropped; a second
    /// in a row re-bases, and counting goes on.
    #[test]
    fn a_lasting_jump_ahead_re_bases_after_the_second_value() {
        let mut c = WrapCounter::new(1_000_000);
        c.update(1_000, Some(1000));
        assert!(matches!(
            c.update(600_000, Some(1000)),
            WrapUpdate::Implausible { .. }
        ));
        assert_eq!(
            c.update(600_500, Some(1000)),
            WrapUpdate::Reset {
                raw: 600_500,
                backwards: false
            }
        );
        assert!(matches!(
            c.update(601_000, Some(1000)),
            WrapUpdate::Delta { units: 500, .. }
        ));
        assert_eq!((c.resets(), c.dropped(), c.total()), (1, 1, 500));
        // A single late read followed by a plausible value is not a reset.
        let mut d = WrapCounter::new(1_000_000);
        d.update(1_000, Some(1000));
        d.update(900_000, Some(1000));
        assert!(matches!(
            d.update(1_500, Some(1000)),
            WrapUpdate::Delta { .. }
        ));
        assert_eq!((d.resets(), d.dropped(), d.total()), (0, 1, 500));
    }

    #[test]
    fn safe_interval_is_range_over_power() {
        // 262144 J counter at 200 W with 50 % margin: 655 s.
        let d = safe_interval(262_144.0, 200.0, 0.5);
        assert!((d.as_secs_f64() - 655.36).abs() < 1e-6);
    }

    proptest! {
        /// Whatever the sampling pattern, as long as no gap exceeds one range, the deltas
        /// are never negative and add up to the true energy.
        #[test]
        fn sum_of_deltas_is_true_energy(
            max in 1_000u64..u32::MAX as u64,
            start_frac in 0.0f64..1.0,
            steps in proptest::collection::vec(0.0f64..0.999, 1..200),
        ) {
            let modulus = max + 1;
            let start = ((max as f64) * start_frac) as u64;
            let mut c = WrapCounter::new(max);
            c.update(start, None);
            let mut truth: u128 = 0;
            for s in steps {
                let step = ((max as f64) * s) as u64;
                truth += u128::from(step);
                let raw = ((u128::from(start) + truth) % u128::from(modulus)) as u64;
                match c.update(raw, Some(max)) {
                    WrapUpdate::Delta { units, .. } => prop_assert!(units <= max),
                    other => prop_assert!(false, "unexpected {:?}", other),
                }
            }
            prop_assert_eq!(c.total(), truth);
        }
    }
}
