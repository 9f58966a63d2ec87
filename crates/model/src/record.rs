//! The results model: one record per measured run, plus the context of a session.
//!
//! Everything that measures (`run`, `rank`) or reads other people's measurements
//! (`import`) produces [`RunRecord`]s; everything that renders (`report`, `compare`)
//! reads them. On disk a results file is JSON Lines: a [`Line::Session`] first, then one
//! [`Line::Run`] per run, appended as each run finishes so nothing is lost to a crash.

use crate::{Domain, Provenance};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One power sample of a run's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PowerSample {
    /// Seconds since the run started.
    pub t: f64,
    /// Average power over the interval ending at `t`, in watts (default total).
    pub watts: f64,
}

/// One parameter of a benchmark (`run --parameter-scan` / `--parameter-list`): its name
/// and the value `{name}` was replaced by in the command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parameter {
    /// The parameter's name, as in `{name}`.
    pub name: String,
    /// Its value for this benchmark, as substituted (text, as hyperfine records it).
    pub value: String,
}

/// One measured run of one command.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The command as the user gave it, or a label (`problem/language`).
    pub command: String,
    /// Suite problem, when measured by `rank` or imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Suite language, when measured by `rank` or imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The benchmark's parameters, in the order given (none without a parameter scan or
    /// list).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// 0-based run number for this command (warm-up runs are not recorded).
    pub index: u32,
    /// Wall-clock seconds.
    pub wall_s: f64,
    /// User CPU seconds of the process tree.
    #[serde(default)]
    pub user_s: f64,
    /// System CPU seconds of the process tree.
    #[serde(default)]
    pub system_s: f64,
    /// Peak resident set size of this run, bytes (None when unknown, e.g. imported).
    #[serde(default)]
    pub peak_rss_bytes: Option<u64>,
    /// Exit code; None when killed by a signal or timed out.
    #[serde(default)]
    pub exit_code: Option<i32>,
    /// Terminating signal, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    /// True when the run was killed by `--timeout`.
    #[serde(default)]
    pub timed_out: bool,
    /// Gross joules per domain over the run.
    pub energy_j: BTreeMap<Domain, f64>,
    /// Gross default energy figure (package + dram over sockets), joules.
    pub energy_total_j: Option<f64>,
    /// `energy_total_j` minus idle baseline power x the energy window, joules.
    #[serde(default)]
    pub energy_net_j: Option<f64>,
    /// Seconds the energy figures cover: from the counter reading just before the
    /// command started to the one just after it ended. A little longer than `wall_s`
    /// (the reading and the launcher's hand-over lie inside it). Absent when the energy
    /// covers `wall_s` exactly (the model estimate) or was imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energy_window_s: Option<f64>,
    /// Measured or estimated.
    pub provenance: Provenance,
    /// The sensor that produced the energy figures (e.g. `rapl-powercap`, `estimate`).
    pub sensor: String,
    /// Power timeline, when sampled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<PowerSample>,
    /// Warnings met during this run (sensor problems, processes left running).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Why this run's energy cannot be trusted (a counter reset, a counter that did not
    /// move): the run stays on record but is left out of every statistic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid: Option<String>,
}

impl RunRecord {
    /// Average power over the run (default total / the time it covers), watts.
    pub fn avg_power_w(&self) -> Option<f64> {
        let secs = self.energy_seconds();
        match self.energy_total_j {
            Some(j) if secs > 0.0 => Some(j / secs),
            _ => None,
        }
    }

    /// Seconds the energy figures cover: the energy window when recorded, else the
    /// wall time.
    pub fn energy_seconds(&self) -> f64 {
        self.energy_window_s.unwrap_or(self.wall_s)
    }

    /// CPU seconds (user + system).
    pub fn cpu_s(&self) -> f64 {
        self.user_s + self.system_s
    }

    /// True when the run ended normally with exit code 0.
    pub fn succeeded(&self) -> bool {
        self.exit_code == Some(0) && !self.timed_out
    }

