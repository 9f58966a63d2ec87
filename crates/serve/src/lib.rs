//! `joulebench serve`: a Prometheus exporter of host and per-process joules.
//!
//! A sampler thread reads an energy sensor (any [`joulebench_sensors::Sensor`]), scans
//! `<procfs>/[pid]/stat` every interval and splits each interval's host energy between
//! the processes that used CPU and an `idle` series ([`Attributor`] has the rule). An
//! HTTP server on a current-thread tokio runtime serves the latest [`Snapshot`] at
//! `/metrics` (families in [`METRICS`]) and a health check at `/healthz`. `/metrics`
//! speaks both exposition formats, as the `Accept` header asks ([`Format::negotiate`]):
//! OpenMetrics, or the classic Prometheus text format 0.0.4 by default.
//!
//! ```no_run
//! use joulebench_serve::{run, Config};
//! use std::sync::Arc;
//!
//! let opts = joulebench_sensors::ProbeOptions::default();
//! let sensor = joulebench_sensors::open_auto(&opts).unwrap();
//! let log = Arc::new(|m: &str| eprintln!("{m}"));
//! run(sensor, Config::default(), log, |addr| eprintln!("listening on {addr}")).unwrap();
//! ```

#![warn(missing_docs)]

mod attribution;
mod cgroup;
mod classic;
mod error;
mod format;
mod fsread;
mod http;
mod metrics;
mod procfs;
mod sampler;
mod selfstat;
mod snapshot;

// The API: what the joulebench binary, the tests and the benchmark use, one path each.
pub use attribution::{AttributionConfig, Attributor, Interval};
pub use error::ServeError;
pub use format::Format;
pub use http::bind;
pub use metrics::ALL as METRICS;
pub use procfs::Scanner;
pub use sampler::{IdleRule, Logger, Sampler};
pub use selfstat::cpu_seconds as self_cpu_seconds;
pub use snapshot::{registry, render, render_as, Shared, Snapshot};

use joulebench_sensors::Sensor;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// The default listen address: loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9185";

/// Exporter settings (the command-line options of `joulebench serve`).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Where to listen (`--listen`).
    pub listen: SocketAddr,
    /// How often processes are scanned and energy attributed (`--interval`).
    pub interval: Duration,
    /// Processes shown with their own series (`--top`).
    pub top: usize,
    /// How long an exited process's series stays (`--grace`).
    pub grace: Duration,
    /// Idle power for measured sensors (`--idle-watts`); see [`IdleRule`].
    pub idle_watts: Option<f64>,
    /// The procfs root scanned for processes (`--procfs-root`).
    pub procfs: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: DEFAULT_LISTEN
                .parse()
                .expect("DEFAULT_LISTEN is an address"),
            interval: Duration::from_secs(1),
            top: 20,
            grace: Duration::from_secs(60),
            idle_watts: None,
            procfs: PathBuf::from("/proc"),
        }
    }
}

impl Config {
    /// Reject settings that make no sense.
    pub fn validate(&self) -> Result<(), ServeError> {
        let bad = |m: String| Err(ServeError::Config(m));
        if self.interval < Duration::from_millis(10) || self.interval > Duration::from_secs(3600) {
            return bad(format!(
                "--interval must be between 10ms and 1h, not {:?}",
                self.interval
            ));
        }
        if self.top > 10_000 {
            return bad(format!(
                "--top {} is too many series (10000 at most)",
                self.top
            ));
        }
        if let Some(w) = self.idle_watts {
            if !(w.is_finite() && w >= 0.0) {
                return bad(format!("--idle-watts must be a number >= 0, not {w}"));
            }
        }
        Ok(())
    }
}

