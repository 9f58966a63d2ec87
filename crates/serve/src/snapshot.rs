//! The figures a scrape shows, kept by the sampler, and their OpenMetrics rendering.
//!
//! The sampler replaces the [`Snapshot`] under a mutex; a scrape locks it only to encode
//! it (a few microseconds for the default 20 processes), so scrapes never scan `/proc`
//! or read a sensor.

use crate::attribution::{CgroupSeries, ProcessSeries};
use crate::metrics::{self, Kind, MetricDef};
use crate::selfstat;
use crate::ServeError;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric, MetricEncoder};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Registry, Unit};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// One host domain's series.
#[derive(Clone, Debug, PartialEq)]
pub struct HostSeries {
    /// `package`, `core`, `uncore`, `dram`, `psys` or `gpu`.
    pub domain: &'static str,
    /// Socket (or GPU) index.
    pub socket: String,
    /// Energy since the exporter started, joules.
    pub joules: f64,
    /// Mean power over the last interval, watts.
    pub watts: f64,
}

/// Everything a scrape shows except the exporter's own CPU and memory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Sensor name.
    pub sensor: String,
    /// `measured` or `estimated`.
    pub provenance: &'static str,
    /// Host domains.
    pub host: Vec<HostSeries>,
    /// Process series (shown processes, `other`, `idle`).
    pub processes: Vec<ProcessSeries>,
    /// Cgroup series.
    pub cgroups: Vec<CgroupSeries>,
    /// Idle power, watts.
    pub idle_watts: f64,
    /// Where the idle power comes from.
    pub idle_source: &'static str,
    /// Duration of the last sampling step, seconds.
    pub sample_seconds: f64,
    /// Processes seen by the last scan.
    pub process_count: usize,
    /// Failed sensor reads so far.
    pub sensor_errors: u64,
    /// Processes skipped for a reason other than exiting, so far.
    pub process_errors: u64,
}

/// The snapshot and the bookkeeping shared by the sampler and the HTTP handlers.
#[derive(Debug)]
pub struct Shared {
    snapshot: Mutex<Snapshot>,
    /// When this was made; `updated_nanos` counts from here.
    born: Instant,
    /// When the sampler last finished a step, in nanoseconds after `born`.
    updated_nanos: AtomicU64,
    last_scrape_nanos: AtomicU64,
    interval: Duration,
}

impl Shared {
    /// An empty snapshot naming `sensor`; `interval` is the sampling interval (for the
    /// health check).
    pub fn new(sensor: &str, provenance: &'static str, interval: Duration) -> Self {
        Shared {
            snapshot: Mutex::new(Snapshot {
                sensor: sensor.to_string(),
                provenance,
                ..Snapshot::default()
            }),
            born: Instant::now(),
            updated_nanos: AtomicU64::new(0),
            last_scrape_nanos: AtomicU64::new(0),
            interval,
        }
    }

