//! The figures a scrape shows, kept by the sampler, and their rendering in both
//! exposition formats.
//!
//! The sampler replaces the [`Snapshot`] under a mutex; a scrape locks it only to encode
//! it (a few microseconds for the default 20 processes), so scrapes never scan `/proc`
//! or read a sensor.

use crate::attribution::{CgroupSeries, ProcessSeries};
use crate::classic;
use crate::format::Format;
use crate::metrics::{self, Kind, MetricDef};
use crate::selfstat;
use crate::ServeError;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{
    DescriptorEncoder, EncodeLabel, EncodeLabelSet, EncodeLabelValue, EncodeMetric,
    LabelSetEncoder, LabelValueEncoder, MetricEncoder,
};
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
    render_as(Format::OpenMetrics, registry, shared)
}

/// Render the registry in `format`, timing it. OpenMetrics comes from prometheus-client's
/// encoder; it has none for the classic text format, so [`classic`] writes that from
/// the same [`Family`] list.
pub fn render_as(
    format: Format,
    registry: &Registry,
    shared: &Shared,
) -> Result<String, ServeError> {
    let t = Instant::now();
    let mut out = String::with_capacity(8 * 1024);
    match format {
        Format::OpenMetrics | Format::OpenMetricsV001 => {
            prometheus_client::encoding::text::encode(&mut out, registry)
        }
        Format::Classic => with_families(shared, |f| classic::write(&mut out, f)),
    }
    .map_err(|_| ServeError::Render)?;
    shared.record_scrape(t.elapsed());
    Ok(out)
}

/// The most labels a family has: [`Sample`] keeps their values inline, so a scrape
/// allocates one vector per family, not one per sample.
pub const MAX_LABELS: usize = 3;

// Checked when the crate compiles: a family with more labels needs a larger array.
const _: () = {
    let mut i = 0;
    while i < metrics::ALL.len() {
        assert!(metrics::ALL[i].labels.len() <= MAX_LABELS);
        i += 1;
    }
};

/// One sample of a family: the values of its definition's labels (raw, unescaped, in
/// the order of [`MetricDef::labels`]) and its value (1 for an info metric).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample<'a> {
    values: [&'a str; MAX_LABELS],
    /// The sample's value.
    pub value: f64,
}

impl<'a> Sample<'a> {
    fn new(values: &[&'a str], value: f64) -> Self {
        let mut v = [""; MAX_LABELS];
        for (slot, x) in v.iter_mut().zip(values) {
            *slot = x;
        }
        Sample { values: v, value }
    }

    /// `(label name, raw value)` pairs, in the definition's order.
    pub fn labels(&self, def: &MetricDef) -> impl Iterator<Item = (&'static str, &'a str)> {
        def.labels.iter().copied().zip(self.values)
    }
}

/// A metric family as a scrape shows it: its definition and its samples.
#[derive(Clone, Debug, PartialEq)]
pub struct Family<'a> {
    /// Name, type, labels and help.
    pub def: &'static MetricDef,
    /// The samples, in exposition order.
    pub samples: Vec<Sample<'a>>,
}

impl<'a> Family<'a> {
    fn new(def: &'static MetricDef, samples: impl IntoIterator<Item = Sample<'a>>) -> Self {
        Family {
            def,
            samples: samples.into_iter().collect(),
        }
    }
}

/// Call `f` with every family's samples now, in [`metrics::ALL`]'s order, the snapshot
/// locked meanwhile. This is the one place that maps the snapshot to series: both
/// exposition formats are written from it.
pub fn with_families<R>(shared: &Shared, f: impl FnOnce(&[Family]) -> R) -> R {
    let own = selfstat::read();
    let scrape = shared.last_scrape_nanos.load(Ordering::Relaxed) as f64 / 1e9;
    let s = shared.lock();
    f(&families(&s, own, scrape))
}

fn families(s: &Snapshot, own: selfstat::SelfStat, scrape: f64) -> Vec<Family<'_>> {
    let one = |def, v: f64| Family::new(def, [Sample::new(&[], v)]);
    vec![
        Family::new(
            &metrics::HOST_ENERGY,
            s.host
                .iter()
                .map(|h| Sample::new(&[h.domain, &h.socket], h.joules)),
        ),
        Family::new(
            &metrics::HOST_POWER,
            s.host
                .iter()
                .map(|h| Sample::new(&[h.domain, &h.socket], h.watts)),
        ),
        Family::new(
            &metrics::PROCESS_ENERGY,
            s.processes
                .iter()
                .map(|p| Sample::new(&[&p.pid, &p.comm, &p.container], p.joules)),
        ),
        Family::new(
            &metrics::CGROUP_ENERGY,
            s.cgroups
                .iter()
                .map(|c| Sample::new(&[&c.cgroup, c.kind.as_str()], c.joules)),
        ),
        Family::new(
            &metrics::SENSOR_INFO,
            [Sample::new(&[&s.sensor, s.provenance], 1.0)],
        ),
        Family::new(
            &metrics::IDLE_POWER,
            [Sample::new(&[s.idle_source], s.idle_watts)],
        ),
        one(&metrics::EXPORTER_CPU, own.cpu_seconds),
        one(&metrics::EXPORTER_MEMORY, own.resident_bytes as f64),
        one(&metrics::SAMPLE_DURATION, s.sample_seconds),
        one(&metrics::SCRAPE_DURATION, scrape),
        one(&metrics::PROCESSES, s.process_count as f64),
        Family::new(
            &metrics::ERRORS,
            [
                Sample::new(&["sensor"], s.sensor_errors as f64),
                Sample::new(&["process"], s.process_errors as f64),
            ],
        ),
    ]
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

