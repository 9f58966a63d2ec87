//! The back-end registry, probing every back-end, opening one by name, and automatic
//! selection.
//!
//! Every back-end is one [`Backend`] in [`BACKENDS`](crate::BACKENDS): its name, a line
//! of help, how selection uses it, and how it opens from [`ProbeOptions`]. Auto-selection
//! takes the first usable [`Selection::Primary`] back-end in table order (`rapl-perf`,
//! then `rapl-powercap`, then `rapl-msr`, then `estimate`, which is available while
//! `/proc` is readable) and adds the domains of every usable [`Selection::AddOn`]
//! (`nvml`'s `gpu-N`), as a [`Combined`] sensor named e.g. `rapl-powercap+nvml`.
//! `--sensor NAME` opens exactly that back-end, alone.

use crate::{
    DomainInfo, ErrorClass, PlausiblePower, Provenance, Roots, Sample, Sensor, SensorError,
    SensorInfo, BACKENDS,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How automatic selection uses a back-end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Measures (or models) the machine: the first usable one in table order is selected.
    Primary,
    /// Adds domains of its own (GPUs): joined to the selected primary sensor when usable.
    AddOn,
}

/// One energy back-end, as the registry lists it.
pub struct Backend {
    /// Its name, as `--sensor` takes it and reports show it.
    pub name: &'static str,
    /// What it reads, in one line.
    pub help: &'static str,
    /// How automatic selection uses it.
    pub selection: Selection,
    open: fn(&ProbeOptions) -> Result<Box<dyn Sensor>, SensorError>,
}

impl Backend {
    /// A table entry (back-end modules define one each as `BACKEND`).
    pub(crate) const fn new(
        name: &'static str,
        help: &'static str,
        selection: Selection,
        open: fn(&ProbeOptions) -> Result<Box<dyn Sensor>, SensorError>,
    ) -> Self {
        Backend {
            name,
            help,
            selection,
            open,
        }
    }

    /// Open this back-end on its own. A measuring back-end must show that its counters
    /// count before it is used (see [`check_counting`]).
    pub fn open(&self, opts: &ProbeOptions) -> Result<Box<dyn Sensor>, SensorError> {
        let mut sensor = (self.open)(opts)?;
        if sensor.info().provenance == Provenance::Measured {
            check_counting(self.name, sensor.as_mut(), COUNTING_WAIT)?;
        }
        Ok(sensor)
    }
}

/// How long a measuring back-end's counters are watched at open for a first move. RAPL
/// counters update about every millisecond and the slowest GPU drivers about every
/// 100 ms, so a counter that moves at all moves well within this; only a counter that
/// does not count costs the whole wait.
pub const COUNTING_WAIT: Duration = Duration::from_millis(500);

/// Refuse a sensor none of whose counters moves within `wait`: its readings would be a
/// silent, false 0 J labelled "measured". (Regression: on a VM exposing the perf `power`
/// PMU's `energy-psys` without counting it, auto-selection picked `rapl-perf` and every
/// run of a ranking read 0.00 J (measured), the idle baseline 0.00 W.)
pub fn check_counting(
    name: &'static str,
    sensor: &mut dyn Sensor,
    wait: Duration,
) -> Result<(), SensorError> {
    let first = sensor.sample()?;
    let started = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(2));
        let now = sensor.sample()?;
        if now.energy != first.energy {
            return Ok(());
        }
        if started.elapsed() >= wait {
            return Err(SensorError::NotCounting {
                sensor: name,
                sources: sensor
                    .info()
                    .domains
                    .iter()
                    .map(|d| d.source.clone())
                    .collect(),
                waited: started.elapsed(),
            });
        }
    }
}

/// The back-end called `name`, if there is one.
pub fn backend(name: &str) -> Option<&'static Backend> {
    BACKENDS.iter().find(|b| b.name == name)
}

/// What every back-end opens from.
#[derive(Clone, Debug, Default)]
pub struct ProbeOptions {
    /// Where `/sys`, `/dev` and `/proc` are.
    pub roots: Roots,
    /// A TOML file of estimate overrides (`--estimate-config`).
    pub estimate_config: Option<PathBuf>,
    /// Plausible power caps (wrap safety and dropped-sample detection).
    pub plausible: PlausiblePower,
    /// Leave NVML out (it is also left out when `JOULEBENCH_NVML_LIB` names a missing
    /// file).
    pub no_nvml: bool,
}