/// A running sampler and the registry that renders its snapshot.
pub struct Exporter {
    state: Arc<http::AppState>,
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Exporter {
    /// Validate `config`, take a first sample (the baseline) and start the sampler
    /// thread.
    pub fn start(
        sensor: Box<dyn Sensor>,
        config: &Config,
        log: Logger,
    ) -> Result<Self, ServeError> {
        config.validate()?;
        let info = sensor.info();
        let shared = Arc::new(Shared::new(
            &info.name,
            info.provenance.as_str(),
            config.interval,
        ));
        let mut sampler = Sampler::new(sensor, config, Arc::clone(&shared), log);
        sampler.step();
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("joulebench-sampler".into())
            .spawn(move || sampler.run(rx))
            .map_err(|source| ServeError::Runtime {
                what: "cannot start the sampler thread",
                source,
            })?;
        let state = Arc::new(http::AppState {
            registry: snapshot::registry(Arc::clone(&shared)),
            shared,
        });
        Ok(Exporter {
            state,
            stop: Some(tx),
            thread: Some(thread),
        })
    }

    /// The snapshot the sampler updates.
    pub fn shared(&self) -> &Arc<Shared> {
        &self.state.shared
    }

    /// What a scrape asking for OpenMetrics would return now.
    pub fn render(&self) -> Result<String, ServeError> {
        self.render_as(Format::OpenMetrics)
    }

    /// What a scrape in `format` would return now.
    pub fn render_as(&self, format: Format) -> Result<String, ServeError> {
        snapshot::render_as(format, &self.state.registry, &self.state.shared)
    }

    /// Serve HTTP on `listener` until `shutdown` resolves.
    pub async fn serve<F: Future<Output = ()>>(
        &self,
        listener: tokio::net::TcpListener,
        shutdown: F,
    ) {
        http::serve(listener, http::router(Arc::clone(&self.state)), shutdown).await;
    }

    /// Stop the sampler and wait for it.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Exporter {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Run the exporter until SIGINT or SIGTERM: bind `config.listen`, call `on_listening`
/// with the bound address, serve, then shut down gracefully.
pub fn run<L>(
    sensor: Box<dyn Sensor>,
    config: Config,
    log: Logger,
    on_listening: L,
) -> Result<(), ServeError>
where
    L: FnOnce(SocketAddr),
{
    let rt_err = |what| move |source| ServeError::Runtime { what, source };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(rt_err("cannot start the async runtime"))?;
    config.validate()?;
    let bind = |source| ServeError::Bind {
        addr: config.listen,
        source,
    };
    let listener = {
        // A tokio listener registers with the runtime's reactor.
        let _rt = rt.enter();
        http::bind(config.listen).map_err(bind)?
    };
    let addr = listener.local_addr().map_err(bind)?;
    let exporter = Exporter::start(sensor, &config, log)?;
    let result = rt.block_on(async {
        // Inside the runtime: tokio's signal handlers need it.
        let stop = shutdown_signal()?;
        on_listening(addr);
        exporter.serve(listener, stop).await;
        Ok(())
    });
    exporter.stop();
    result
}

/// The warning to print when the exporter listens on `addr`, or `None` for a loopback
/// address. Elsewhere anyone who can reach the port reads the metrics: the host's power
/// and the names, pids and cgroups of its busiest processes.
pub fn exposure_warning(addr: SocketAddr) -> Option<String> {
    // `::ffff:127.0.0.1` is loopback too.
    if addr.ip().to_canonical().is_loopback() {
        return None;
    }
    let port = addr.port();
    let local = if addr.is_ipv4() {
        format!("127.0.0.1:{port}")
    } else {
        format!("[::1]:{port}")
    };
    Some(format!(
        "warning: listening on {addr}, which is not a loopback address: anyone who can \
         reach this host on port {port} can read its metrics (process names, pids, \
         cgroups, power). Use --listen {local} to keep them on this host, or a \
         private address with a firewall or network policy that admits only Prometheus."
    ))
}

/// A future that resolves on SIGINT or SIGTERM (handlers installed now).
pub fn shutdown_signal() -> Result<impl Future<Output = ()>, ServeError> {
    use tokio::signal::unix::{signal, SignalKind};
    let err = |source| ServeError::Runtime {
        what: "cannot install signal handlers",
        source,
    };
    let mut term = signal(SignalKind::terminate()).map_err(err)?;
    let mut int = signal(SignalKind::interrupt()).map_err(err)?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    })
}

/// Parse a duration such as `1s`, `250ms`, `1.5s`, `2m` or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, ServeError> {
    let t = s.trim();
    let bad = || ServeError::Config(format!("not a duration: {s:?} (e.g. 1s, 250ms, 2m)"));
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let v: f64 = num.parse().map_err(|_| bad())?;
    let secs = match unit.trim() {
        "" | "s" => v,
        "ms" => v / 1e3,
        "us" | "µs" => v / 1e6,
        "m" | "min" => v * 60.0,
        "h" => v * 3600.0,
        _ => return Err(bad()),
    };
    Duration::try_from_secs_f64(secs).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1s").unwrap(), Duration::from_secs(1));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("1.5").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        for bad in ["", "s", "1x", "-1s", "1e400"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_non_loopback_addresses_are_warned_about() {
        let w = |a: &str| exposure_warning(a.parse().unwrap());
        for quiet in [
            "127.0.0.1:9185",
            "127.0.0.2:1",
            "[::1]:9185",
            "[::ffff:127.0.0.1]:80",
        ] {
            assert_eq!(w(quiet), None, "{quiet}");
        }
        let v4 = w("0.0.0.0:9185").unwrap();
        assert!(v4.contains("0.0.0.0:9185"), "{v4}");
        assert!(v4.contains("--listen 127.0.0.1:9185"), "{v4}");
        let v6 = w("[::]:9185").unwrap();
        assert!(
            v6.contains("[::]:9185") && v6.contains("--listen [::1]:9185"),
            "{v6}"
        );
        assert!(w("192.168.1.5:9185").is_some());
    }

    #[test]
    fn config_validation() {
        assert!(Config::default().validate().is_ok());
        let c = |f: fn(&mut Config)| {
            let mut c = Config::default();
            f(&mut c);
            c.validate()
        };
        assert!(c(|c| c.interval = Duration::ZERO).is_err());
        assert!(c(|c| c.top = 1_000_000).is_err());
        assert!(c(|c| c.idle_watts = Some(-1.0)).is_err());
        assert!(c(|c| c.idle_watts = Some(f64::NAN)).is_err());
    }
}
