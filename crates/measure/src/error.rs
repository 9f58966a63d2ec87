//! The errors of starting a measured process and waiting for it, whichever way it is
//! started (directly or through the launcher).

use std::path::PathBuf;

/// Errors starting or waiting for a process.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// The program could not be started (not found, not executable, bad cwd...).
    #[error("cannot start `{command}`: {source}")]
    Spawn {
        /// The command.
        command: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The stdin file could not be opened.
    #[error("cannot open input file {}: {source}", path.display())]
    Input {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// wait4 failed.
    #[error("waiting for pid {pid} failed: {source}")]
    Wait {
        /// The child.
        pid: i32,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}
