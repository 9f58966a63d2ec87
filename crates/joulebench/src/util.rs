//! Small helpers for the binary: signal flags, the launcher.

use anyhow::Context;
use joulebench_measure::StopFlag;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

/// A flag set to the signal number on SIGINT or SIGTERM. The measured process tree runs
/// in its own process group, so Ctrl-C reaches only joulebench, which then stops the
/// tree and keeps what was measured.
pub fn stop_on_signals() -> anyhow::Result<StopFlag> {
    let flag = Arc::new(AtomicUsize::new(0));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_usize(sig, flag.clone(), sig as usize)
            .context("cannot install signal handler")?;
    }
    Ok(flag)
}

/// The conventional exit status for death by `signal` (128 + n).
pub fn signal_exit_code(signal: i32) -> i32 {
    128 + signal
}

/// The launcher for measured commands: this binary in its `__launch` mode, so that a
/// command's peak memory is its own (see `joulebench_measure::Launcher`). Where this binary
/// cannot be found again (no `/proc`), commands start directly, with a warning that their
/// peak memory then includes joulebench's own size.
pub fn launcher() -> Option<joulebench_measure::Launcher> {
    match joulebench_measure::Launcher::current_exe() {
        Ok(l) => Some(l),
        Err(e) => {
            eprintln!(
                "Warning: cannot locate the joulebench binary ({e}): commands start directly, \
                 and their peak memory includes joulebench's own resident size."
            );
            None
        }
    }
}

/// The longest duration a flag accepts: a year. (`Duration::from_secs_f64(1e30)`
/// panicked: `--timeout 1e30` exited 101.)
const MAX_SECS: f64 = 365.0 * 24.0 * 3600.0;

/// A flag's seconds. `zero_ok`: whether 0 means something for this flag (`--idle 0`
/// skips the baseline); where it does not (`--timeout 0` silently meant no timeout), it
/// is refused.
pub fn flag_seconds(v: f64, flag: &str, zero_ok: bool) -> anyhow::Result<std::time::Duration> {
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
    Ok(std::time::Duration::from_secs_f64(v))
}

/// `--sample-rate`: above 0 and at most 10 kHz (counters update about every millisecond).
pub fn flag_sample_rate(hz: f64) -> anyhow::Result<f64> {
    if !(hz.is_finite() && hz > 0.0 && hz <= 10_000.0) {
        anyhow::bail!("--sample-rate must be above 0 and at most 10000 Hz, got {hz}");
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
        assert!(flag_sample_rate(0.0)
            .unwrap_err()
            .to_string()
            .contains("above 0"));
        assert!(flag_sample_rate(10.0).is_ok());
    }
}
