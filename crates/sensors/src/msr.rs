//! `rapl-msr`: RAPL energy registers read directly through `<dev>/cpu/N/msr`.
//!
//! Register R is the 8 bytes at offset R of the file: `pread(fd, buf, 8, R)`, which is
//! what the kernel's msr driver serves. A regular file with the little-endian values at
//! those offsets reads the same way (test trees are such sparse files). The package
//! registers are read on one CPU per package, AMD's per-core register on one thread of
//! each physical core. The energy fields are 32 bits wide, so they go through
//! [`WrapCounter`].
//!
//! | vendor | unit register (ESU = bits 12:8, unit = 2^-ESU J) | energy registers |
//! |---|---|---|
//! | Intel | `0x606` MSR_RAPL_POWER_UNIT | package `0x611`, PP0/core `0x639`, PP1/uncore `0x641`, DRAM `0x619`, psys `0x64D` |
//! | AMD family 17h/19h/1Ah | `0xC0010299` | core `0xC001029A` (per core), package `0xC001029B` |
//!
//! A register counts as present when it can be read and is not zero (the rule the
//! kernel's `intel_rapl` driver uses). Intel server parts count DRAM in a fixed unit
//! of 2^-16 J whatever `0x606` says: see [`dram_fixed_unit`].

use crate::probe::{Backend, ProbeOptions, Selection};
use crate::util::{sysfs_topology, CpuInfo, CpuPlace};
use crate::{
    plausible_units, Domain, DomainInfo, DomainKind, PlausiblePower, Provenance, Roots, Sample,
    Sensor, SensorError, SensorInfo, WrapCounter, WrapUpdate,
};
use std::collections::BTreeMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Back-end name.
pub const NAME: &str = "rapl-msr";

/// The registry entry.
pub(crate) const BACKEND: Backend = Backend::new(
    NAME,
    "RAPL energy registers read from <dev>/cpu/N/msr, Intel and AMD (needs CAP_SYS_RAWIO)",
    Selection::Primary,
    |opts| Ok(Box::new(MsrSensor::open(opts)?)),
);

/// The exact fix when `/dev/cpu/N/msr` is refused.
pub const PERMISSION_FIX: &str =
    "run as root, or sudo setcap cap_sys_rawio+ep $(which joulebench) \
     and let it open the device: sudo chmod o+r /dev/cpu/*/msr (the driver still demands \
     CAP_SYS_RAWIO)";

/// The exact fix when `/dev/cpu/N/msr` does not exist.
pub const MODPROBE_FIX: &str = "sudo modprobe msr";

/// Intel MSR_RAPL_POWER_UNIT.
pub const INTEL_UNIT: u64 = 0x606;
/// Intel MSR_PKG_ENERGY_STATUS.
pub const INTEL_PKG: u64 = 0x611;
/// Intel MSR_DRAM_ENERGY_STATUS.
pub const INTEL_DRAM: u64 = 0x619;
/// Intel MSR_PP0_ENERGY_STATUS (cores).
pub const INTEL_PP0: u64 = 0x639;
/// Intel MSR_PP1_ENERGY_STATUS (uncore / integrated graphics).
pub const INTEL_PP1: u64 = 0x641;
/// Intel MSR_PLATFORM_ENERGY_STATUS (psys, Skylake and later).
pub const INTEL_PSYS: u64 = 0x64D;
/// AMD MSR_AMD_RAPL_POWER_UNIT.
pub const AMD_UNIT: u64 = 0xC001_0299;
/// AMD MSR_AMD_CORE_ENERGY_STATUS (one per physical core).
pub const AMD_CORE: u64 = 0xC001_029A;
/// AMD MSR_AMD_PKG_ENERGY_STATUS.
pub const AMD_PKG: u64 = 0xC001_029B;

