//! Opening the sensor the user asked for (or the best one) and describing it.

use crate::global::Global;
use joulebench_measure::{Attribution, Meter};
use joulebench_model::record::Session;
use joulebench_sensors::{Provenance, Sensor};

/// An opened sensor and, for estimates, how to attribute energy to one process tree.
pub struct Opened {
    /// The sensor.
    pub sensor: Box<dyn Sensor>,
    /// Tree attribution (estimate sensor only).
    pub attribution: Option<Attribution>,
    /// The procfs root (`--procfs-root`), for the machine description.
    pub procfs: std::path::PathBuf,
}

impl Opened {
    /// A meter sampling at `hz`.
    pub fn into_meter(self, hz: f64) -> Meter {
        Meter::new(self.sensor, self.attribution, hz)
    }
}

/// Probe options from the global flags.
pub fn probe_options(global: &Global) -> joulebench_sensors::ProbeOptions {
    let mut opts = joulebench_sensors::ProbeOptions::new(global.roots());
    opts.estimate_config = global.estimate_config.clone();
    opts
}

/// Open the sensor named by `--sensor`, or the best available one.
pub fn open(global: &Global) -> anyhow::Result<Opened> {
    let opts = probe_options(global);
    let sensor = match &global.sensor {
        Some(name) => joulebench_sensors::open(name, &opts)
            .map_err(|e| anyhow::anyhow!("--sensor {name}: {e}{}", fix_hint(&e)))?,
        None => joulebench_sensors::open_auto(&opts)?,
    };
    // Under the estimate model a tree's energy comes from its own CPU time, not from the
    // host-wide utilisation the sensor integrates.
    let attribution = sensor
        .info()
        .power_model
        .clone()
        .map(|m| Box::new(move |cpu, wall| m.tree_energy(cpu, wall)) as Attribution);
    Ok(Opened {
        sensor,
        attribution,
        procfs: opts.roots.procfs.clone(),
    })
}

fn fix_hint(e: &joulebench_sensors::SensorError) -> String {
    e.fix().map(|f| format!("\n  fix: {f}")).unwrap_or_default()
}

/// A session description for results files.
pub fn session(o: &Opened) -> Session {
    let info = o.sensor.info();
    Session {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started: crate::machine::now_rfc3339(),
        machine: crate::machine::describe(&o.procfs),
        sensor: info.name.clone(),
        provenance: Some(info.provenance),
        model: info.model.clone(),
        ..Session::default()
    }
}

/// Warnings to show before measuring (estimated energy, ...).
pub fn warnings(sensor: &dyn Sensor) -> Vec<String> {
    let info = sensor.info();
    let mut w = Vec::new();
    if info.provenance == Provenance::Estimated {
        w.push(format!(
            "no energy counter is readable here: energy is ESTIMATED by a model ({}), not measured. \
             `joulebench sensors` says why and how to fix it.",
            info.model.as_deref().unwrap_or("estimate")
        ));
    }
    w
}
