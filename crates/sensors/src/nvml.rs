//! `nvml`: NVIDIA GPUs through NVML (`nvml-wrapper`), loaded at run time.
//!
//! Each GPU's total energy counter (millijoules since the driver loaded, 64 bits: no
//! wrap; Volta and newer) becomes a `gpu-N` domain. Without the driver library the
//! back-end reports "no NVIDIA driver" and joulebench carries on with the CPU sensors.
//!
//! The library is looked up as `libnvidia-ml.so.1`, then `libnvidia-ml.so` (the
//! unversioned name only exists where the development package is installed). Setting
//! `JOULEBENCH_NVML_LIB` to a path replaces that search; tests set it to a path that
//! does not exist to get an NVML-less machine on any host.

use crate::probe::{Backend, ProbeOptions, Selection};
use crate::{Domain, DomainInfo, DomainKind, Provenance, Sample, Sensor, SensorError, SensorInfo};
use nvml_wrapper::error::NvmlError;
use nvml_wrapper::Nvml;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Instant;

/// Back-end name.
pub const NAME: &str = "nvml";

/// The registry entry.
pub(crate) const BACKEND: Backend = Backend::new(
    NAME,
    "NVIDIA GPUs' energy counters through NVML (gpu-N, added to the selected sensor)",
    Selection::AddOn,
    |opts| Ok(Box::new(NvmlSensor::open(opts)?)),
);

/// Environment variable naming the NVML library to load instead of the default search.
pub const LIB_ENV: &str = "JOULEBENCH_NVML_LIB";

/// Joules per NVML energy unit (millijoule).
const UNIT_J: f64 = 1e-3;

fn classify(e: NvmlError, lib: &str) -> SensorError {
    match e {
        NvmlError::LibloadingError(_)
        | NvmlError::FailedToLoadSymbol(_)
        | NvmlError::LibraryNotFound
        | NvmlError::FunctionNotFound => SensorError::Unavailable {
            sensor: NAME,
            reason: format!("no NVIDIA driver ({lib} cannot be loaded)"),
            fix: Some(
                "only if this machine has an NVIDIA GPU: install the NVIDIA driver (it \
                     provides libnvidia-ml.so.1)"
                    .into(),
            ),
        },
        NvmlError::DriverNotLoaded => SensorError::Unavailable {
            sensor: NAME,
            reason: "no NVIDIA driver: the library is installed but the kernel driver is not \
                     loaded"
                .into(),
            fix: Some("sudo modprobe nvidia".into()),
        },
        NvmlError::NoPermission => SensorError::PermissionDenied {
            sensor: NAME,
            path: PathBuf::from("/dev/nvidiactl"),
            fix: "add your user to the group that owns /dev/nvidia* (ls -l /dev/nvidia*), or run \
                  as root"
                .into(),
        },
        other => SensorError::Unavailable {
            sensor: NAME,
            reason: format!("NVML: {other}"),
            fix: None,
        },
    }
}

/// Load NVML from `$JOULEBENCH_NVML_LIB`, else `libnvidia-ml.so.1`, else
/// `libnvidia-ml.so`.
fn init() -> Result<Nvml, SensorError> {
    let candidates: Vec<OsString> = match std::env::var_os(LIB_ENV) {
        Some(p) if !p.is_empty() => vec![p],
        _ => vec!["libnvidia-ml.so.1".into(), "libnvidia-ml.so".into()],
    };
    let tried = candidates
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" or ");
    let mut last = None;
    for lib in &candidates {
        match Nvml::builder().lib_path(lib).init() {
            Ok(n) => return Ok(n),
            Err(e) => last = Some(classify(e, &tried)),
        }
    }
    Err(last.unwrap_or(SensorError::Unavailable {
        sensor: NAME,
        reason: "no NVIDIA driver".into(),
        fix: None,
    }))
}

struct Gpu {
    index: u32,
    base_mj: u64,
}

/// The NVML sensor: one `gpu-N` domain per GPU that has an energy counter.
pub struct NvmlSensor {
    nvml: Nvml,
    info: SensorInfo,
    gpus: Vec<Gpu>,
    warnings: Vec<String>,
}

impl NvmlSensor {
    /// Load the library, list the GPUs and read each energy counter once (unless
    /// `opts.no_nvml`).
    pub fn open(opts: &ProbeOptions) -> Result<Self, SensorError> {
        if opts.no_nvml {
            return Err(SensorError::Unavailable {
                sensor: NAME,
                reason: "NVML disabled".into(),
                fix: None,
            });
        }
        let nvml = init()?;
        let count = nvml.device_count().map_err(|e| classify(e, "NVML"))?;
        if count == 0 {
            return Err(SensorError::Unavailable {
                sensor: NAME,
                reason: "the NVIDIA driver is loaded but lists no GPU".into(),
                fix: None,
            });
        }
        let mut gpus = Vec::new();
        let mut domains = Vec::new();
        let mut warnings = Vec::new();
        for index in 0..count {
            let dev = match nvml.device_by_index(index) {
                Ok(d) => d,
                Err(e) => {
                    warnings.push(format!("{NAME}: GPU {index} skipped: {e}"));
                    continue;
                }
            };
            let name = dev.name().unwrap_or_else(|_| "NVIDIA GPU".into());
            match dev.total_energy_consumption() {
                Ok(mj) => {
                    domains.push(DomainInfo {
                        domain: Domain::new(DomainKind::Gpu, index),
                        source: format!("NVML device {index} ({name}) total energy"),
                        unit_joules: UNIT_J,
                        range_joules: None,
                    });
                    gpus.push(Gpu { index, base_mj: mj });
                }
                Err(e) => warnings.push(format!(
                    "{NAME}: GPU {index} ({name}) has no energy counter (needs Volta or newer): {e}"
                )),
            }
        }
        if gpus.is_empty() {
            return Err(SensorError::Unavailable {
                sensor: NAME,
                reason: format!(
                    "{count} NVIDIA GPU(s), none with an energy counter: {}",
                    warnings.join("; ")
                ),
                fix: None,
            });
        }
        Ok(NvmlSensor {
            nvml,
            info: SensorInfo {
                name: NAME.into(),
                provenance: Provenance::Measured,
                domains,
                max_interval: None,
                model: None,
                power_model: None,
            },
            gpus,
            warnings,
        })
    }
}

impl Sensor for NvmlSensor {
    fn info(&self) -> &SensorInfo {
        &self.info
    }

    fn sample(&mut self) -> Result<Sample, SensorError> {
        let at = Instant::now();
        let mut energy = BTreeMap::new();
        for g in &self.gpus {
            let gone = |e: NvmlError| match e {
                NvmlError::GpuLost | NvmlError::NotFound | NvmlError::InvalidArg => {
                    SensorError::Vanished {
                        path: PathBuf::from(format!("NVML GPU {}", g.index)),
                    }
                }
                other => SensorError::Io {
                    path: PathBuf::from(format!("NVML GPU {}", g.index)),
                    source: std::io::Error::other(other.to_string()),
                },
            };
            let dev = self.nvml.device_by_index(g.index).map_err(gone)?;
            let mj = dev.total_energy_consumption().map_err(gone)?;
            energy.insert(
                Domain::new(DomainKind::Gpu, g.index),
                mj.saturating_sub(g.base_mj) as f64 * UNIT_J,
            );
        }
        Ok(Sample { at, energy })
    }

    fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }
}
