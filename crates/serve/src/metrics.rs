//! The metric families the exporter serves: names, types, units, labels and help.
//!
//! Names follow Prometheus conventions (base units, `_total` on counters). Dashboards and
//! tests refer to [`ALL`] so that a query never names a metric the exporter lacks.

/// The type of a metric family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Monotonic; samples end in `_total`.
    Counter,
    /// Goes up and down.
    Gauge,
    /// Constant 1 with descriptive labels; the sample ends in `_info`.
    Info,
}

/// One metric family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricDef {
    /// The name of its samples as queried in PromQL, e.g.
    /// `joulebench_host_energy_joules_total`.
    pub name: &'static str,
    /// The name without unit and type suffix, as the encoder takes it.
    pub stem: &'static str,
    /// The unit suffix (`joules`, `watts`, `seconds`, `bytes`), if any.
    pub unit: Option<&'static str>,
    /// Counter, gauge or info.
    pub kind: Kind,
    /// Its labels.
    pub labels: &'static [&'static str],
    /// The help text.
    pub help: &'static str,
}

/// Host energy per domain and socket since the exporter started, wrap-corrected.
pub const HOST_ENERGY: MetricDef = MetricDef {
    name: "joulebench_host_energy_joules_total",
    stem: "joulebench_host_energy",
    unit: Some("joules"),
    kind: Kind::Counter,
    labels: &["domain", "socket"],
    help: "Energy of one domain (package, core, uncore, dram, psys, gpu) of one socket \
           (GPU index for gpu) since the exporter started; psys contains package, package \
           contains core and uncore, so sum package and dram only",
};

/// Host power per domain and socket over the last interval.
pub const HOST_POWER: MetricDef = MetricDef {
    name: "joulebench_host_power_watts",
    stem: "joulebench_host_power",
    unit: Some("watts"),
    kind: Kind::Gauge,
    labels: &["domain", "socket"],
    help: "Mean power of one domain of one socket over the last interval",
};

/// Energy attributed to processes, plus the `other` and `idle` series.
pub const PROCESS_ENERGY: MetricDef = MetricDef {
    name: "joulebench_process_energy_joules_total",
    stem: "joulebench_process_energy",
    unit: Some("joules"),
    kind: Kind::Counter,
    labels: &["pid", "comm", "container"],
    help: "Dynamic energy (host energy above idle power) attributed to a process by its share \
           of CPU time; pid=\"other\" holds the processes outside the top N, pid=\"idle\" the \
           idle power and any energy no process used CPU for. All series together equal the \
           host's package+dram (or psys) energy",
};

/// Energy attributed to systemd slices, containers and pods.
pub const CGROUP_ENERGY: MetricDef = MetricDef {
    name: "joulebench_cgroup_energy_joules_total",
    stem: "joulebench_cgroup_energy",
    unit: Some("joules"),
    kind: Kind::Counter,
    labels: &["cgroup", "kind"],
    help: "Dynamic energy of the processes in a systemd slice, a container or a Kubernetes pod \
           (kind=slice|container|pod; a process counts once in each kind, so sum within one \
           kind only)",
};

/// The sensor in use and whether its figures are measured or estimated.
pub const SENSOR_INFO: MetricDef = MetricDef {
    name: "joulebench_sensor_info",
    stem: "joulebench_sensor",
    unit: None,
    kind: Kind::Info,
    labels: &["sensor", "provenance"],
    help: "The energy sensor in use; provenance is measured (a hardware counter) or estimated \
           (a power model)",
};

/// The idle power subtracted before attribution, and where it comes from.
pub const IDLE_POWER: MetricDef = MetricDef {
    name: "joulebench_idle_power_watts",
    stem: "joulebench_idle_power",
    unit: Some("watts"),
    kind: Kind::Gauge,
    labels: &["source"],
    help: "Idle power of the host, not attributed to processes; source is model (estimate \
           sensor), flag (--idle-watts) or min-observed (lowest interval power seen)",
};

