//! `joulebench serve`: a Prometheus exporter of host and per-process joules.

use crate::global::Global;
use joulebench_serve::{parse_duration, Config};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Arguments of `joulebench serve`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Serves metrics at /metrics (OpenMetrics when the Accept header asks for it,\n\
                  as Prometheus does; the classic text format 0.0.4 otherwise) and a health\n\
                  check at /healthz.\n\
                  Per-process energy is the host's energy above idle power, split by CPU time;\n\
                  idle power is a series of its own (pid=\"idle\"). See docs/fleet.md.\n\n\
                  Examples:\n  joulebench serve\n  \
                  joulebench serve --listen 0.0.0.0:9185 --top 50\n  \
                  joulebench --sysfs-root /host/sys --procfs-root /host/proc serve --listen 0.0.0.0:9185"
)]
pub struct Args {
    /// Address to listen on (loopback unless told otherwise, with a warning; port 0
    /// picks a free one).
    #[arg(long, value_name = "ADDR", default_value = joulebench_serve::DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// How often processes are scanned and energy attributed (e.g. 1s, 500ms).
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = duration)]
    pub interval: Duration,
    /// Processes shown with their own series; the rest are summed in pid="other".
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,
    /// How long the series of an exited process stays before it is dropped.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = duration)]
    pub grace: Duration,
    /// Idle power in watts, not attributed to processes (default: the model's for the
    /// estimate sensor, else the lowest interval power observed).
    #[arg(long, value_name = "WATTS")]
    pub idle_watts: Option<f64>,
}

fn duration(s: &str) -> Result<Duration, String> {
    parse_duration(s).map_err(|e| e.to_string())
}

/// Run the subcommand; returns the process exit code.
pub fn exec(args: Args, global: &Global) -> anyhow::Result<i32> {
    // The exporter attributes host energy itself; it has no use for a tree attribution.
    let sensor = crate::sensor::open(global)?.sensor;
    let info = sensor.info();
    eprintln!(
        "joulebench serve: sensor {} ({})",
        info.name,
        info.provenance.as_str()
    );
    for w in crate::sensor::warnings(&*sensor) {
        eprintln!("joulebench serve: {w}");
    }
    let config = Config {
        listen: args.listen,
        interval: args.interval,
        top: args.top,
        grace: args.grace,
        idle_watts: args.idle_watts,
        procfs: global.roots().procfs,
    };
    let log: joulebench_serve::Logger = Arc::new(|m: &str| eprintln!("joulebench serve: {m}"));
    joulebench_serve::run(sensor, config, log, |addr| {
        // Once, with the bound address (port 0 resolved), before the line scripts wait for.
        if let Some(w) = joulebench_serve::exposure_warning(addr) {
            eprintln!("joulebench serve: {w}");
        }
        eprintln!("listening on http://{addr}/metrics");
    })?;
    eprintln!("joulebench serve: stopped");
    Ok(0)
}