/// Intel family-6 models whose DRAM domain counts in a fixed 2^-16 J (15.3 µJ) unit
/// instead of the unit in `0x606`: the server parts. Sources: Intel SDM vol. 4
/// (MSRs of the Xeon E5 v3 family and later, "DRAM RAPL energy unit is fixed at
/// 15.3 µJ") and Linux `drivers/powercap/intel_rapl_common.c` (`rapl_defaults_hsw_server`,
/// `rapl_defaults_spr_server`), which apply this rule to exactly these models.
pub const DRAM_FIXED_UNIT_MODELS: &[(u32, &str)] = &[
    (0x3F, "Haswell-EP (Xeon E5/E7 v3)"),
    (0x4F, "Broadwell-EP (Xeon E5/E7 v4)"),
    (0x56, "Broadwell-DE (Xeon D-1500)"),
    (0x55, "Skylake-SP / Cascade Lake / Cooper Lake"),
    (0x6A, "Ice Lake-SP"),
    (0x6C, "Ice Lake-D"),
    (0x8F, "Sapphire Rapids"),
    (0xCF, "Emerald Rapids"),
    (0x57, "Xeon Phi Knights Landing"),
    (0x85, "Xeon Phi Knights Mill"),
];

/// The fixed DRAM unit for server parts.
pub const DRAM_FIXED_UNIT_J: f64 = 1.0 / 65536.0;

/// Whether an Intel family-6 `model` counts DRAM in the fixed 2^-16 J unit.
pub fn dram_fixed_unit(model: u32) -> bool {
    DRAM_FIXED_UNIT_MODELS.iter().any(|(m, _)| *m == model)
}

/// Which register set a CPU uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vendor {
    /// Intel family 6.
    Intel {
        /// The `model` from cpuinfo (decides the DRAM unit).
        model: u32,
    },
    /// AMD family 17h (Zen 1/2), 19h (Zen 3/4) or 1Ah (Zen 5).
    Amd {
        /// The `cpu family`.
        family: u32,
    },
}

/// The register set for a CPU, or why there is none.
fn vendor_of(info: &CpuInfo) -> Result<Vendor, SensorError> {
    match info.vendor.as_str() {
        "GenuineIntel" if info.family == 6 => Ok(Vendor::Intel { model: info.model }),
        "AuthenticAMD" | "HygonGenuine" if (0x17..=0x1A).contains(&info.family) => {
            Ok(Vendor::Amd {
                family: info.family,
            })
        }
        v => Err(SensorError::Unavailable {
            sensor: NAME,
            reason: format!(
                "no known RAPL registers for this CPU (vendor {:?}, family {:#x}, model {:#x})",
                if v.is_empty() { "unknown" } else { v },
                info.family,
                info.model
            ),
            fix: None,
        }),
    }
}

/// The unit register and the energy registers of a vendor, in display order.
fn registers(vendor: Vendor) -> (u64, &'static [(DomainKind, u64)]) {
    match vendor {
        Vendor::Intel { .. } => (
            INTEL_UNIT,
            &[
                (DomainKind::Package, INTEL_PKG),
                (DomainKind::Core, INTEL_PP0),
                (DomainKind::Uncore, INTEL_PP1),
                (DomainKind::Dram, INTEL_DRAM),
                (DomainKind::Psys, INTEL_PSYS),
            ],
        ),
        Vendor::Amd { .. } => (
            AMD_UNIT,
            &[(DomainKind::Package, AMD_PKG), (DomainKind::Core, AMD_CORE)],
        ),
    }
}

/// Where the register file of `cpu` is under `dev`.
pub fn msr_path(dev: &Path, cpu: usize) -> PathBuf {
    dev.join(format!("cpu/{cpu}/msr"))
}

/// An opened `<dev>/cpu/N/msr`.
struct MsrFile {
    path: PathBuf,
    file: File,
}

impl MsrFile {
    /// Open without blocking (a FIFO put in place of the device must not hang the open)
    /// and refuse anything that is neither a character device nor a regular file.
    fn open(path: PathBuf) -> Result<MsrFile, SensorError> {
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC)
            .open(&path);
        let file = match opened {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SensorError::Unavailable {
                    sensor: NAME,
                    reason: format!(
                        "{} does not exist: the msr driver is not loaded",
                        path.display()
                    ),
                    fix: Some(MODPROBE_FIX.into()),
                })
            }
            Err(e) => return Err(SensorError::from_io(NAME, path, e, false, PERMISSION_FIX)),
        };
        let kind = match file.metadata() {
            Ok(m) => m.file_type(),
            Err(e) => return Err(SensorError::from_io(NAME, path, e, false, PERMISSION_FIX)),
        };
        if !kind.is_char_device() && !kind.is_file() {
            return Err(SensorError::NotASensorFile {
                path,
                why: "is neither the msr character device nor a file".into(),
            });
        }
        Ok(MsrFile { path, file })
    }

    /// Read register `msr`: 8 bytes at offset `msr`. `Ok(None)` when the register does
    /// not exist (EIO from the driver, a short read from a file).
    fn read(&self, msr: u64) -> Result<Option<u64>, SensorError> {
        let mut buf = [0u8; 8];
        match self.file.read_at(&mut buf, msr) {
            Ok(8) => Ok(Some(u64::from_le_bytes(buf))),
            Ok(_) => Ok(None),
            Err(e) if e.raw_os_error() == Some(libc::EIO) => Ok(None),
            Err(e) => Err(SensorError::from_io(
                NAME,
                &self.path,
                e,
                true,
                PERMISSION_FIX,
            )),
        }
    }
}

