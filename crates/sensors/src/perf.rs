//! `rapl-perf`: RAPL through the perf `power` PMU (`perf stat -e power/energy-pkg/`).
//!
//! ```text
//! <sysfs>/bus/event_source/devices/power/type                  12
//! <sysfs>/bus/event_source/devices/power/cpumask               0,28   (one CPU per package)
//! <sysfs>/bus/event_source/devices/power/events/energy-pkg     event=0x02
//! <sysfs>/bus/event_source/devices/power/events/energy-pkg.scale  2.3283064365386962890625e-10
//! <sysfs>/bus/event_source/devices/power/events/energy-pkg.unit   Joules
//! ```
//!
//! One counter per event per CPU of the cpumask, opened system-wide (pid -1). The kernel
//! extends the 32-bit RAPL registers to 64 bits, so these counters do not wrap. Opening
//! needs CAP_PERFMON (or root) or `kernel.perf_event_paranoid` <= 0.

use crate::probe::{Backend, ProbeOptions, Selection};
use crate::util::{package_of, parse_cpulist, read_value, snippet};
use crate::{
    Domain, DomainInfo, DomainKind, Provenance, Roots, Sample, Sensor, SensorError, SensorInfo,
};
use perf_event::events::Raw;
use perf_event::{Builder, Counter};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Back-end name.
pub const NAME: &str = "rapl-perf";

/// The registry entry.
pub(crate) const BACKEND: Backend = Backend::new(
    NAME,
    "RAPL through the perf power PMU (needs CAP_PERFMON or kernel.perf_event_paranoid <= 0)",
    Selection::Primary,
    |opts| Ok(Box::new(PerfSensor::open(opts)?)),
);

/// The exact fix when the kernel refuses to open a system-wide power counter.
pub const PERMISSION_FIX: &str = "sudo sysctl kernel.perf_event_paranoid=0 (or give joulebench \
     CAP_PERFMON: sudo setcap cap_perfmon+ep $(which joulebench))";

/// One `energy-*` event of the power PMU.
#[derive(Clone, Debug, PartialEq)]
pub struct PowerEvent {
    /// File name, e.g. `energy-pkg`.
    pub name: String,
    /// The raw `config` value (`event=0x02` gives 2).
    pub config: u64,
    /// Joules per count, from the `.scale` file.
    pub scale: f64,
    /// From the `.unit` file; always `Joules` for RAPL.
    pub unit: String,
    /// The domain kind the event measures.
    pub kind: DomainKind,
}

/// The power PMU as sysfs describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct PowerPmu {
    /// Its directory.
    pub dir: PathBuf,
    /// The perf `type` number to put in `perf_event_attr.type`.
    pub pmu_type: u32,
    /// One CPU per package, with the package it reads: `(cpu, package)`.
    pub cpus: Vec<(usize, u32)>,
    /// The energy events, sorted by name.
    pub events: Vec<PowerEvent>,
}

fn kind_of_event(name: &str) -> Option<DomainKind> {
    Some(match name {
        "energy-pkg" => DomainKind::Package,
        "energy-cores" => DomainKind::Core,
        "energy-gpu" => DomainKind::Uncore,
        "energy-ram" => DomainKind::Dram,
        "energy-psys" => DomainKind::Psys,
        _ => return None,
    })
}

/// Parse `event=0x02` (the only term the power PMU's events use).
fn parse_event_config(path: &Path, text: &str) -> Result<u64, SensorError> {
    let bad = || SensorError::Parse {
        path: path.to_path_buf(),
        content: snippet(text),
    };
    let mut config = None;
    for term in text.trim().split(',') {
        let (k, v) = term.split_once('=').ok_or_else(bad)?;
        if k.trim() != "event" {
            return Err(bad());
        }
        let v = v.trim();
        let n = match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
            Some(hex) => u64::from_str_radix(hex, 16),
            None => v.parse(),
        }
        .map_err(|_| bad())?;
        config = Some(n);
    }
    config.ok_or_else(bad)
}

