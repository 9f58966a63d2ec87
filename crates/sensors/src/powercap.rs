//! `rapl-powercap`: RAPL energy counters through the kernel's powercap sysfs interface.
//!
//! Layout (`<sysfs>` is `/sys` unless replaced):
//!
//! ```text
//! <sysfs>/class/powercap/intel-rapl:0/        name=package-0  energy_uj  max_energy_range_uj
//! <sysfs>/class/powercap/intel-rapl:0:0/      name=core       (sub-zone of package 0)
//! <sysfs>/class/powercap/intel-rapl:0:1/      name=uncore
//! <sysfs>/class/powercap/intel-rapl:0:2/      name=dram
//! <sysfs>/class/powercap/intel-rapl:1/        name=package-1 | psys
//! <sysfs>/class/powercap/intel-rapl-mmio:0/   name=package-0  (same counter again: ignored)
//! ```
//!
//! AMD kernels (Zen, since Linux 5.8 / 5.11) use the same `intel-rapl` names with
//! `package-N` zones and `core` sub-zones. `energy_uj` is a counter in microjoules that
//! restarts from zero after `max_energy_range_uj`; it is root-only since the PLATYPUS
//! fix (CVE-2020-8694, Linux 5.10 and stable kernels from November 2020).

use crate::probe::{Backend, ProbeOptions, Selection};
use crate::util::{parse_u64, read_value};
use crate::{
    plausible_units, Domain, DomainInfo, DomainKind, Provenance, Roots, Sample, Sensor,
    SensorError, SensorInfo, WrapCounter, WrapUpdate,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Back-end name.
pub const NAME: &str = "rapl-powercap";

/// The registry entry.
pub(crate) const BACKEND: Backend = Backend::new(
    NAME,
    "RAPL through the kernel's powercap sysfs zones (<sysfs>/class/powercap/intel-rapl:*)",
    Selection::Primary,
    |opts| Ok(Box::new(PowercapSensor::open(opts)?)),
);

/// Joules per `energy_uj` unit.
const UNIT_J: f64 = 1e-6;

/// The exact fixes for a refused `energy_uj`, with the paths under `sysfs`.
pub fn permission_fix(sysfs: &Path) -> String {
    let pc = sysfs.join("class/powercap");
    let pc = pc.display();
    format!(
        "run joulebench as root (sudo joulebench ...); or, until the next reboot: \
         sudo chmod a+r {pc}/intel-rapl:*/energy_uj {pc}/intel-rapl:*/*/energy_uj; \
         or for good, with a udev rule: \
         echo 'SUBSYSTEM==\"powercap\", ACTION==\"add\", RUN+=\"/bin/chmod a+r /sys%p/energy_uj\"' \
         | sudo tee /etc/udev/rules.d/99-joulebench-rapl.rules && sudo udevadm control --reload \
         && sudo udevadm trigger --subsystem-match=powercap --action=add \
         (readable counters re-open the PLATYPUS power side channel, CVE-2020-8694: on shared \
         machines prefer sudo, or chgrp a trusted group and chmod g+r instead of a+r)"
    )
}

/// Why powercap is absent, and what might bring it.
fn absent(reason: String) -> SensorError {
    SensorError::Unavailable {
        sensor: NAME,
        reason,
        fix: Some(
            "sudo modprobe intel_rapl_msr (only helps on bare metal with an Intel or AMD Zen \
             CPU: virtual machines usually expose no RAPL)"
                .into(),
        ),
    }
}

/// One powercap zone that reports an energy domain.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneDesc {
    /// The zone's directory name, e.g. `intel-rapl:0:2`.
    pub id: String,
    /// Its directory.
    pub dir: PathBuf,
    /// The contents of its `name` file, e.g. `dram`.
    pub name: String,
    /// The domain it measures.
    pub domain: Domain,
    /// `max_energy_range_uj`: the counter's largest value before it restarts at zero.
    pub max_energy_range_uj: u64,
}

/// `intel-rapl:N` or `intel-rapl:N:M` -> (N, Some(M)).
fn parse_zone_id(id: &str) -> Option<(u32, Option<u32>)> {
    let rest = id.strip_prefix("intel-rapl:")?;
    let mut parts = rest.split(':');
    let n = parts.next()?.parse().ok()?;
    let m = match parts.next() {
        Some(m) => Some(m.parse().ok()?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some((n, m))
}

/// The `intel-rapl:N[:M]` zone directories under `base`, sorted: `(N, M, name)`.
fn zone_ids(base: &Path) -> Result<Vec<(u32, Option<u32>, String)>, SensorError> {
    let entries = match std::fs::read_dir(base) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(absent(format!(
                "{} does not exist: the kernel exposes no RAPL powercap zones",
                base.display()
            )))
        }
        Err(e) => return Err(SensorError::from_io(NAME, base, e, false, "run as root")),
    };
    let mut ids: Vec<(u32, Option<u32>, String)> = entries
        .flatten()
        .filter_map(|e| {
            let id = e.file_name().to_str()?.to_string();
            // `intel-rapl-mmio:N` are the same package counters read through MMIO: adding
            // them would count every package twice. `parse_zone_id` rejects them.
            let (n, m) = parse_zone_id(&id)?;
            Some((n, m, id))
        })
        .collect();
    ids.sort();
    if ids.is_empty() {
        return Err(absent(format!(
            "no intel-rapl zones in {}: the kernel exposes no RAPL counters",
            base.display()
        )));
    }
    Ok(ids)
}