/// The register files opened so far, one per CPU.
struct Files<'a> {
    dev: &'a Path,
    files: Vec<MsrFile>,
    by_cpu: BTreeMap<usize, usize>,
}

impl Files<'_> {
    /// The index of `cpu`'s file, opening it the first time.
    fn of(&mut self, cpu: usize) -> Result<usize, SensorError> {
        if let Some(&i) = self.by_cpu.get(&cpu) {
            return Ok(i);
        }
        self.files.push(MsrFile::open(msr_path(self.dev, cpu))?);
        self.by_cpu.insert(cpu, self.files.len() - 1);
        Ok(self.files.len() - 1)
    }
}

/// Energy unit in joules from a unit register value (bits 12:8).
fn energy_unit(reg: u64) -> f64 {
    let esu = ((reg >> 8) & 0x1F) as i32;
    2f64.powi(-esu)
}

/// Which CPUs read which registers.
struct Layout {
    /// Package -> the CPU that reads its package-wide registers (its first).
    package_cpu: BTreeMap<u32, usize>,
    /// Package -> one CPU per physical core (its last thread), for per-core registers.
    /// Any thread reads its core's counter; the last one keeps the per-core register
    /// off the package's CPU where a core has two threads, so that no file holds
    /// registers one address apart (AMD's core and package registers are): a plain
    /// file with each value at its register's offset then serves as a test tree.
    core_cpus: BTreeMap<u32, Vec<usize>>,
}

impl Layout {
    /// From the sysfs topology, else the one in cpuinfo, else CPU 0 alone.
    fn of_machine(roots: &Roots, cpuinfo: &CpuInfo) -> Layout {
        let mut places: Vec<CpuPlace> = sysfs_topology(&roots.sysfs);
        if places.is_empty() {
            // No sysfs topology (containers with a partial /sys): cpuinfo lists it too.
            places = cpuinfo
                .topology
                .iter()
                .map(|(&cpu, &(package, core))| CpuPlace { cpu, package, core })
                .collect();
        }
        if places.is_empty() {
            places.push(CpuPlace {
                cpu: 0,
                package: 0,
                core: 0,
            });
        }
        places.sort_by_key(|p| p.cpu);
        let mut package_cpu: BTreeMap<u32, usize> = BTreeMap::new();
        let mut core_cpu: BTreeMap<u32, BTreeMap<u32, usize>> = BTreeMap::new();
        for p in &places {
            package_cpu.entry(p.package).or_insert(p.cpu);
            core_cpu.entry(p.package).or_default().insert(p.core, p.cpu);
        }
        let core_cpus = core_cpu
            .into_iter()
            .map(|(package, cores)| (package, cores.into_values().collect()))
            .collect();
        Layout {
            package_cpu,
            core_cpus,
        }
    }

    /// The CPUs that read register `kind` of `package`.
    fn cpus(&self, vendor: Vendor, package: u32, kind: DomainKind) -> Vec<usize> {
        let first = self.package_cpu.get(&package).copied().unwrap_or(0);
        match vendor {
            Vendor::Amd { .. } if kind == DomainKind::Core => self
                .core_cpus
                .get(&package)
                .cloned()
                .unwrap_or_else(|| vec![first]),
            _ => vec![first],
        }
    }
}

struct Reader {
    file: usize,
    counter: WrapCounter,
    last_ok: Instant,
}

struct MsrDomain {
    domain: Domain,
    msr: u64,
    unit: f64,
    watts: f64,
    readers: Vec<Reader>,
}

/// The MSR sensor.
pub struct MsrSensor {
    info: SensorInfo,
    files: Vec<MsrFile>,
    domains: Vec<MsrDomain>,
    dropped: u64,
    resets: u64,
    warnings: Vec<String>,
}