    /// Check the figures a reader relies on: times, CPU and gross energies finite and not
    /// negative; the net energy finite (it may be slightly negative: idle power comes
    /// off). Returns the offending field and why, for an error that names it.
    pub fn validate(&self) -> Result<(), String> {
        let check = |field: &str, v: f64, may_be_negative: bool| -> Result<(), String> {
            if !v.is_finite() {
                return Err(format!("{field} is {v}: not a finite number"));
            }
            if v < 0.0 && !may_be_negative {
                return Err(format!("{field} is {v}: it cannot be negative"));
            }
            // A petajoule, or 30 million years: no measurement; sums of such figures
            // overflow to infinity in the statistics.
            if v.abs() > 1e15 {
                return Err(format!("{field} is {v}: implausibly large"));
            }
            Ok(())
        };
        check("wall_s", self.wall_s, false)?;
        check("user_s", self.user_s, false)?;
        check("system_s", self.system_s, false)?;
        if let Some(w) = self.energy_window_s {
            check("energy_window_s", w, false)?;
        }
        if let Some(j) = self.energy_total_j {
            check("energy_total_j", j, false)?;
        }
        if let Some(j) = self.energy_net_j {
            check("energy_net_j", j, true)?;
        }
        for (d, j) in &self.energy_j {
            check(&format!("energy_j.{d}"), *j, false)?;
        }
        Ok(())
    }

    /// True when its figures may enter statistics: not timed out, not marked invalid.
    pub fn usable(&self) -> bool {
        !self.timed_out && self.invalid.is_none()
    }
}

/// The idle baseline measured before the first run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Seconds measured.
    pub seconds: f64,
    /// Mean power, watts (default total).
    pub mean_w: f64,
    /// Standard deviation of the per-interval power, watts.
    pub stddev_w: f64,
}

/// Where and how a results file was measured.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// joulebench version that wrote it.
    pub tool_version: String,
    /// When the session started (RFC 3339, UTC).
    pub started: String,
    /// Machine description (CPU model, cores, memory, kernel).
    #[serde(default)]
    pub machine: crate::machine::Machine,
    /// Sensor name.
    pub sensor: String,
    /// Measured or estimated.
    pub provenance: Option<Provenance>,
    /// Estimate model description, when estimated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The command the relative figures are against (`run --reference`); None: the best
    /// command (least energy, fastest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Idle baseline, when measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    /// Grid intensity used for CO2e, g/kWh, and where it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<crate::carbon::GridIntensity>,
    /// The functional unit of the SCI figure (`run --functional-unit`), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functional_unit: Option<crate::carbon::FunctionalUnit>,
    /// What a ranking measured (`joulebench rank`, or imported study data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking: Option<crate::ranking::Ranking>,
    /// Free-form facts in words (the source of imported data); typed facts go in fields.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

impl Session {
    /// The machine and sensor, as rankings compare machines.
    pub fn machine_id(&self) -> crate::machine::MachineId {
        self.machine.id(&self.sensor)
    }
}

/// One line of a JSON Lines results file.
// A session line is rare (one per file, plus one per resume) and lives for one read:
// boxing it would change every reader's match for a few hundred bytes.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Line {
    /// Session context; first line of a file (a resumed session appends another).
    Session(Session),
    /// One measured run.
    Run(RunRecord),
}

/// Records grouped by command (or problem/language) in first-seen order.
pub fn group_by_command(runs: &[RunRecord]) -> Vec<(String, Vec<&RunRecord>)> {
    let mut order: Vec<String> = Vec::new();
    let mut map: BTreeMap<String, Vec<&RunRecord>> = BTreeMap::new();
    for r in runs {
        if !map.contains_key(&r.command) {
            order.push(r.command.clone());
        }
        map.entry(r.command.clone()).or_default().push(r);
    }
    order
        .into_iter()
        .map(|c| {
            let v = map.remove(&c).unwrap_or_default();
            (c, v)
        })
        .collect()
}