/// A sample's labels for prometheus-client, whose encoder writes label values as they
/// are: they are escaped here.
struct Labels<'s, 'a> {
    def: &'static MetricDef,
    sample: &'s Sample<'a>,
}

impl EncodeLabelSet for Labels<'_, '_> {
    fn encode(&self, mut enc: LabelSetEncoder) -> fmt::Result {
        self.sample
            .labels(self.def)
            .try_for_each(|(name, value)| (name, Escaped(value)).encode(enc.encode_label()))
    }
}

/// A label value written escaped (`\`, `\"`, `\n`).
struct Escaped<'a>(&'a str);

impl EncodeLabelValue for Escaped<'_> {
    fn encode(&self, enc: &mut LabelValueEncoder) -> fmt::Result {
        metrics::write_escaped_label(enc, self.0)
    }
}

/// Write one family in OpenMetrics: its descriptor, then its samples.
fn encode_family(enc: &mut DescriptorEncoder, fam: &Family) -> fmt::Result {
    let def = fam.def;
    let unit = def.unit.map(|u| Unit::Other(u.to_string()));
    let mut m = enc.encode_descriptor(def.stem, def.help, unit.as_ref(), metric_type(def.kind))?;
    if def.labels.is_empty() {
        // One series, written without braces: the encoder given to a metric by value.
        return match fam.samples.first() {
            Some(s) => encode_value(m, def.kind, s.value),
            None => Ok(()),
        };
    }
    for sample in &fam.samples {
        let labels = Labels { def, sample };
        if def.kind == Kind::Info {
            // Its value is always 1: the labels are the information.
            m.encode_info(&labels)?;
        } else {
            encode_value(m.encode_family(&labels)?, def.kind, sample.value)?;
        }
    }
    Ok(())
}

fn encode_value(mut m: MetricEncoder, kind: Kind, v: f64) -> fmt::Result {
    match kind {
        Kind::Counter => ConstCounter::new(v).encode(m),
        Kind::Gauge => ConstGauge::new(v).encode(m),
        Kind::Info => m.encode_info(&()),
    }
}

impl Collector for SnapshotCollector {
    fn encode(&self, mut enc: DescriptorEncoder) -> fmt::Result {
        with_families(&self.shared, |fams| {
            fams.iter().try_for_each(|f| encode_family(&mut enc, f))
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
                // Raw, as the kernel has it: every character the formats escape.
                comm: "a\"b\\c\nd".into(),
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
            "joulebench_process_energy_joules_total{pid=\"42\",comm=\"a\\\"b\\\\c\\nd\",container=\"\"} 3.0",
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

    #[test]
    fn renders_every_family_in_the_classic_format() {
        let shared = Arc::new(Shared::new("x", "measured", Duration::from_secs(1)));
        *shared.lock() = sample_snapshot();
        let reg = registry(Arc::clone(&shared));
        let text = render_as(Format::Classic, &reg, &shared).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // Each family: HELP and TYPE naming the sample, then its samples.
        for def in metrics::ALL {
            let help = format!("# HELP {} {}", def.name, def.help);
            let at = lines.iter().position(|l| *l == help);
            let at = at.unwrap_or_else(|| panic!("no {help:?} in\n{text}"));
            let kind = if def.kind == Kind::Counter {
                "counter"
            } else {
                "gauge"
            };
            assert_eq!(lines[at + 1], format!("# TYPE {} {kind}", def.name));
            assert!(lines[at + 2].starts_with(def.name), "{}", lines[at + 2]);
        }
        for line in [
            "joulebench_host_energy_joules_total{domain=\"package\",socket=\"0\"} 12.5",
            "joulebench_host_power_watts{domain=\"package\",socket=\"0\"} 30.0",
            "joulebench_process_energy_joules_total{pid=\"42\",comm=\"a\\\"b\\\\c\\nd\",container=\"\"} 3.0",
            "joulebench_cgroup_energy_joules_total{cgroup=\"system.slice\",kind=\"slice\"} 1.0",
            "joulebench_sensor_info{sensor=\"rapl-powercap\",provenance=\"measured\"} 1",
            "joulebench_idle_power_watts{source=\"flag\"} 10.0",
            "joulebench_errors_total{source=\"sensor\"} 0.0",
            "joulebench_errors_total{source=\"process\"} 0.0",
            "joulebench_processes 0.0",
        ] {
            assert!(lines.contains(&line), "missing {line:?} in\n{text}");
        }
        // Nothing OpenMetrics-only.
        for bad in ["# EOF", "# UNIT", " info", "_created"] {
            assert!(!text.contains(bad), "{bad:?} in\n{text}");
        }
        assert_eq!(lines.iter().filter(|l| l.starts_with("# TYPE")).count(), 12);
    }

    /// Every series of a body: `name{labels}` without the value, comments skipped.
    fn series(text: &str) -> Vec<String> {
        let mut v: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.rsplit_once(' ').map(|(s, _)| s.to_string()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn both_formats_show_the_same_series() {
        let shared = Arc::new(Shared::new("x", "measured", Duration::from_secs(1)));
        *shared.lock() = sample_snapshot();
        let reg = registry(Arc::clone(&shared));
        let om = render_as(Format::OpenMetrics, &reg, &shared).unwrap();
        let classic = render_as(Format::Classic, &reg, &shared).unwrap();
        assert_eq!(series(&om), series(&classic));
        // The 0.0.1 body is the 1.0.0 one (values such as the exporter's CPU time move
        // between renders, so compare all but the values).
        let v001 = render_as(Format::OpenMetricsV001, &reg, &shared).unwrap();
        assert_eq!(series(&v001), series(&om));
        assert!(v001.ends_with("# EOF\n"));
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
