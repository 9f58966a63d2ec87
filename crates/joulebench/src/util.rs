//! Small helpers for the binary: atomic file writes, signal flags.

use anyhow::Context;
use joulebench_measure::meter::StopFlag;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

/// Write `bytes` to `path` atomically: a temporary file in the same directory, flushed
/// and synced, then renamed over the target. A crash leaves the old file or the new one,
/// never half of one.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    // NamedTempFile is created 0600; an export is an ordinary file that others may read,
    // so give it the usual 0644 (keeping an existing file's mode would surprise less, but
    // exports are always new results).
    use std::os::unix::fs::PermissionsExt;
    tmp.write_all(bytes)
        .and_then(|_| {
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
        })
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

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
/// command's peak memory is its own (see `joulebench_measure::launch`). Where this binary
/// cannot be found again (no `/proc`), commands start directly, with a warning that their
/// peak memory then includes joulebench's own size.
pub fn launcher() -> Option<joulebench_measure::launch::Launcher> {
    match joulebench_measure::launch::Launcher::current_exe() {
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