/// Whether zone directory `dir` has an entry `f`. A zone directory that cannot be read
/// is not "no RAPL zones": that is an error, with the permission fix.
fn has_entry(dir: &Path, f: &str, sysfs: &Path) -> Result<bool, SensorError> {
    match std::fs::symlink_metadata(dir.join(f)) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(SensorError::from_io(
            NAME,
            dir,
            e,
            false,
            permission_fix(sysfs),
        )),
    }
}

/// Gives zones their domains, in zone order: sub-zones take their parent's package.
#[derive(Default)]
struct Domains {
    /// Top-level zone number -> the package index it reports.
    package_of_zone: BTreeMap<u32, u32>,
    /// psys zones seen so far.
    psys: u32,
}

impl Domains {
    /// The domain of zone `intel-rapl:n[:m]` called `name`, if it is a known one.
    fn of(&mut self, n: u32, m: Option<u32>, name: &str) -> Option<Domain> {
        let parent_pkg = self.package_of_zone.get(&n).copied().unwrap_or(n);
        Some(match (m, name) {
            (None, s) if s.starts_with("package-") => {
                let rest = &s["package-".len()..];
                // Multi-die parts name zones `package-K-die-D`: each die has its own
                // counter, so the zone number keeps them apart.
                let index = rest.parse::<u32>().unwrap_or(n);
                self.package_of_zone.insert(n, index);
                Domain::new(DomainKind::Package, index)
            }
            (_, "psys") => {
                let d = Domain::new(DomainKind::Psys, self.psys);
                self.psys += 1;
                d
            }
            (_, "core") => Domain::new(DomainKind::Core, parent_pkg),
            (_, "uncore") => Domain::new(DomainKind::Uncore, parent_pkg),
            (_, "dram") => Domain::new(DomainKind::Dram, parent_pkg),
            _ => return None,
        })
    }
}

/// `max_energy_range_uj` of zone `dir`, which must not be 0.
fn read_range(dir: &Path, sysfs: &Path) -> Result<u64, SensorError> {
    let range_path = dir.join("max_energy_range_uj");
    let range_text = read_value(NAME, &range_path, false, &permission_fix(sysfs))?;
    let range = parse_u64(&range_path, &range_text)?;
    if range == 0 {
        return Err(SensorError::Unavailable {
            sensor: NAME,
            reason: format!(
                "{} is 0: a counter with no range cannot be read wrap-safely (a broken \
                 or virtualised RAPL driver)",
                range_path.display()
            ),
            fix: None,
        });
    }
    Ok(range)
}

/// Find every RAPL zone under `<sysfs>/class/powercap`, with its domain and counter
/// range, without reading the counters. Zones whose `name` is not a known domain are
/// skipped (returned in the second list, as `id (name)`).
pub fn discover(roots: &Roots) -> Result<(Vec<ZoneDesc>, Vec<String>), SensorError> {
    let base = roots.sysfs.join("class/powercap");
    let mut zones: Vec<ZoneDesc> = Vec::new();
    let mut skipped = Vec::new();
    let mut domains = Domains::default();
    for (n, m, id) in zone_ids(&base)? {
        let dir = base.join(&id);
        if !has_entry(&dir, "energy_uj", &roots.sysfs)? && !has_entry(&dir, "name", &roots.sysfs)? {
            continue;
        }
        let name = read_value(NAME, &dir.join("name"), false, "run as root")?;
        let Some(domain) = domains.of(n, m, &name) else {
            skipped.push(format!("{id} ({name})"));
            continue;
        };
        if zones.iter().any(|z| z.domain == domain) {
            skipped.push(format!("{id} ({name}: {domain} already seen)"));
            continue;
        }
        let max_energy_range_uj = read_range(&dir, &roots.sysfs)?;
        zones.push(ZoneDesc {
            id,
            dir,
            name,
            domain,
            max_energy_range_uj,
        });
    }
    if zones.is_empty() {
        return Err(absent(format!(
            "no RAPL energy zones in {} (skipped: {})",
            base.display(),
            skipped.join(", ")
        )));
    }
    zones.sort_by_key(|z| z.domain);
    Ok((zones, skipped))
}

struct Zone {
    desc: ZoneDesc,
    energy: PathBuf,
    counter: WrapCounter,
    watts: f64,
    last_ok: Instant,
}

/// The powercap sensor: one wrap-safe counter per zone.
pub struct PowercapSensor {
    info: SensorInfo,
    zones: Vec<Zone>,
    fix: String,
    dropped: u64,
    resets: u64,
    warnings: Vec<String>,
}

