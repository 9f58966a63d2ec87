//! Opening the sensor the user asked for (or the best one) and describing it.

use crate::global::Global;
use joulebench_measure::meter::{Attribution, Meter};
use joulebench_measure::record::Session;
use joulebench_sensors::{Provenance, Sensor};

/// An opened sensor and, for estimates, how to attribute energy to one process tree.
pub struct Opened {
    /// The sensor.
    pub sensor: Box<dyn Sensor>,
    /// Tree attribution (estimate sensor only).
    pub attribution: Option<Attribution>,
}

impl Opened {
    /// A meter sampling at `hz`.
    pub fn into_meter(self, hz: f64) -> Meter {
        Meter::new(self.sensor, self.attribution, hz)
    }
}

/// Open the sensor named by `--sensor`, or the best available one.
pub fn open(_global: &Global) -> anyhow::Result<Opened> {
    anyhow::bail!("sensor selection is being wired up")
}

/// A session description for results files.
pub fn session(o: &Opened) -> Session {
    let info = o.sensor.info();
    Session {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started: crate::machine::now_rfc3339(),
        machine: crate::machine::describe(),
        sensor: info.name.clone(),
        provenance: Some(info.provenance),
        model: info.model.clone(),
        ..Session::default()
    }
}

/// Warnings to show before measuring (estimated energy, ...).
pub fn warnings(m: &Meter) -> Vec<String> {
    let info = m.sensor().info();
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
