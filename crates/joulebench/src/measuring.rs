//! The measurement flags `run` and `rank` share, declared once and checked once.
//!
//! Why one place: the two commands used to declare these flags separately, and their
//! checks drifted (`--sample-rate` was validated in `run`, not in `rank`).

use crate::headings::MEASUREMENT;
use joulebench_measure::{Options, RunCount};
use std::time::Duration;

/// Flags common to `run` and `rank` (flattened into both).
#[derive(clap::Args, Debug, Clone)]
pub struct MeasureFlags {
    /// Un-measured runs before the measured ones (per command; in rank, per problem x
    /// language).
    #[arg(short, long, default_value_t = 0, value_name = "N", help_heading = MEASUREMENT)]
    pub warmup: u32,
    /// Kill a run after SECS seconds and record it as timed out (rank's default: 900;
    /// a timed-out run is excluded from the tables).
    #[arg(long, value_name = "SECS", help_heading = MEASUREMENT)]
    pub timeout: Option<f64>,
    /// Power timeline sample rate; never slower than the sensor's wrap-safe interval. 0:
    /// no timeline, the sensor is read at the start and end of each run (and in between
    /// only as often as counters that wrap need).
    #[arg(long, value_name = "HZ", default_value_t = 10.0, help_heading = MEASUREMENT)]
    pub sample_rate: f64,
    /// Measure idle power for SECS before the first run (0: skip).
    #[arg(long, value_name = "SECS", default_value_t = 2.0, help_heading = MEASUREMENT)]
    pub idle: f64,
}

/// The flags checked: values a measurement can honour.
#[derive(Clone, Debug, PartialEq)]
pub struct Measuring {
    /// Warm-up runs.
    pub warmup: u32,
    /// Kill a run after this long.
    pub timeout: Option<Duration>,
    /// Timeline samples per second (0: no timeline).
    pub sample_rate: f64,
    /// Idle baseline length (zero: none).
    pub idle: Duration,
}

impl MeasureFlags {
    /// Check every flag, naming the one at fault. `default_timeout`: the command's
    /// timeout when `--timeout` is not given (seconds).
    pub fn check(&self, default_timeout: Option<f64>) -> anyhow::Result<Measuring> {
        Ok(Measuring {
            warmup: self.warmup,
            timeout: self
                .timeout
                .or(default_timeout)
                .map(|t| flag_seconds(t, "--timeout", false))
                .transpose()?,
            sample_rate: flag_sample_rate(self.sample_rate)?,
            idle: flag_seconds(self.idle, "--idle", true)?,
        })
    }
}

impl Measuring {
    /// The runner's options for these flags and `runs`; the rest at their defaults.
    pub fn options(&self, runs: RunCount) -> Options {
        Options {
            warmup: self.warmup,
            runs,
            timeout: self.timeout,
            idle: self.idle,
            ..Options::default()
        }
    }
}

/// A run-count flag (`--runs`, `--min-runs`, `--max-runs`): at least 1 when given.
pub fn flag_count(flag: &str, n: Option<u32>) -> anyhow::Result<Option<u32>> {
    if n == Some(0) {
        anyhow::bail!("{flag} must be at least 1");
    }
    Ok(n)
}

/// The longest duration a flag accepts: a year. (`Duration::from_secs_f64(1e30)`
/// panicked: `--timeout 1e30` exited 101.)
const MAX_SECS: f64 = 365.0 * 24.0 * 3600.0;

/// A flag's seconds. `zero_ok`: whether 0 means something for this flag (`--idle 0`
/// skips the baseline); where it does not (`--timeout 0` silently meant no timeout), it
/// is refused.
pub fn flag_seconds(v: f64, flag: &str, zero_ok: bool) -> anyhow::Result<Duration> {
    if !v.is_finite() || v < 0.0 || (v == 0.0 && !zero_ok) {
        let want = if zero_ok {
            "a number of seconds, 0 or more"
        } else {
            "a number of seconds above 0"
        };
        anyhow::bail!("{flag} must be {want}, got {v}");
    }
    if v > MAX_SECS {
        anyhow::bail!("{flag} {v}: more than a year ({MAX_SECS} s) is not a measurement");
    }
    Ok(Duration::from_secs_f64(v))
}

/// `--sample-rate`: 0 (no timeline) or at most 10 kHz (counters update about every
/// millisecond).
pub fn flag_sample_rate(hz: f64) -> anyhow::Result<f64> {
    if !(hz.is_finite() && (0.0..=10_000.0).contains(&hz)) {
        anyhow::bail!("--sample-rate must be 0 (no timeline) to 10000 Hz, got {hz}");
    }
    Ok(hz)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (reliability issue): 1e30 panicked, 0 meant "no timeout" silently.
    #[test]
    fn flag_values_that_cannot_be_honoured_are_refused() {
        for (v, zero_ok) in [(1e30, true), (f64::NAN, true), (-1.0, true), (0.0, false)] {
            let e = flag_seconds(v, "--timeout", zero_ok)
                .unwrap_err()
                .to_string();
            assert!(e.contains("--timeout"), "{e}");
        }
        assert_eq!(flag_seconds(0.0, "--idle", true).unwrap().as_secs(), 0);
        assert_eq!(flag_seconds(2.5, "--idle", true).unwrap().as_millis(), 2500);
        for bad in [-1.0, 10_001.0, f64::NAN] {
            assert!(flag_sample_rate(bad)
                .unwrap_err()
                .to_string()
                .contains("0 (no timeline) to 10000 Hz"));
        }
        assert!(flag_sample_rate(10.0).is_ok());
        // 0: no timeline, read at the start and the end of each run.
        assert_eq!(flag_sample_rate(0.0).unwrap(), 0.0);
        assert!(flag_count("--runs", Some(0))
            .unwrap_err()
            .to_string()
            .contains("--runs must be at least 1"));
        assert_eq!(flag_count("--runs", None).unwrap(), None);
    }

    /// Regression (redesign issue): rank did not check --sample-rate; one check serves
    /// both commands now, and the command's own timeout default applies.
    #[test]
    fn one_check_for_both_commands() {
        let flags = MeasureFlags {
            warmup: 1,
            timeout: None,
            sample_rate: 10.0,
            idle: 0.0,
        };
        let m = flags.check(Some(900.0)).unwrap();
        assert_eq!(m.timeout, Some(Duration::from_secs(900)));
        assert_eq!(flags.check(None).unwrap().timeout, None);
        let bad = MeasureFlags {
            sample_rate: -1.0,
            ..flags.clone()
        };
        assert!(bad
            .check(None)
            .unwrap_err()
            .to_string()
            .contains("--sample-rate"));
        let o = m.options(RunCount::default());
        assert_eq!((o.warmup, o.idle), (1, Duration::ZERO));
    }
}
