//! Errors of the exporter.

use std::path::PathBuf;

/// What can stop the exporter (per-process read failures never do: a process that
/// exits mid-scan is skipped).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A setting is out of range (`--interval 0`, `--idle-watts -1`, ...).
    #[error("invalid setting: {0}")]
    Config(String),
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The process table (`<procfs>`) could not be listed.
    #[error("cannot list processes in {}: {source}", path.display())]
    Procfs {
        /// The procfs root.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The async runtime, the sampler thread or the server failed.
    #[error("{what}: {source}")]
    Runtime {
        /// What was being done.
        what: &'static str,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Rendering the metrics text failed.
    #[error("cannot render metrics")]
    Render,
}