/// CPU time of the exporter itself.
pub const EXPORTER_CPU: MetricDef = MetricDef {
    name: "joulebench_exporter_cpu_seconds_total",
    stem: "joulebench_exporter_cpu",
    unit: Some("seconds"),
    kind: Kind::Counter,
    labels: &[],
    help: "User and system CPU time of the exporter process",
};

/// Resident memory of the exporter itself.
pub const EXPORTER_MEMORY: MetricDef = MetricDef {
    name: "joulebench_exporter_resident_memory_bytes",
    stem: "joulebench_exporter_resident_memory",
    unit: Some("bytes"),
    kind: Kind::Gauge,
    labels: &[],
    help: "Resident set size of the exporter process",
};

/// How long the last sampling step (process scan and attribution) took.
pub const SAMPLE_DURATION: MetricDef = MetricDef {
    name: "joulebench_sample_duration_seconds",
    stem: "joulebench_sample_duration",
    unit: Some("seconds"),
    kind: Kind::Gauge,
    labels: &[],
    help: "Duration of the last sampling step (sensor read, process scan, attribution)",
};

/// How long rendering the previous scrape took.
pub const SCRAPE_DURATION: MetricDef = MetricDef {
    name: "joulebench_scrape_duration_seconds",
    stem: "joulebench_scrape_duration",
    unit: Some("seconds"),
    kind: Kind::Gauge,
    labels: &[],
    help: "Time taken to render the previous scrape",
};

/// Processes currently tracked (alive, or exited within the grace period).
pub const PROCESSES: MetricDef = MetricDef {
    name: "joulebench_processes",
    stem: "joulebench_processes",
    unit: None,
    kind: Kind::Gauge,
    labels: &[],
    help: "Processes seen by the last scan",
};

/// Failed sensor reads and skipped processes.
pub const ERRORS: MetricDef = MetricDef {
    name: "joulebench_errors_total",
    stem: "joulebench_errors",
    unit: None,
    kind: Kind::Counter,
    labels: &["source"],
    help: "Failed sensor reads (source=sensor) and processes skipped for a reason other than \
           exiting (source=process)",
};

/// Every family, in exposition order (the crate's `METRICS`: dashboards and tests check
/// their queries against it).
pub const ALL: &[MetricDef] = &[
    HOST_ENERGY,
    HOST_POWER,
    PROCESS_ENERGY,
    CGROUP_ENERGY,
    SENSOR_INFO,
    IDLE_POWER,
    EXPORTER_CPU,
    EXPORTER_MEMORY,
    SAMPLE_DURATION,
    SCRAPE_DURATION,
    PROCESSES,
    ERRORS,
];

/// Write a label value escaped for both text formats (classic and OpenMetrics escape
/// the same three characters): `\`, `"` and newline.
pub fn write_escaped_label<W: std::fmt::Write + ?Sized>(
    w: &mut W,
    value: &str,
) -> std::fmt::Result {
    // Runs of plain characters are written whole.
    let mut rest = value;
    while let Some(i) = rest.find(['\\', '"', '\n']) {
        w.write_str(&rest[..i])?;
        w.write_str(match rest.as_bytes()[i] {
            b'\\' => "\\\\",
            b'"' => "\\\"",
            _ => "\\n",
        })?;
        rest = &rest[i + 1..];
    }
    w.write_str(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_conventions() {
        for m in ALL {
            let mut expect = m.stem.to_string();
            if let Some(u) = m.unit {
                expect.push('_');
                expect.push_str(u);
            }
            match m.kind {
                Kind::Counter => expect.push_str("_total"),
                Kind::Info => expect.push_str("_info"),
                Kind::Gauge => {}
            }
            assert_eq!(m.name, expect);
            assert!(m.name.starts_with("joulebench_"));
        }
    }

    #[test]
    fn escapes() {
        let esc = |v: &str| {
            let mut s = String::new();
            write_escaped_label(&mut s, v).unwrap();
            s
        };
        assert_eq!(esc(r#"a"b\c"#), r#"a\"b\\c"#);
        assert_eq!(esc("x\ny"), "x\\ny");
        assert_eq!(esc("plain"), "plain");
        assert_eq!(esc(""), "");
        assert_eq!(esc("\\\n\"é"), "\\\\\\n\\\"é");
    }
}
