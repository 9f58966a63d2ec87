//! Energy counters of a Linux machine, behind one trait.
//!
//! Back-ends: RAPL through the perf `power` PMU, powercap sysfs and MSRs (Intel and AMD,
//! every socket, wrap-safe), NVIDIA GPUs through NVML, and a labelled model estimate for
//! machines with no counter. Every back-end takes its filesystem roots from [`Roots`] so
//! it can be tested on fake trees.

pub mod domain;
pub mod error;
pub mod wrap;

pub use domain::{default_total, Domain, DomainKind};
pub use error::{ErrorClass, SensorError};
pub use wrap::{safe_interval, WrapCounter, WrapUpdate};

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

/// Whether figures come from a hardware counter or from a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Read from an energy counter.
    Measured,
    /// Computed by a power model: not a measurement.
    Estimated,
}

impl Provenance {
    /// `measured` or `estimated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Measured => "measured",
            Provenance::Estimated => "estimated",
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
}
