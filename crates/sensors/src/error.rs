//! Classified sensor errors: what went wrong, how serious it is, and how to fix it.

use std::path::PathBuf;

/// How an error should be treated by callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorClass {
    /// This back-end does not exist on this machine (no driver, no PMU, no files).
    Unavailable,
    /// The back-end exists but this user may not read it.
    PermissionDenied,
    /// A reading failed but may succeed later (a zone vanished, an I/O hiccup, garbage).
    Transient,
}

/// An error from a sensor back-end. Every variant names the file or facility involved.
#[derive(Debug, thiserror::Error)]
pub enum SensorError {
    /// The back-end is not present here.
    #[error("{sensor}: {reason}")]
    Unavailable {
        /// Back-end name (`rapl-powercap`, ...).
        sensor: &'static str,
        /// Why, in plain words.
        reason: String,
        /// The exact command or step that would make it available, if any.
        fix: Option<String>,
    },
    /// The back-end exists but reading it was refused.
    #[error("{sensor}: permission denied reading {}", path.display())]
    PermissionDenied {
        /// Back-end name.
        sensor: &'static str,
        /// What was refused.
        path: PathBuf,
        /// The exact fix.
        fix: String,
    },
    /// A counter file held something that is not a counter.
    #[error("{}: cannot parse {content:?} as an energy counter", path.display())]
    Parse {
        /// The file read.
        path: PathBuf,
        /// What it contained (trimmed, truncated).
        content: String,
    },
    /// A zone or device that was there when the sensor opened is gone.
    #[error("{}: energy zone disappeared while measuring", path.display())]
    Vanished {
        /// The zone's path.
        path: PathBuf,
    },
    /// A path where a sensor file belongs holds something no sensor file is (a FIFO, a
    /// device, a file far too large): refused without reading it, so that it cannot hang
    /// or exhaust joulebench.
    #[error("{}: {why}; refused (sensor files are small regular files)", path.display())]
    NotASensorFile {
        /// The path.
        path: PathBuf,
        /// What it is.
        why: String,
    },
    /// The counters exist and read, but none of them moved while several updates were
    /// due: they do not count. (A virtual machine can expose the perf `power` PMU's
    /// events, or powercap files, without counting anything: every run then read
    /// "0.00 J (measured)".)
    #[error(
        "{sensor}: the counters did not move in {} ms ({}): they exist but do not count; \
         a reading of 0 J from them would be false",
        waited.as_millis(),
        sources.join(", ")
    )]
    NotCounting {
        /// Back-end name.
        sensor: &'static str,
        /// Where the counters are read.
        sources: Vec<String>,
        /// How long they were watched.
        waited: std::time::Duration,
    },
    /// Any other I/O failure on a named path.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path read.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl SensorError {
    /// The class of this error.
    pub fn class(&self) -> ErrorClass {
        match self {
            SensorError::Unavailable { .. }
            | SensorError::NotASensorFile { .. }
            | SensorError::NotCounting { .. } => ErrorClass::Unavailable,
            SensorError::PermissionDenied { .. } => ErrorClass::PermissionDenied,
            SensorError::Parse { .. } | SensorError::Vanished { .. } | SensorError::Io { .. } => {
                ErrorClass::Transient
            }
        }
    }

    /// The fix to show the user, if one is known.
    pub fn fix(&self) -> Option<&str> {
        match self {
            SensorError::Unavailable { fix, .. } => fix.as_deref(),
            SensorError::PermissionDenied { fix, .. } => Some(fix),
            SensorError::NotCounting { .. } => Some(
                "use `--sensor estimate` for a labelled estimate, or measure on a machine whose \
                 counters count (virtual machines usually do not pass RAPL through)",
            ),
            _ => None,
        }
    }

    /// Classify an I/O error on `path`: missing becomes `Unavailable` or `Vanished`
    /// depending on `opened`, EACCES/EPERM becomes `PermissionDenied` with `fix`.
    pub fn from_io(
        sensor: &'static str,
        path: impl Into<PathBuf>,
        err: std::io::Error,
        opened: bool,
        fix: impl Into<String>,
    ) -> Self {
        let path = path.into();
        match err.kind() {
            std::io::ErrorKind::PermissionDenied => SensorError::PermissionDenied {
                sensor,
                path,
                fix: fix.into(),
            },
            std::io::ErrorKind::NotFound if opened => SensorError::Vanished { path },
            std::io::ErrorKind::NotFound => SensorError::Unavailable {
                sensor,
                reason: format!("{} does not exist", path.display()),
                fix: None,
            },
            _ => SensorError::Io { path, source: err },
        }
    }
}
