//! joulebench's results data model, and nothing else: what a figure is, where it came
//! from, and how sure it is.
//!
//! Why a crate of its own: everything that renders or reads results (`report`,
//! `compare`, `import`) needs these types and no hardware or process code. Before, the
//! report crate reached them through the sensor and runner crates and so compiled
//! perf-event2, nvml-wrapper and libloading to draw a chart.
//!
//! - [`domain`]: energy domains (package, core, uncore, dram, psys, gpu) and the domain
//!   rule of the default total ([`default_total`]).
//! - [`Provenance`]: measured by a counter, or estimated by a model.
//! - [`record`]: one [`record::RunRecord`] per measured run, sessions, JSON Lines lines.
//! - [`stats`]: summaries with confidence intervals, outliers, ratios.
//! - [`carbon`]: grid intensity and CO2e.
//! - [`ranking`]: what a ranking measured (toolchains, flags, sizes, libraries,
//!   exclusions), typed.
//! - [`machine`]: the machine a session ran on, and what makes two machines the same.
//! - [`fleet`]: one ranking over several machines: the plan's identity, shards, cells.
#![warn(missing_docs)]

pub mod carbon;
pub mod domain;
pub mod fleet;
pub mod machine;
pub mod ranking;
pub mod record;
pub mod stats;

pub use domain::{default_total, Domain, DomainKind};

use serde::{Deserialize, Serialize};

/// Whether figures come from a hardware counter or from a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