impl ProbeOptions {
    /// Options for these roots, everything else default.
    pub fn new(roots: Roots) -> Self {
        ProbeOptions {
            roots,
            ..Default::default()
        }
    }
}

fn unknown(name: &str) -> SensorError {
    let known: Vec<&str> = BACKENDS.iter().map(|b| b.name).collect();
    SensorError::Unavailable {
        sensor: "sensor",
        reason: format!("unknown sensor {name:?} (known: {})", known.join(", ")),
        fix: None,
    }
}

/// Open the back-end called `name` (one of [`BACKENDS`](crate::BACKENDS)) on its own.
pub fn open(name: &str, opts: &ProbeOptions) -> Result<Box<dyn Sensor>, SensorError> {
    match backend(name) {
        Some(b) => b.open(opts),
        None => Err(unknown(name)),
    }
}

/// Whether a back-end can be used, in one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackendStatus {
    /// Opened and read.
    Usable,
    /// Not present on this machine.
    Unavailable,
    /// Present, but reading was refused.
    PermissionDenied,
    /// Present, but a counter could not be read or made no sense.
    Error,
}

impl BackendStatus {
    /// `usable`, `unavailable`, `permission denied` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            BackendStatus::Usable => "usable",
            BackendStatus::Unavailable => "unavailable",
            BackendStatus::PermissionDenied => "permission denied",
            BackendStatus::Error => "error",
        }
    }
}

/// One domain of a usable back-end, for display and JSON.
#[derive(Clone, Debug, Serialize)]
pub struct DomainReport {
    /// `package-0`, `dram-1`, `gpu-0`, ...
    pub domain: String,
    /// Where it is read.
    pub source: String,
    /// Joules per raw counter unit.
    pub unit_joules: f64,
    /// Counter range in joules before it wraps; null when it does not wrap.
    pub range_joules: Option<f64>,
    /// Longest safe interval between samples for this counter, seconds; null when it
    /// does not wrap.
    pub max_safe_interval_s: Option<f64>,
}

/// What probing found for one back-end.
#[derive(Clone, Debug, Serialize)]
pub struct BackendReport {
    /// Back-end name.
    pub name: String,
    /// Usable or why not.
    pub status: BackendStatus,
    /// `measured` or `estimated`, when usable.
    pub provenance: Option<Provenance>,
    /// Its domains, when usable.
    pub domains: Vec<DomainReport>,
    /// Longest safe interval between samples over all domains, seconds (null: no wrap).
    pub max_interval_s: Option<f64>,
    /// For the estimate: the model and coefficients.
    pub model: Option<String>,
    /// Why it is not usable (the error text).
    pub reason: Option<String>,
    /// The exact command or step that would fix it.
    pub fix: Option<String>,
    /// Non-fatal notes from opening (e.g. a GPU without an energy counter).
    pub notes: Vec<String>,
}

impl BackendReport {
    fn usable(info: &SensorInfo, plausible: &PlausiblePower, notes: Vec<String>) -> Self {
        BackendReport {
            name: info.name.clone(),
            status: BackendStatus::Usable,
            provenance: Some(info.provenance),
            domains: info
                .domains
                .iter()
                .map(|d| domain_report(d, plausible))
                .collect(),
            max_interval_s: info.max_interval.map(|d| d.as_secs_f64()),
            model: info.model.clone(),
            reason: None,
            fix: None,
            notes,
        }
    }

    fn failed(name: &str, e: &SensorError) -> Self {
        let status = match e.class() {
            ErrorClass::Unavailable => BackendStatus::Unavailable,
            ErrorClass::PermissionDenied => BackendStatus::PermissionDenied,
            ErrorClass::Transient => BackendStatus::Error,
        };
        let reason = match e {
            SensorError::Unavailable { reason, .. } => reason.clone(),
            other => other.to_string(),
        };
        BackendReport {
            name: name.to_string(),
            status,
            provenance: None,
            domains: Vec::new(),
            max_interval_s: None,
            model: None,
            reason: Some(reason),
            fix: e.fix().map(str::to_string),
            notes: Vec::new(),
        }
    }
}

fn domain_report(d: &DomainInfo, plausible: &PlausiblePower) -> DomainReport {
    DomainReport {
        domain: d.domain.to_string(),
        source: d.source.clone(),
        unit_joules: d.unit_joules,
        range_joules: d.range_joules,
        max_safe_interval_s: d
            .range_joules
            .map(|r| plausible.safe_interval(d.domain.kind, r).as_secs_f64()),
    }
}