const MASK32: u64 = 0xFFFF_FFFF;

/// The energy unit, from unit register `unit_msr` read on `cpu`.
fn read_unit(files: &mut Files, cpu: usize, unit_msr: u64) -> Result<f64, SensorError> {
    let fi = files.of(cpu)?;
    let f = &files.files[fi];
    match f.read(unit_msr)? {
        Some(reg) => Ok(energy_unit(reg)),
        None => Err(SensorError::Unavailable {
            sensor: NAME,
            reason: format!(
                "RAPL unit register {unit_msr:#x} is not readable in {}: this CPU or \
                 hypervisor does not expose RAPL",
                f.path.display()
            ),
            fix: None,
        }),
    }
}

/// One counter per CPU in `cpus` for register `msr`, each read once; `None` when the
/// register is missing or zero on any of them (the domain is then absent).
fn open_readers(
    files: &mut Files,
    cpus: &[usize],
    msr: u64,
    now: Instant,
) -> Result<Option<Vec<Reader>>, SensorError> {
    let mut readers = Vec::new();
    for &cpu in cpus {
        let fi = files.of(cpu)?;
        match files.files[fi].read(msr)? {
            Some(v) if v & MASK32 != 0 => {
                let mut counter = WrapCounter::new(MASK32);
                counter.update(v & MASK32, None);
                readers.push(Reader {
                    file: fi,
                    counter,
                    last_ok: now,
                });
            }
            _ => return Ok(None),
        }
    }
    Ok(if readers.is_empty() {
        None
    } else {
        Some(readers)
    })
}

/// The unit of a `kind` register, given the unit register's.
fn domain_unit(vendor: Vendor, kind: DomainKind, unit: f64) -> f64 {
    match vendor {
        Vendor::Intel { model } if kind == DomainKind::Dram && dram_fixed_unit(model) => {
            DRAM_FIXED_UNIT_J
        }
        _ => unit,
    }
}

/// Where a domain is read, for its [`DomainInfo`].
fn source(dev: &Path, cpus: &[usize], msr: u64) -> String {
    match cpus {
        [cpu] => format!("{} @ {msr:#x}", msr_path(dev, *cpu).display()),
        _ => format!(
            "{} @ {msr:#x}, summed over {} cores",
            dev.join("cpu/*/msr").display(),
            cpus.len()
        ),
    }
}

impl MsrSensor {
    /// Find one CPU per package, check the registers and read each once.
    pub fn open(opts: &ProbeOptions) -> Result<Self, SensorError> {
        let (roots, plausible) = (&opts.roots, &opts.plausible);
        let cpuinfo = CpuInfo::read(NAME, &roots.procfs)?;
        let vendor = vendor_of(&cpuinfo)?;
        let layout = Layout::of_machine(roots, &cpuinfo);
        let (unit_msr, regs) = registers(vendor);
        let mut files = Files {
            dev: &roots.dev,
            files: Vec::new(),
            by_cpu: BTreeMap::new(),
        };
        let first_package = layout.package_cpu.keys().next().copied().unwrap_or(0);
        let mut domains: Vec<MsrDomain> = Vec::new();
        let mut infos: Vec<DomainInfo> = Vec::new();
        let now = Instant::now();
        for (&package, &cpu) in &layout.package_cpu {
            let unit = read_unit(&mut files, cpu, unit_msr)?;
            for &(kind, msr) in regs {
                // psys is platform-wide: once.
                if kind == DomainKind::Psys && package != first_package {
                    continue;
                }
                let cpus = layout.cpus(vendor, package, kind);
                let Some(readers) = open_readers(&mut files, &cpus, msr, now)? else {
                    continue;
                };
                let unit = domain_unit(vendor, kind, unit);
                let index = if kind == DomainKind::Psys { 0 } else { package };
                let domain = Domain::new(kind, index);
                infos.push(DomainInfo {
                    domain,
                    source: source(&roots.dev, &cpus, msr),
                    unit_joules: unit,
                    range_joules: Some((MASK32 as f64 + 1.0) * unit),
                });
                domains.push(MsrDomain {
                    domain,
                    msr,
                    unit,
                    watts: plausible.watts(kind),
                    readers,
                });
            }
        }
        Self::from_parts(files.files, domains, infos, plausible)
    }

