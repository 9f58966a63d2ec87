//! `rapl-msr`: RAPL energy registers read directly through `<dev>/cpu/N/msr`.
//!
//! Each register is read with `pread(fd, 8 bytes, offset = register number)` (test
//! fixtures, plain files, space registers 8 bytes apart: [`register_offset`]), one CPU
//! per package (AMD's per-core register: one CPU per physical core). The energy fields
//! are 32 bits wide, so they go through [`WrapCounter`].
//!
//! | vendor | unit register (ESU = bits 12:8, unit = 2^-ESU J) | energy registers |
//! |---|---|---|
//! | Intel | `0x606` MSR_RAPL_POWER_UNIT | package `0x611`, PP0/core `0x639`, PP1/uncore `0x641`, DRAM `0x619`, psys `0x64D` |
//! | AMD family 17h/19h/1Ah | `0xC0010299` | core `0xC001029A` (per core), package `0xC001029B` |
//!
//! A register counts as present when it can be read and is not zero (the rule the
//! kernel's `intel_rapl` driver uses). Intel server parts count DRAM in a fixed unit
//! of 2^-16 J whatever `0x606` says: see [`dram_fixed_unit`].

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

/// Byte offset of register `msr` in a stand-in regular file (test fixtures): 8 bytes per
/// register number. The kernel's device takes the register number itself as the
/// offset, but in a plain file consecutive registers (AMD's 0xC0010299..0xC001029B)
/// would then overlap, so fixtures space them out. See [`register_offset`].
pub const FILE_STRIDE: u64 = 8;

/// Where register `msr` is read: the register number on the real character device
/// (`pread(fd, buf, 8, msr)`), `msr * FILE_STRIDE` in a regular file standing in for it.
pub fn register_offset(msr: u64, is_char_device: bool) -> u64 {
    if is_char_device {
        msr
    } else {
        msr.saturating_mul(FILE_STRIDE)
    }
}

/// An opened `/dev/cpu/N/msr`.
struct MsrFile {
    path: PathBuf,
    file: File,
    char_device: bool,
}