/// The PMU's perf `type` number, from `<dir>/type`.
fn read_pmu_type(dir: &Path) -> Result<u32, SensorError> {
    let type_path = dir.join("type");
    let type_text = match read_value(NAME, &type_path, false, PERMISSION_FIX) {
        Ok(t) => t,
        Err(SensorError::Unavailable { .. }) => {
            return Err(SensorError::Unavailable {
                sensor: NAME,
                reason: format!(
                    "no perf power PMU ({} does not exist): the kernel's RAPL perf driver is \
                     not loaded or this CPU/VM exposes no RAPL",
                    type_path.display()
                ),
                fix: Some(
                    "sudo modprobe rapl (bare metal only: virtual machines usually expose no \
                     RAPL)"
                        .into(),
                ),
            })
        }
        Err(e) => return Err(e),
    };
    type_text.parse().map_err(|_| SensorError::Parse {
        path: type_path.clone(),
        content: snippet(&type_text),
    })
}

/// Event `name` of `events_dir` with its `.scale` and `.unit` files.
fn read_event(
    events_dir: &Path,
    name: String,
    kind: DomainKind,
) -> Result<PowerEvent, SensorError> {
    let ev_path = events_dir.join(&name);
    let config = parse_event_config(
        &ev_path,
        &read_value(NAME, &ev_path, false, PERMISSION_FIX)?,
    )?;
    let scale_path = events_dir.join(format!("{name}.scale"));
    let scale_text = read_value(NAME, &scale_path, false, PERMISSION_FIX)?;
    let scale: f64 = scale_text
        .parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s > 0.0)
        .ok_or_else(|| SensorError::Parse {
            path: scale_path.clone(),
            content: snippet(&scale_text),
        })?;
    let unit_path = events_dir.join(format!("{name}.unit"));
    let unit = read_value(NAME, &unit_path, false, PERMISSION_FIX)?;
    if unit != "Joules" {
        return Err(SensorError::Parse {
            path: unit_path,
            content: snippet(&unit),
        });
    }
    Ok(PowerEvent {
        name,
        config,
        scale,
        unit,
        kind,
    })
}

/// Read and check the power PMU's description under `<sysfs>`, without opening anything.
pub fn discover(roots: &Roots) -> Result<PowerPmu, SensorError> {
    let dir = roots.sysfs.join("bus/event_source/devices/power");
    let pmu_type = read_pmu_type(&dir)?;
    let mask_path = dir.join("cpumask");
    let mask = read_value(NAME, &mask_path, false, PERMISSION_FIX)?;
    let cpus = parse_cpulist(&mask_path, &mask)?
        .into_iter()
        .enumerate()
        .map(|(i, cpu)| (cpu, package_of(&roots.sysfs, cpu).unwrap_or(i as u32)))
        .collect();

    let events_dir = dir.join("events");
    let entries = std::fs::read_dir(&events_dir)
        .map_err(|e| SensorError::from_io(NAME, &events_dir, e, false, PERMISSION_FIX))?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.starts_with("energy-") && !n.contains('.'))
        .collect();
    names.sort();
    let mut events = Vec::new();
    for name in names {
        if let Some(kind) = kind_of_event(&name) {
            events.push(read_event(&events_dir, name, kind)?);
        }
    }
    if events.is_empty() {
        return Err(SensorError::Unavailable {
            sensor: NAME,
            reason: format!(
                "the power PMU lists no energy events in {}",
                events_dir.display()
            ),
            fix: None,
        });
    }
    Ok(PowerPmu {
        dir,
        pmu_type,
        cpus,
        events,
    })
}

