//! What goes wrong when profiling, each with the fix a user needs.

use std::io;

/// Errors of `joulebench profile`.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The kernel refused the sampling event for lack of privilege.
    #[error(
        "perf sampling is not allowed here ({source}; kernel.perf_event_paranoid = {paranoid})"
    )]
    NotAllowed {
        /// The kernel's answer.
        source: io::Error,
        /// The sysctl's value, or "unknown".
        paranoid: String,
        /// Whether kernel stacks were asked for.
        kernel: bool,
    },
    /// The sampling event could not be opened for another reason.
    #[error("perf sampling could not be started: {0}")]
    Open(io::Error),
    /// The command could not be started.
    #[error("could not start the command: {0}")]
    Spawn(io::Error),
    /// Waiting for the command failed.
    #[error("waiting for the command failed: {0}")]
    Wait(io::Error),
    /// The sensor failed.
    #[error("sensor: {0}")]
    Sensor(#[from] joulebench_sensors::SensorError),
    /// The phase channel could not be set up.
    #[error("phase markers: {0}")]
    Phases(io::Error),
    /// Stopped (Ctrl-C) before any sample was taken.
    #[error("interrupted by signal {0} before any stack sample was taken")]
    Interrupted(i32),
    /// The command ran, but no stack sample was taken.
    #[error(
        "no stack sample was taken: the command ran {wall_ms:.1} ms and used {cpu_ms:.1} ms \
         of CPU, less than one sample period at {frequency} Hz"
    )]
    NoSamples {
        /// How long the command ran.
        wall_ms: f64,
        /// Its CPU time.
        cpu_ms: f64,
        /// The sampling frequency.
        frequency: u64,
    },
}

impl ProfileError {
    /// Classify an error of `perf_event_open`.
    pub(crate) fn open(e: io::Error, kernel: bool) -> ProfileError {
        match e.raw_os_error() {
            Some(libc::EACCES) | Some(libc::EPERM) => ProfileError::NotAllowed {
                source: e,
                paranoid: std::fs::read_to_string("/proc/sys/kernel/perf_event_paranoid")
                    .map(|s| s.trim().to_string())
                    .unwrap_or_else(|_| "unknown".into()),
                kernel,
            },
            _ => ProfileError::Open(e),
        }
    }

    /// What the user can do about it.
    pub fn fix(&self) -> Option<String> {
        match self {
            ProfileError::NotAllowed { kernel, .. } => Some(format!(
                "run as root, or allow unprivileged profiling: \
                 `sudo sysctl kernel.perf_event_paranoid=1`{}",
                if *kernel {
                    "; or profile user space only with `--user-only` (paranoid 2 allows it)"
                } else {
                    ""
                }
            )),
            ProfileError::NoSamples { .. } => Some(
                "profile a longer run (a bigger input), raise --frequency, or repeat it with \
                 --runs"
                    .into(),
            ),
            _ => None,
        }
    }
}