impl MsrFile {
    fn open(path: PathBuf) -> Result<MsrFile, SensorError> {
        use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
        // Non-blocking: a FIFO put in place of the device must not hang the open.
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC)
            .open(&path);
        match opened {
            Ok(file) => {
                let kind = file.metadata().map(|m| m.file_type());
                let char_device = kind.as_ref().map(|t| t.is_char_device()).unwrap_or(true);
                let regular = kind.as_ref().map(|t| t.is_file()).unwrap_or(false);
                if !char_device && !regular {
                    return Err(SensorError::NotASensorFile {
                        path,
                        why: "is neither the msr character device nor a file".into(),
                    });
                }
                Ok(MsrFile {
                    path,
                    file,
                    char_device,
                })
            }
            Err(e) => Err(match e.kind() {
                std::io::ErrorKind::NotFound => SensorError::Unavailable {
                    sensor: NAME,
                    reason: format!(
                        "{} does not exist: the msr driver is not loaded",
                        path.display()
                    ),
                    fix: Some(MODPROBE_FIX.into()),
                },
                _ => SensorError::from_io(NAME, path, e, false, PERMISSION_FIX),
            }),
        }
    }

    /// Read register `msr`. `Ok(None)` when the register does not exist (EIO from the
    /// driver, or a short read from a test file).
    fn read(&self, msr: u64) -> Result<Option<u64>, SensorError> {
        let mut buf = [0u8; 8];
        match self
            .file
            .read_at(&mut buf, register_offset(msr, self.char_device))
        {
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

/// Energy unit in joules from a unit register value (bits 12:8).
fn energy_unit(reg: u64) -> f64 {
    let esu = ((reg >> 8) & 0x1F) as i32;
    2f64.powi(-esu)
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

impl MsrSensor {
    /// Find one CPU per package, check the registers and read each once.
    pub fn open(roots: &Roots, plausible: &PlausiblePower) -> Result<Self, SensorError> {
        let cpuinfo = CpuInfo::read(NAME, &roots.procfs)?;
        let vendor = vendor_of(&cpuinfo)?;
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
        // Package -> its first CPU, and its first CPU of each physical core.
        let mut first_cpu: BTreeMap<u32, usize> = BTreeMap::new();
        let mut core_cpus: BTreeMap<u32, BTreeMap<u32, usize>> = BTreeMap::new();
        for p in &places {
            first_cpu.entry(p.package).or_insert(p.cpu);
            core_cpus
                .entry(p.package)
                .or_default()
                .entry(p.core)
                .or_insert(p.cpu);
        }

        let mut files: Vec<MsrFile> = Vec::new();
        let mut file_of: BTreeMap<usize, usize> = BTreeMap::new();
        let mut open_cpu = |cpu: usize, files: &mut Vec<MsrFile>| -> Result<usize, SensorError> {
            if let Some(&i) = file_of.get(&cpu) {
                return Ok(i);
            }
            let f = MsrFile::open(roots.dev.join(format!("cpu/{cpu}/msr")))?;
            files.push(f);
            file_of.insert(cpu, files.len() - 1);
            Ok(files.len() - 1)
        };

        let mut domains: Vec<MsrDomain> = Vec::new();
        let mut infos: Vec<DomainInfo> = Vec::new();
        let now = Instant::now();
        for (&package, &cpu) in &first_cpu {
            let fi = open_cpu(cpu, &mut files)?;
            let (unit_msr, regs): (u64, Vec<(DomainKind, u64)>) = match vendor {
                Vendor::Intel { .. } => (
                    INTEL_UNIT,
                    vec![
                        (DomainKind::Package, INTEL_PKG),
                        (DomainKind::Core, INTEL_PP0),
                        (DomainKind::Uncore, INTEL_PP1),
                        (DomainKind::Dram, INTEL_DRAM),
                        (DomainKind::Psys, INTEL_PSYS),
                    ],
                ),
                Vendor::Amd { .. } => (
                    AMD_UNIT,
                    vec![(DomainKind::Package, AMD_PKG), (DomainKind::Core, AMD_CORE)],
                ),
            };
            let Some(unit_reg) = files[fi].read(unit_msr)? else {
                return Err(SensorError::Unavailable {
                    sensor: NAME,
                    reason: format!(
                        "RAPL unit register {unit_msr:#x} is not readable in {}: this CPU or \
                         hypervisor does not expose RAPL",
                        files[fi].path.display()
                    ),
                    fix: None,
                });
            };
            let unit = energy_unit(unit_reg);
            for (kind, msr) in regs {
                // psys is platform-wide: once.
                if kind == DomainKind::Psys && package != *first_cpu.keys().next().unwrap_or(&0) {
                    continue;
                }
                let cpus: Vec<usize> = if vendor_is_amd(vendor) && kind == DomainKind::Core {
                    core_cpus
                        .get(&package)
                        .map(|m| m.values().copied().collect())
                        .unwrap_or_else(|| vec![cpu])
                } else {
                    vec![cpu]
                };
                let mut readers = Vec::new();
                let mut present = true;
                for c in &cpus {
                    let f = open_cpu(*c, &mut files)?;
                    match files[f].read(msr)? {
                        Some(v) if v & MASK32 != 0 => {
                            let mut counter = WrapCounter::new(MASK32);
                            counter.update(v & MASK32, None);
                            readers.push(Reader {
                                file: f,
                                counter,
                                last_ok: now,
                            });
                        }
                        _ => {
                            present = false;
                            break;
                        }
                    }
                }
                if !present || readers.is_empty() {
                    continue;
                }
                let unit = match vendor {
                    Vendor::Intel { model }
                        if kind == DomainKind::Dram && dram_fixed_unit(model) =>
                    {
                        DRAM_FIXED_UNIT_J
                    }
                    _ => unit,
                };
                let index = if kind == DomainKind::Psys { 0 } else { package };
                let domain = Domain::new(kind, index);
                let range = (MASK32 as f64 + 1.0) * unit;
                let first_path = roots.dev.join(format!("cpu/{cpu}/msr"));
                let source = if readers.len() > 1 {
                    format!(
                        "{} @ {msr:#x}, summed over {} cores",
                        roots.dev.join("cpu/*/msr").display(),
                        readers.len()
                    )
                } else {
                    format!("{} @ {msr:#x}", first_path.display())
                };
                infos.push(DomainInfo {
                    domain,
                    source,
                    unit_joules: unit,
                    range_joules: Some(range),
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
            },
            files,
            domains,
            dropped: 0,
            resets: 0,
            warnings: Vec::new(),
        })
    }
}

fn vendor_is_amd(v: Vendor) -> bool {
    matches!(v, Vendor::Amd { .. })
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

/// Where the register file of `cpu` is under `dev`.
pub fn msr_path(dev: &Path, cpu: usize) -> PathBuf {
    dev.join(format!("cpu/{cpu}/msr"))
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