/// Classify a failed `perf_event_open`.
fn open_error(pmu: &PowerPmu, ev: &PowerEvent, cpu: usize, e: std::io::Error) -> SensorError {
    let what = pmu.dir.join("events").join(&ev.name);
    match e.raw_os_error() {
        Some(libc::EACCES) | Some(libc::EPERM) => SensorError::PermissionDenied {
            sensor: NAME,
            path: what,
            fix: PERMISSION_FIX.into(),
        },
        _ => SensorError::Unavailable {
            sensor: NAME,
            reason: format!(
                "perf_event_open(type {}, config {:#x}) for {} on CPU {cpu} failed: {e}",
                pmu.pmu_type, ev.config, ev.name
            ),
            fix: None,
        },
    }
}

struct Open {
    domain: Domain,
    scale: f64,
    counter: Counter,
    base: u64,
}

/// The perf power sensor: one 64-bit counter per event per package.
pub struct PerfSensor {
    info: SensorInfo,
    counters: Vec<Open>,
}

impl PerfSensor {
    /// Discover the PMU, open every counter system-wide and read each once.
    pub fn open(opts: &ProbeOptions) -> Result<Self, SensorError> {
        let pmu = discover(&opts.roots)?;
        let mut counters: Vec<Open> = Vec::new();
        let mut domains = Vec::new();
        for (pos, &(cpu, package)) in pmu.cpus.iter().enumerate() {
            for ev in &pmu.events {
                // psys is one platform-wide counter: read it once, not per package.
                if ev.kind == DomainKind::Psys && pos > 0 {
                    continue;
                }
                let index = if ev.kind == DomainKind::Psys {
                    0
                } else {
                    package
                };
                let domain = Domain::new(ev.kind, index);
                if counters.iter().any(|c| c.domain == domain) {
                    continue;
                }
                let mut b = Builder::new(Raw::new(ev.config));
                b.any_pid()
                    .one_cpu(cpu)
                    // The RAPL PMU rejects any exclude_* filter (EINVAL).
                    .include_kernel()
                    .exclude_hv(false);
                b.attrs_mut().type_ = pmu.pmu_type;
                let mut counter = b.build().map_err(|e| open_error(&pmu, ev, cpu, e))?;
                counter.enable().map_err(|e| open_error(&pmu, ev, cpu, e))?;
                let base = counter.read().map_err(|e| SensorError::Io {
                    path: pmu.dir.join("events").join(&ev.name),
                    source: e,
                })?;
                domains.push(DomainInfo {
                    domain,
                    source: format!("perf power/{}/ on CPU {cpu}", ev.name),
                    unit_joules: ev.scale,
                    range_joules: None,
                });
                counters.push(Open {
                    domain,
                    scale: ev.scale,
                    counter,
                    base,
                });
            }
        }
        domains.sort_by_key(|d| d.domain);
        Ok(PerfSensor {
            info: SensorInfo {
                name: NAME.into(),
                provenance: Provenance::Measured,
                domains,
                max_interval: None,
                model: None,
                power_model: None,
            },
            counters,
        })
    }
}

impl Sensor for PerfSensor {
    fn info(&self) -> &SensorInfo {
        &self.info
    }

    fn sample(&mut self) -> Result<Sample, SensorError> {
        let at = Instant::now();
        let mut energy = BTreeMap::new();
        for c in &mut self.counters {
            let v = c.counter.read().map_err(|e| SensorError::Io {
                path: PathBuf::from(format!("perf counter {}", c.domain)),
                source: e,
            })?;
            energy.insert(c.domain, v.saturating_sub(c.base) as f64 * c.scale);
        }
        Ok(Sample { at, energy })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_configs() {
        let p = Path::new("energy-pkg");
        assert_eq!(parse_event_config(p, "event=0x02\n").unwrap(), 2);
        assert_eq!(parse_event_config(p, "event=3").unwrap(), 3);
        assert!(matches!(
            parse_event_config(p, "umask=0x1"),
            Err(SensorError::Parse { .. })
        ));
        assert!(parse_event_config(p, "event=0xzz").is_err());
        assert!(parse_event_config(p, "").is_err());
    }
}
