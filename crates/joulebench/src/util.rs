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

/// A line above a progress bar on a terminal; plain stderr when the bar is hidden.
/// (indicatif's `println` prints nothing on a hidden bar, which swallowed every warning
/// in pipes and CI logs.)
pub fn say_above(bar: &indicatif::ProgressBar, line: String) {
    if bar.is_hidden() {
        eprintln!("{line}");
    } else {
        bar.println(line);
    }
}