    /// The sensor over the domains found, or why there are none.
    fn from_parts(
        files: Vec<MsrFile>,
        mut domains: Vec<MsrDomain>,
        mut infos: Vec<DomainInfo>,
        plausible: &PlausiblePower,
    ) -> Result<Self, SensorError> {
        if domains.is_empty() {
            return Err(SensorError::Unavailable {
                sensor: NAME,
                reason: "no RAPL energy register reads a non-zero value: this CPU or \
                         hypervisor does not expose RAPL"
                    .into(),
                fix: None,
            });
        }
        domains.sort_by_key(|d| d.domain);
        infos.sort_by_key(|d| d.domain);
        let max_interval: Option<Duration> = infos
            .iter()
            .filter_map(|d| {
                d.range_joules
                    .map(|r| plausible.safe_interval(d.domain.kind, r))
            })
            .min();
        Ok(MsrSensor {
            info: SensorInfo {
                name: NAME.into(),
                provenance: Provenance::Measured,
                domains: infos,
                max_interval,
                model: None,
                power_model: None,
            },
            files,
            domains,
            dropped: 0,
            resets: 0,
            warnings: Vec::new(),
        })
    }
}

impl Sensor for MsrSensor {
    fn info(&self) -> &SensorInfo {
        &self.info
    }

    fn sample(&mut self) -> Result<Sample, SensorError> {
        let at = Instant::now();
        let mut energy = BTreeMap::new();
        for d in &mut self.domains {
            let mut joules = 0.0;
            for r in &mut d.readers {
                let f = self
                    .files
                    .get(r.file)
                    .ok_or_else(|| SensorError::Vanished {
                        path: PathBuf::from(format!("msr file #{}", r.file)),
                    })?;
                let raw = f.read(d.msr)?.ok_or_else(|| SensorError::Vanished {
                    path: f.path.clone(),
                })?;
                let limit =
                    plausible_units(at.saturating_duration_since(r.last_ok), d.watts, d.unit);
                match r.counter.update(raw & MASK32, Some(limit)) {
                    WrapUpdate::First | WrapUpdate::Delta { .. } => r.last_ok = at,
                    WrapUpdate::Reset { raw, backwards } => {
                        let how = if backwards {
                            "went backwards"
                        } else {
                            "jumped ahead twice in a row"
                        };
                        r.last_ok = at;
                        self.resets += 1;
                        self.warnings.push(format!(
                            "{NAME}: {} register {:#x} {how} (to {raw:#x}: reset): \
                             counting again from there; the energy since the previous \
                             reading is unknown",
                            f.path.display(),
                            d.msr,
                        ));
                    }
                    WrapUpdate::Implausible { raw } => {
                        self.dropped += 1;
                        self.warnings.push(format!(
                            "{NAME}: {} register {:#x} moved implausibly (to {raw:#x}): \
                             sample dropped ({} so far)",
                            f.path.display(),
                            d.msr,
                            self.dropped
                        ));
                    }
                }
                joules += r.counter.total() as f64 * d.unit;
            }
            energy.insert(d.domain, joules);
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
    fn units() {
        // 0x000A0E03: ESU 0x0E -> 2^-14 J = 61.035 µJ (typical Intel client).
        assert!((energy_unit(0x000A_0E03) - 61.035e-6).abs() < 1e-9);
        // ESU 16 -> 15.26 µJ (typical AMD).
        assert!((energy_unit(0x0004_1003) - 15.2588e-6).abs() < 1e-9);
    }

    #[test]
    fn dram_rule() {
        assert!(dram_fixed_unit(0x55));
        assert!(dram_fixed_unit(0x3F));
        assert!(!dram_fixed_unit(0x9E)); // Kaby/Coffee Lake client
    }

    #[test]
    fn vendors() {
        let mut i = CpuInfo {
            vendor: "GenuineIntel".into(),
            family: 6,
            model: 0x55,
            ..Default::default()
        };
        assert_eq!(vendor_of(&i).unwrap(), Vendor::Intel { model: 0x55 });
        i.vendor = "AuthenticAMD".into();
        i.family = 0x19;
        assert_eq!(vendor_of(&i).unwrap(), Vendor::Amd { family: 0x19 });
        i.family = 0x15;
        assert!(matches!(
            vendor_of(&i),
            Err(SensorError::Unavailable { .. })
        ));
    }
}