    /// Lock the snapshot (a panic elsewhere does not poison it for scrapes).
    pub fn lock(&self) -> MutexGuard<'_, Snapshot> {
        self.snapshot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Note that the sampler finished a step now.
    pub fn touch(&self) {
        let nanos = u64::try_from(self.born.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.updated_nanos.store(nanos, Ordering::Relaxed);
    }

    /// Time since the sampler last finished a step.
    pub fn age(&self) -> Duration {
        let updated = Duration::from_nanos(self.updated_nanos.load(Ordering::Relaxed));
        self.born.elapsed().saturating_sub(updated)
    }

    /// True while the sampler keeps up: its last step is less than three intervals
    /// (and at least 5 s) old.
    pub fn healthy(&self) -> bool {
        self.age() < (self.interval * 3).max(Duration::from_secs(5))
    }

    /// Record how long a scrape's rendering took.
    pub fn record_scrape(&self, took: Duration) {
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        self.last_scrape_nanos.store(nanos, Ordering::Relaxed);
    }
}

/// A prometheus-client registry serving `shared`.
pub fn registry(shared: Arc<Shared>) -> Registry {
    let mut r = Registry::default();
    r.register_collector(Box::new(SnapshotCollector { shared }));
    r
}

/// Render the registry as OpenMetrics text (ending in `# EOF`), timing it.
pub fn render(registry: &Registry, shared: &Shared) -> Result<String, ServeError> {
    let t = Instant::now();
    let mut out = String::with_capacity(8 * 1024);
    prometheus_client::encoding::text::encode(&mut out, registry)
        .map_err(|_| ServeError::Render)?;
    shared.record_scrape(t.elapsed());
    Ok(out)
}

#[derive(Debug)]
struct SnapshotCollector {
    shared: Arc<Shared>,
}

fn metric_type(kind: Kind) -> MetricType {
    match kind {
        Kind::Counter => MetricType::Counter,
        Kind::Gauge => MetricType::Gauge,
        Kind::Info => MetricType::Info,
    }
}

/// Write one family: its descriptor, then `body` writes the samples.
fn family<F>(enc: &mut DescriptorEncoder, def: &MetricDef, body: F) -> fmt::Result
where
    F: FnOnce(MetricEncoder) -> fmt::Result,
{
    let unit = def.unit.map(|u| Unit::Other(u.to_string()));
    let m = enc.encode_descriptor(def.stem, def.help, unit.as_ref(), metric_type(def.kind))?;
    body(m)
}

fn counter<L: prometheus_client::encoding::EncodeLabelSet>(
    m: &mut MetricEncoder,
    labels: &L,
    v: f64,
) -> fmt::Result {
    ConstCounter::new(v).encode(m.encode_family(labels)?)
}

fn gauge<L: prometheus_client::encoding::EncodeLabelSet>(
    m: &mut MetricEncoder,
    labels: &L,
    v: f64,
) -> fmt::Result {
    ConstGauge::new(v).encode(m.encode_family(labels)?)
}

impl Collector for SnapshotCollector {
    fn encode(&self, mut enc: DescriptorEncoder) -> fmt::Result {
        let own = selfstat::read();
        let scrape = self.shared.last_scrape_nanos.load(Ordering::Relaxed) as f64 / 1e9;
        let s = self.shared.lock();
        family(&mut enc, &metrics::HOST_ENERGY, |mut m| {
            s.host.iter().try_for_each(|h| {
                counter(
                    &mut m,
                    &[("domain", h.domain), ("socket", &h.socket)],
                    h.joules,
                )
            })
        })?;
        family(&mut enc, &metrics::HOST_POWER, |mut m| {
            s.host.iter().try_for_each(|h| {
                gauge(
                    &mut m,
                    &[("domain", h.domain), ("socket", &h.socket)],
                    h.watts,
                )
            })
        })?;
        family(&mut enc, &metrics::PROCESS_ENERGY, |mut m| {
            s.processes.iter().try_for_each(|p| {
                let labels = [
                    ("pid", p.pid.as_str()),
                    ("comm", p.comm.as_str()),
                    ("container", p.container.as_str()),
                ];
                counter(&mut m, &labels, p.joules)
            })
        })?;
        family(&mut enc, &metrics::CGROUP_ENERGY, |mut m| {
            s.cgroups.iter().try_for_each(|c| {
                let labels = [("cgroup", c.cgroup.as_str()), ("kind", c.kind.as_str())];
                counter(&mut m, &labels, c.joules)
            })
        })?;
        family(&mut enc, &metrics::SENSOR_INFO, |mut m| {
            m.encode_info(&[("sensor", s.sensor.as_str()), ("provenance", s.provenance)])
        })?;
        family(&mut enc, &metrics::IDLE_POWER, |mut m| {
            gauge(&mut m, &[("source", s.idle_source)], s.idle_watts)
        })?;
        family(&mut enc, &metrics::EXPORTER_CPU, |m| {
            ConstCounter::new(own.cpu_seconds).encode(m)
        })?;
        family(&mut enc, &metrics::EXPORTER_MEMORY, |m| {
            ConstGauge::new(own.resident_bytes as f64).encode(m)
        })?;
        family(&mut enc, &metrics::SAMPLE_DURATION, |m| {
            ConstGauge::new(s.sample_seconds).encode(m)
        })?;
        family(&mut enc, &metrics::SCRAPE_DURATION, |m| {
            ConstGauge::new(scrape).encode(m)
        })?;
        family(&mut enc, &metrics::PROCESSES, |m| {
            ConstGauge::new(s.process_count as f64).encode(m)
        })?;
        family(&mut enc, &metrics::ERRORS, |mut m| {
            counter(&mut m, &[("source", "sensor")], s.sensor_errors as f64)?;
            counter(&mut m, &[("source", "process")], s.process_errors as f64)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cgroup::CgroupKind;

    fn sample_snapshot() -> Snapshot {
        Snapshot {
            sensor: "rapl-powercap".into(),
            provenance: "measured",
            host: vec![HostSeries {
                domain: "package",
                socket: "0".into(),
                joules: 12.5,
                watts: 30.0,
            }],
            processes: vec![ProcessSeries {
                pid: "42".into(),
                comm: "a\\\"b".into(),
                container: String::new(),
                joules: 3.0,
            }],
            cgroups: vec![CgroupSeries {
                cgroup: "system.slice".into(),
                kind: CgroupKind::Slice,
                joules: 1.0,
            }],
            idle_watts: 10.0,
            idle_source: "flag",
            ..Snapshot::default()
        }
    }

    #[test]
    fn renders_every_family_as_openmetrics() {
        let shared = Arc::new(Shared::new("x", "measured", Duration::from_secs(1)));
        *shared.lock() = sample_snapshot();
        let reg = registry(Arc::clone(&shared));
        let text = render(&reg, &shared).unwrap();
        for line in [
            "# TYPE joulebench_host_energy_joules counter",
            "# UNIT joulebench_host_energy_joules joules",
            "joulebench_host_energy_joules_total{domain=\"package\",socket=\"0\"} 12.5",
            "joulebench_host_power_watts{domain=\"package\",socket=\"0\"} 30.0",
            "joulebench_process_energy_joules_total{pid=\"42\",comm=\"a\\\"b\",container=\"\"} 3.0",
            "joulebench_cgroup_energy_joules_total{cgroup=\"system.slice\",kind=\"slice\"} 1.0",
            "joulebench_sensor_info{sensor=\"rapl-powercap\",provenance=\"measured\"} 1",
            "joulebench_idle_power_watts{source=\"flag\"} 10.0",
            "joulebench_errors_total{source=\"sensor\"} 0.0",
            "joulebench_processes 0.0",
        ] {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
        for def in metrics::ALL {
            assert!(
                text.lines().any(|l| l.starts_with(def.name)),
                "{} not rendered",
                def.name
            );
        }
        assert!(text.ends_with("# EOF\n"));
    }

    /// The label names of one sample line (`name{a="x",b="y\"z"} 1`), in order.
    fn label_names(line: &str) -> Vec<String> {
        let Some(open) = line.find('{') else {
            return Vec::new();
        };
        let mut names = Vec::new();
        let mut chars = line[open + 1..].chars();
        let mut name = String::new();
        while let Some(c) = chars.next() {
            match c {
                '=' => {
                    names.push(std::mem::take(&mut name));
                    // The quoted value, with backslash escapes.
                    chars.next();
                    while let Some(v) = chars.next() {
                        match v {
                            '\\' => {
                                chars.next();
                            }
                            '"' => break,
                            _ => {}
                        }
                    }
                }
                ',' => {}
                '}' => break,
                _ => name.push(c),
            }
        }
        names
    }

    #[test]
    fn every_sample_carries_the_labels_its_definition_lists() {
        let shared = Arc::new(Shared::new("x", "measured", Duration::from_secs(1)));
        *shared.lock() = sample_snapshot();
        let text = render(&registry(Arc::clone(&shared)), &shared).unwrap();
        for def in metrics::ALL {
            let samples: Vec<&str> = text
                .lines()
                .filter(|l| {
                    l.strip_prefix(def.name)
                        .is_some_and(|rest| rest.starts_with(['{', ' ']))
                })
                .collect();
            assert!(!samples.is_empty(), "{} not rendered", def.name);
            for l in samples {
                assert_eq!(label_names(l), def.labels, "{l}");
            }
        }
    }

    #[test]
    fn unhealthy_once_the_sampler_stalls_for_three_intervals_and_at_least_5_s() {
        let mut shared = Shared::new("estimate", "estimated", Duration::from_secs(1));
        assert!(shared.healthy());
        // As if made 6 s ago and never touched since.
        let Some(then) = Instant::now().checked_sub(Duration::from_secs(6)) else {
            return; // a clock younger than 6 s (just booted): nothing to backdate
        };
        shared.born = then;
        assert!(shared.age() >= Duration::from_secs(6));
        assert!(!shared.healthy());
        shared.touch();
        assert!(shared.age() < Duration::from_secs(1));
        assert!(shared.healthy());
        // A slow interval stretches the limit to three intervals.
        shared.interval = Duration::from_secs(3);
        shared.born = then;
        shared.updated_nanos.store(0, Ordering::Relaxed);
        assert!(shared.healthy(), "6 s is under 3 x 3 s");
    }
}