/// Read one `energy_uj`; a missing file (or zone) after open is [`SensorError::Vanished`]
/// naming the zone directory.
fn read_energy(path: &Path, zone_dir: &Path, opened: bool, fix: &str) -> Result<u64, SensorError> {
    match read_value(NAME, path, opened, fix) {
        Ok(s) => parse_u64(path, &s),
        Err(SensorError::Vanished { .. }) => Err(SensorError::Vanished {
            path: zone_dir.to_path_buf(),
        }),
        Err(e) => Err(e),
    }
}

impl PowercapSensor {
    /// Find the zones and read each counter once (so an unreadable or garbled counter
    /// fails here, naming the file, rather than in the middle of a measurement).
    pub fn open(opts: &ProbeOptions) -> Result<Self, SensorError> {
        let (roots, plausible) = (&opts.roots, &opts.plausible);
        let (descs, _skipped) = discover(roots)?;
        let fix = permission_fix(&roots.sysfs);
        let mut zones = Vec::with_capacity(descs.len());
        let mut domains = Vec::with_capacity(descs.len());
        let mut max_interval: Option<Duration> = None;
        for desc in descs {
            let energy = desc.dir.join("energy_uj");
            let raw = read_energy(&energy, &desc.dir, false, &fix)?;
            if raw > desc.max_energy_range_uj {
                return Err(SensorError::Unavailable {
                    sensor: NAME,
                    reason: format!(
                        "{} reads {raw}, above its max_energy_range_uj {}: the counter or \
                         its range is wrong, so no reading of it can be trusted",
                        energy.display(),
                        desc.max_energy_range_uj
                    ),
                    fix: None,
                });
            }
            let mut counter = WrapCounter::new(desc.max_energy_range_uj);
            counter.update(raw, None);
            let range_j = (desc.max_energy_range_uj as f64 + 1.0) * UNIT_J;
            let watts = plausible.watts(desc.domain.kind);
            let safe = plausible.safe_interval(desc.domain.kind, range_j);
            max_interval = Some(max_interval.map_or(safe, |m| m.min(safe)));
            domains.push(DomainInfo {
                domain: desc.domain,
                source: energy.display().to_string(),
                unit_joules: UNIT_J,
                range_joules: Some(range_j),
            });
            zones.push(Zone {
                desc,
                energy,
                counter,
                watts,
                last_ok: Instant::now(),
            });
        }
        Ok(PowercapSensor {
            info: SensorInfo {
                name: NAME.into(),
                provenance: Provenance::Measured,
                domains,
                max_interval,
                model: None,
                power_model: None,
            },
            zones,
            fix,
            dropped: 0,
            resets: 0,
            warnings: Vec::new(),
        })
    }
}

impl Sensor for PowercapSensor {
    fn info(&self) -> &SensorInfo {
        &self.info
    }

    fn sample(&mut self) -> Result<Sample, SensorError> {
        let at = Instant::now();
        let mut energy = BTreeMap::new();
        for z in &mut self.zones {
            let raw = read_energy(&z.energy, &z.desc.dir, true, &self.fix)?;
            let limit = plausible_units(at.saturating_duration_since(z.last_ok), z.watts, UNIT_J);
            match z.counter.update(raw, Some(limit)) {
                WrapUpdate::First | WrapUpdate::Delta { .. } => z.last_ok = at,
                WrapUpdate::Reset { raw, backwards } => {
                    let how = if backwards {
                        "went backwards"
                    } else {
                        "jumped ahead twice in a row"
                    };
                    z.last_ok = at;
                    self.resets += 1;
                    self.warnings.push(format!(
                        "{}: {} {how} (to {raw} µJ: reset or driver reload): \
                         counting again from there; the energy since the previous reading \
                         is unknown",
                        NAME,
                        z.energy.display(),
                    ));
                }
                WrapUpdate::Implausible { raw } => {
                    self.dropped += 1;
                    self.warnings.push(format!(
                        "{}: {} moved implausibly (to {raw} µJ; more than {:.0} W could \
                         produce, or backwards): sample dropped ({} so far)",
                        NAME,
                        z.energy.display(),
                        z.watts,
                        self.dropped
                    ));
                }
            }
            energy.insert(z.desc.domain, z.counter.total() as f64 * UNIT_J);
        }
        Ok(Sample { at, energy })
    }

    fn dropped_samples(&self) -> u64 {
        self.dropped
    }

    fn resets(&self) -> u64 {
        self.resets
    }

    fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_ids() {
        assert_eq!(parse_zone_id("intel-rapl:0"), Some((0, None)));
        assert_eq!(parse_zone_id("intel-rapl:1:2"), Some((1, Some(2))));
        assert_eq!(parse_zone_id("intel-rapl-mmio:0"), None);
        assert_eq!(parse_zone_id("intel-rapl"), None);
        assert_eq!(parse_zone_id("intel-rapl:0:1:2"), None);
        assert_eq!(parse_zone_id("intel-rapl:x"), None);
    }

    #[test]
    fn permission_fix_is_exact() {
        let f = permission_fix(Path::new("/sys"));
        assert!(f.contains("sudo chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj"));
        assert!(f.contains("RUN+=\"/bin/chmod a+r /sys%p/energy_uj\""));
        assert!(f.contains("sudo joulebench"));
    }
}
