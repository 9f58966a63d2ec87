//! Energy counters of a Linux machine, behind one trait.
//!
//! Back-ends: RAPL through the perf `power` PMU, powercap sysfs and MSRs (Intel and AMD,
//! every socket, wrap-safe), NVIDIA GPUs through NVML, and a labelled model estimate for
//! machines with no counter. Every back-end is one entry of [`BACKENDS`] and opens from
//! [`ProbeOptions`], whose [`Roots`] say where `/sys`, `/dev` and `/proc` are, so that
//! it can be tested on test trees.

#![warn(missing_docs)]

mod error;
mod estimate;
mod msr;
mod nvml;
mod perf;
mod powercap;
mod probe;
mod util;
mod wrap;

pub use error::{ErrorClass, SensorError};
pub use estimate::{EstimateConfig, EstimateModel, EstimateSensor};
// The data model lives in joulebench-model; re-exported so that sensor users need one crate.
pub use joulebench_model::{default_total, Domain, DomainKind, Provenance};
pub use msr::dram_fixed_unit;
pub use nvml::LIB_ENV as NVML_LIB_ENV;
pub use perf::{discover as discover_power_pmu, PowerEvent, PowerPmu};
pub use probe::{
    backend, open, open_auto, probe_all, Backend, BackendReport, BackendStatus, Combined,
    DomainReport, ProbeOptions, Probed, Selection,
};
use wrap::{safe_interval, WrapCounter, WrapUpdate};

/// Every back-end, in auto-selection order. A new one is a module above that defines
/// its `BACKEND`, and its entry here.
pub static BACKENDS: &[Backend] = &[
    perf::BACKEND,
    powercap::BACKEND,
    msr::BACKEND,
    nvml::BACKEND,
    estimate::BACKEND,
];

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where the kernel's pseudo-filesystems are; replaced by temp dirs in tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roots {
    /// Replaces `/sys`.
    pub sysfs: PathBuf,
    /// Replaces `/dev`.
    pub dev: PathBuf,
    /// Replaces `/proc`.
    pub procfs: PathBuf,
}

impl Default for Roots {
    fn default() -> Self {
        Roots {
            sysfs: PathBuf::from("/sys"),
            dev: PathBuf::from("/dev"),
            procfs: PathBuf::from("/proc"),
        }
    }
}

/// One domain a sensor reports, with where it comes from.
#[derive(Clone, Debug, Serialize)]
pub struct DomainInfo {
    /// The domain.
    pub domain: Domain,
    /// Where it is read (a sysfs path, a perf event, an MSR, an NVML device, a model).
    pub source: String,
    /// Joules per raw counter unit.
    pub unit_joules: f64,
    /// Counter range in joules before it wraps, if it wraps.
    pub range_joules: Option<f64>,
}

/// What an opened (or probed) sensor provides.
#[derive(Clone, Debug, Serialize)]
pub struct SensorInfo {
    /// Back-end name: `rapl-perf`, `rapl-powercap`, `rapl-msr`, `nvml`, `estimate`.
    pub name: String,
    /// Measured or estimated.
    pub provenance: Provenance,
    /// The domains, in display order.
    pub domains: Vec<DomainInfo>,
    /// Longest safe interval between two samples (wrap safety), if the counters wrap.
    pub max_interval: Option<Duration>,
    /// For estimates: the model and coefficients used, in words.
    pub model: Option<String>,
    /// For estimates: the power model itself, with which a caller attributes energy to
    /// one process tree from its CPU time. `None` for counters.
    pub power_model: Option<EstimateModel>,
}

/// Cumulative joules per domain since the sensor was opened.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// When the sample was taken.
    pub at: Instant,
    /// Joules per domain since open, wrap-corrected.
    pub energy: BTreeMap<Domain, f64>,
}

impl Sample {
    /// The default energy figure of this sample (see [`default_total`]).
    pub fn total(&self) -> Option<f64> {
        default_total(self.energy.iter().map(|(d, j)| (d, *j)))
    }
}

/// An opened energy sensor.
pub trait Sensor: Send {
    /// What it measures and how.
    fn info(&self) -> &SensorInfo;
    /// Read every domain now: cumulative joules since open.
    fn sample(&mut self) -> Result<Sample, SensorError>;
    /// Samples dropped so far because a counter moved implausibly.
    fn dropped_samples(&self) -> u64 {
        0
    }
    /// Counter resets seen so far (a counter went backwards and was re-based): the
    /// energy across a reset is unknown, so a run that spans one is not trusted.
    fn resets(&self) -> u64 {
        0
    }
    /// Warnings gathered since the last call (dropped samples, skipped devices), oldest
    /// first. Libraries do not print: callers show these to the user.
    fn take_warnings(&mut self) -> Vec<String> {
        Vec::new()
    }
}

/// The highest power each kind of domain can plausibly draw, in watts.
///
/// It bounds how far a counter may move between two samples: a larger move (a counter
/// that went backwards, a reset, a misread) is dropped and counted instead of being
/// taken as a wrap. It also sets the longest safe sampling interval of wrapping
/// counters ([`PlausiblePower::safe_interval`], with a 50 % margin).
#[derive(Clone, Debug, PartialEq)]
pub struct PlausiblePower {
    watts: BTreeMap<DomainKind, f64>,
}

impl Default for PlausiblePower {
    /// Generous caps: 500 W per package (the largest server sockets draw about 400 W),
    /// 400 W for its cores, 200 W for uncore and for one socket's DRAM, 2000 W for a
    /// whole platform (psys) and 1500 W for one GPU board.
    fn default() -> Self {
        let watts = [
            (DomainKind::Psys, 2000.0),
            (DomainKind::Package, 500.0),
            (DomainKind::Core, 400.0),
            (DomainKind::Uncore, 200.0),
            (DomainKind::Dram, 200.0),
            (DomainKind::Gpu, 1500.0),
        ]
        .into_iter()
        .collect();
        PlausiblePower { watts }
    }
}

impl PlausiblePower {
    /// The cap for `kind`.
    pub fn watts(&self, kind: DomainKind) -> f64 {
        self.watts.get(&kind).copied().unwrap_or(500.0)
    }

    /// Replace the cap for `kind` (ignored unless finite and positive).
    pub fn with(mut self, kind: DomainKind, watts: f64) -> Self {
        if watts.is_finite() && watts > 0.0 {
            self.watts.insert(kind, watts);
        }
        self
    }

    /// The same cap for every kind (tests use a low one to exercise wraps quickly).
    pub fn uniform(watts: f64) -> Self {
        let mut p = PlausiblePower::default();
        if watts.is_finite() && watts > 0.0 {
            for w in p.watts.values_mut() {
                *w = watts;
            }
        }
        p
    }

    /// The wrap-safe interval of a counter of `range_joules` in a `kind` domain: the
    /// time the cap needs to go once around, halved.
    pub fn safe_interval(&self, kind: DomainKind, range_joules: f64) -> Duration {
        safe_interval(range_joules, self.watts(kind), 0.5)
    }
}

/// The largest plausible raw delta for `elapsed` at `watts`, in counter units of
/// `unit_joules`, with 20 ms of slack for the jitter between when a counter is updated
/// and when it is read.
pub(crate) fn plausible_units(elapsed: Duration, watts: f64, unit_joules: f64) -> u64 {
    let secs = elapsed.as_secs_f64() + 0.020;
    let units = (secs * watts / unit_joules).ceil();
    if units.is_finite() && units < u64::MAX as f64 {
        units as u64
    } else {
        u64::MAX
    }
}