/// The result of probing every back-end.
pub struct Probed {
    /// One report per back-end, in [`BACKENDS`](crate::BACKENDS) order.
    pub reports: Vec<BackendReport>,
    /// The auto-selected sensor (best CPU sensor, plus NVML when usable), if any.
    pub selected: Option<Box<dyn Sensor>>,
}

/// Open every back-end to see which work, and keep the selection (see the module docs).
pub fn probe_all(opts: &ProbeOptions) -> Probed {
    let mut reports = Vec::new();
    let mut primary: Option<Box<dyn Sensor>> = None;
    let mut add_ons: Vec<Box<dyn Sensor>> = Vec::new();
    for b in BACKENDS {
        match b.open(opts) {
            Ok(mut s) => {
                let notes = s.take_warnings();
                reports.push(BackendReport::usable(s.info(), &opts.plausible, notes));
                match b.selection {
                    Selection::AddOn => add_ons.push(s),
                    Selection::Primary if primary.is_none() => primary = Some(s),
                    Selection::Primary => {}
                }
            }
            Err(e) => reports.push(BackendReport::failed(b.name, &e)),
        }
    }
    let mut parts: Vec<Box<dyn Sensor>> = primary.into_iter().chain(add_ons).collect();
    let selected = match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Box::new(Combined::new(parts)) as Box<dyn Sensor>),
    };
    Probed { reports, selected }
}

/// The best available sensor (see the module docs), or the reason none is usable.
pub fn open_auto(opts: &ProbeOptions) -> Result<Box<dyn Sensor>, SensorError> {
    let probed = probe_all(opts);
    if let Some(s) = probed.selected {
        return Ok(s);
    }
    let reasons: Vec<String> = probed
        .reports
        .iter()
        .map(|r| format!("{}: {}", r.name, r.reason.as_deref().unwrap_or("?")))
        .collect();
    Err(SensorError::Unavailable {
        sensor: "sensor",
        reason: format!("no energy sensor is usable ({})", reasons.join("; ")),
        fix: None,
    })
}

/// Several sensors read as one: their domains merged (they must not overlap, e.g. a
/// CPU sensor and NVML's `gpu-N`).
pub struct Combined {
    parts: Vec<Box<dyn Sensor>>,
    info: SensorInfo,
}

impl Combined {
    /// Merge `parts`. The name joins theirs with `+`; the provenance is `estimated` when
    /// any part is; the model text is the estimated parts', the power model the first
    /// one's.
    pub fn new(parts: Vec<Box<dyn Sensor>>) -> Self {
        let infos: Vec<&SensorInfo> = parts.iter().map(|p| p.info()).collect();
        let name = infos
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join("+");
        let provenance = if infos.iter().any(|i| i.provenance == Provenance::Estimated) {
            Provenance::Estimated
        } else {
            Provenance::Measured
        };
        let mut domains: Vec<DomainInfo> = infos.iter().flat_map(|i| i.domains.clone()).collect();
        domains.sort_by_key(|d| d.domain);
        let max_interval: Option<Duration> = infos.iter().filter_map(|i| i.max_interval).min();
        let models: Vec<String> = infos
            .iter()
            .filter_map(|i| i.model.as_ref().map(|m| format!("{}: {m}", i.name)))
            .collect();
        let model = if models.is_empty() {
            None
        } else {
            Some(models.join("; "))
        };
        let power_model = infos.iter().find_map(|i| i.power_model.clone());
        let info = SensorInfo {
            name,
            provenance,
            domains,
            max_interval,
            model,
            power_model,
        };
        Combined { parts, info }
    }
}

impl Sensor for Combined {
    fn info(&self) -> &SensorInfo {
        &self.info
    }

    fn sample(&mut self) -> Result<Sample, SensorError> {
        let mut energy = BTreeMap::new();
        let mut at: Option<Instant> = None;
        for p in &mut self.parts {
            let s = p.sample()?;
            at = Some(at.map_or(s.at, |a: Instant| a.max(s.at)));
            energy.extend(s.energy);
        }
        Ok(Sample {
            at: at.unwrap_or_else(Instant::now),
            energy,
        })
    }

    fn dropped_samples(&self) -> u64 {
        self.parts.iter().map(|p| p.dropped_samples()).sum()
    }

    fn resets(&self) -> u64 {
        self.parts.iter().map(|p| p.resets()).sum()
    }

    fn take_warnings(&mut self) -> Vec<String> {
        self.parts
            .iter_mut()
            .flat_map(|p| p.take_warnings())
            .collect()
    }
}
