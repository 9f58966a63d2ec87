//! `estimate`: a power model for machines with no readable energy counter.
//!
//! ```text
//! host power = vcpus × (idle_w + (max_w − idle_w) × utilisation) + memory_gb × mem_w_per_gb
//!              └──────────────── package-0 ──────────────────┘   └────── dram-0 ──────┘
//! ```
//!
//! `utilisation` is the busy share of all CPUs between two samples, from the first line
//! of `<procfs>/stat`; `vcpus` is the number of `processor` entries in
//! `<procfs>/cpuinfo`; `memory_gb` is `MemTotal` of `<procfs>/meminfo` in 10^9 bytes.
//! The per-vCPU watts come from [`COEFFICIENTS`], chosen by the CPU model string, and can
//! be overridden from a TOML file ([`EstimateConfig`]). Every value is labelled
//! [`Provenance::Estimated`] and the sensor's `model` text names the row and numbers.

use crate::probe::{Backend, ProbeOptions, Selection};
use crate::util::{read_trimmed, snippet, CpuInfo};
use crate::{
    Domain, DomainInfo, DomainKind, Provenance, Roots, Sample, Sensor, SensorError, SensorInfo,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Back-end name.
pub const NAME: &str = "estimate";

/// The registry entry.
pub(crate) const BACKEND: Backend = Backend::new(
    NAME,
    "a labelled power model from CPU utilisation, for machines with no readable counter",
    Selection::Primary,
    |opts| Ok(Box::new(EstimateSensor::open(opts)?)),
);

/// The CPU domain the model reports.
pub const CPU_DOMAIN: Domain = Domain::new(DomainKind::Package, 0);
/// The memory domain the model reports.
pub const MEMORY_DOMAIN: Domain = Domain::new(DomainKind::Dram, 0);

/// One row of the coefficient table: watts per vCPU (hardware thread) at 0 % and 100 %
/// utilisation for a family of processors.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CoefficientRow {
    /// Stable row name, e.g. `amd-epyc-3rd-gen-or-later`.
    pub id: &'static str,
    /// Which model strings select it, in words.
    pub matches: &'static str,
    /// Watts per vCPU when idle.
    pub idle_watts_per_vcpu: f64,
    /// Watts per vCPU at full load.
    pub max_watts_per_vcpu: f64,
    /// Where the numbers come from.
    pub source: &'static str,
}

const CCF: &str = "Cloud Carbon Footprint coefficients (ccf-coefficients), averages of \
                   SPECpower_ssj2008 results per microarchitecture";

/// The coefficient table, most specific rows first; the last row is the default.
pub const COEFFICIENTS: &[CoefficientRow] = &[
    CoefficientRow {
        id: "amd-epyc-1st-gen",
        matches: "AMD EPYC 7xx1 (Naples)",
        idle_watts_per_vcpu: 0.82,
        max_watts_per_vcpu: 2.55,
        source: CCF,
    },
    CoefficientRow {
        id: "amd-epyc-2nd-gen",
        matches: "AMD EPYC 7xx2 (Rome)",
        idle_watts_per_vcpu: 0.47,
        max_watts_per_vcpu: 1.64,
        source: CCF,
    },
    CoefficientRow {
        id: "amd-epyc-3rd-gen-or-later",
        matches: "AMD EPYC 7xx3 (Milan), 9xx4 and later, and virtual CPUs named just \"AMD EPYC\"",
        idle_watts_per_vcpu: 0.45,
        max_watts_per_vcpu: 1.87,
        source: "Cloud Carbon Footprint coefficients (ccf-coefficients), AMD EPYC 3rd Gen \
                 (Milan) row from SPECpower_ssj2008 results; later generations use it as a proxy",
    },
    CoefficientRow {
        id: "intel-xeon-haswell",
        matches: "Intel Xeon E5/E7 v3 (Haswell)",
        idle_watts_per_vcpu: 1.90,
        max_watts_per_vcpu: 5.99,
        source: CCF,
    },
    CoefficientRow {
        id: "intel-xeon-broadwell",
        matches: "Intel Xeon E5/E7 v4 (Broadwell)",
        idle_watts_per_vcpu: 0.71,
        max_watts_per_vcpu: 3.54,
        source: CCF,
    },
    CoefficientRow {
        id: "intel-xeon-skylake",
        matches: "Intel Xeon Scalable 1st gen (Bronze/Silver/Gold/Platinum x1xx, Skylake)",
        idle_watts_per_vcpu: 0.64,
        max_watts_per_vcpu: 4.05,
        source: CCF,
    },
    CoefficientRow {
        id: "intel-xeon-cascade-lake-or-later",
        matches: "Intel Xeon Scalable x2xx (Cascade Lake) and later, and other Xeons",
        idle_watts_per_vcpu: 0.64,
        max_watts_per_vcpu: 3.80,
        source: "Cloud Carbon Footprint coefficients (ccf-coefficients), Cascade Lake row from \
                 SPECpower_ssj2008 results; later generations use it as a proxy",
    },
    CoefficientRow {
        id: "intel-core-desktop",
        matches: "Intel Core desktop and laptop parts",
        idle_watts_per_vcpu: 1.14,
        max_watts_per_vcpu: 5.42,
        source: "Cloud Carbon Footprint methodology, Coffee Lake row (SPECpower_ssj2008)",
    },
    CoefficientRow {
        id: "amd-ryzen-desktop",
        matches: "AMD Ryzen desktop and laptop parts",
        idle_watts_per_vcpu: 1.31,
        max_watts_per_vcpu: 6.56,
        source: "published TDP / thread count: Ryzen 7 5800X, 105 W over 16 threads = 6.56 W; \
                 idle = 20 % of that, the idle-to-full-load ratio typical of SPECpower_ssj2008 \
                 results",
    },
    CoefficientRow {
        id: "default",
        matches: "any other CPU",
        idle_watts_per_vcpu: 0.74,
        max_watts_per_vcpu: 3.5,
        source: "Cloud Carbon Footprint methodology, AWS fleet average per vCPU (used by CCF \
                 when the microarchitecture is unknown)",
    },
];

/// Watts per GB of installed memory: the memory coefficient of the Cloud Carbon
/// Footprint methodology.
pub const MEMORY_WATTS_PER_GB: f64 = 0.392;

/// The token after `word` in `s`, if any.
fn token_after<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let mut it = s.split_whitespace();
    while let Some(t) = it.next() {
        if t.eq_ignore_ascii_case(word) || t.trim_end_matches("(R)").eq_ignore_ascii_case(word) {
            return it.next();
        }
    }
    None
}

/// Pick the coefficient row for a CPU model string (`model name` of `/proc/cpuinfo`).
pub fn row_for(model_name: &str) -> &'static CoefficientRow {
    let row = |id: &str| {
        COEFFICIENTS
            .iter()
            .find(|r| r.id == id)
            .unwrap_or(&COEFFICIENTS[COEFFICIENTS.len() - 1])
    };
    let m = model_name;
    let lower = m.to_ascii_lowercase();
    if lower.contains("epyc") {
        // The last digit of an EPYC model number is its generation: 7551 (1st), 7R32
        // (2nd), 7763 / 7R13 (3rd), 9654 (4th).
        let gen = token_after(m, "EPYC")
            .filter(|t| t.len() == 4 && t.starts_with(|c: char| c.is_ascii_digit()))
            .and_then(|t| t.chars().last());
        return match gen {
            Some('1') => row("amd-epyc-1st-gen"),
            Some('2') => row("amd-epyc-2nd-gen"),
            _ => row("amd-epyc-3rd-gen-or-later"),
        };
    }
    if lower.contains("xeon") {
        let words: Vec<&str> = m.split_whitespace().collect();
        if words.iter().any(|w| w.eq_ignore_ascii_case("v3")) || lower.contains("haswell") {
            return row("intel-xeon-haswell");
        }
        if words.iter().any(|w| w.eq_ignore_ascii_case("v4")) || lower.contains("broadwell") {
            return row("intel-xeon-broadwell");
        }
        let scalable = ["Platinum", "Gold", "Silver", "Bronze"]
            .iter()
            .find_map(|w| token_after(m, w))
            .filter(|t| t.len() >= 4 && t.chars().take(4).all(|c| c.is_ascii_digit()));
        if let Some(t) = scalable {
            return if t.chars().nth(1) == Some('1') {
                row("intel-xeon-skylake")
            } else {
                row("intel-xeon-cascade-lake-or-later")
            };
        }
        // Virtual CPUs: "Intel Xeon Processor (Skylake, IBRS)".
        if lower.contains("skylake") {
            return row("intel-xeon-skylake");
        }
        return row("intel-xeon-cascade-lake-or-later");
    }
    if lower.contains("ryzen") {
        return row("amd-ryzen-desktop");
    }
    if lower.contains("intel") && lower.contains("core") {
        return row("intel-core-desktop");
    }
    row("default")
}

/// Overrides for the model, from a TOML file (`--estimate-config FILE`). Every key is
/// optional; unknown keys are an error so that a typo is not silently ignored.
///
/// ```toml
/// idle_watts_per_vcpu = 0.8
/// max_watts_per_vcpu = 4.0
/// memory_watts_per_gb = 0.392
/// # Also accepted, for containers that see the host's CPUs and memory:
/// vcpus = 4
/// memory_gb = 16
/// ```
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateConfig {
    /// Watts per vCPU when idle.
    pub idle_watts_per_vcpu: Option<f64>,
    /// Watts per vCPU at full load.
    pub max_watts_per_vcpu: Option<f64>,
    /// Watts per GB of memory.
    pub memory_watts_per_gb: Option<f64>,
    /// Number of vCPUs (instead of counting `/proc/cpuinfo`).
    pub vcpus: Option<u32>,
    /// Memory in GB (instead of `MemTotal`).
    pub memory_gb: Option<f64>,
}

fn config_error(path: &Path, msg: String) -> SensorError {
    SensorError::Unavailable {
        sensor: NAME,
        reason: format!("bad estimate config {}: {msg}", path.display()),
        fix: Some(
            "fix the file: keys idle_watts_per_vcpu, max_watts_per_vcpu, memory_watts_per_gb, \
             vcpus, memory_gb (numbers, max >= idle)"
                .into(),
        ),
    }
}

impl EstimateConfig {
    /// Parse TOML text; `path` names the source in errors.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, SensorError> {
        let c: EstimateConfig =
            toml::from_str(text).map_err(|e| config_error(path, e.message().to_string()))?;
        let check = |name: &str, v: Option<f64>| -> Result<(), SensorError> {
            match v {
                Some(x) if !(x.is_finite() && x >= 0.0) => Err(config_error(
                    path,
                    format!("{name} must be a number >= 0, not {x}"),
                )),
                _ => Ok(()),
            }
        };
        check("idle_watts_per_vcpu", c.idle_watts_per_vcpu)?;
        check("max_watts_per_vcpu", c.max_watts_per_vcpu)?;
        check("memory_watts_per_gb", c.memory_watts_per_gb)?;
        check("memory_gb", c.memory_gb)?;
        if c.vcpus == Some(0) {
            return Err(config_error(path, "vcpus must be at least 1".into()));
        }
        if let (Some(i), Some(m)) = (c.idle_watts_per_vcpu, c.max_watts_per_vcpu) {
            if m < i {
                return Err(config_error(
                    path,
                    format!("max_watts_per_vcpu ({m}) is below idle_watts_per_vcpu ({i})"),
                ));
            }
        }
        Ok(c)
    }

    /// Read a TOML file.
    pub fn load(path: &Path) -> Result<Self, SensorError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| config_error(path, format!("cannot read it: {e}")))?;
        Self::from_toml(&text, path)
    }
}

/// The power model: coefficients chosen for one machine.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EstimateModel {
    /// The CPU model string it was chosen for.
    pub cpu_model: String,
    /// The coefficient row used (its `id`).
    pub row: String,
    /// Where the row's numbers come from.
    pub source: String,
    /// Logical CPUs of the machine.
    pub vcpus: u32,
    /// Installed memory, GB (10^9 bytes).
    pub memory_gb: f64,
    /// Watts per vCPU when idle.
    pub idle_watts_per_vcpu: f64,
    /// Watts per vCPU at full load.
    pub max_watts_per_vcpu: f64,
    /// Watts per GB of memory.
    pub memory_watts_per_gb: f64,
    /// Which values came from the config file instead of the table or the machine.
    pub overridden: Vec<String>,
}

impl EstimateModel {
    /// The model for a CPU called `cpu_model` with `vcpus` logical CPUs and `memory_gb`
    /// of memory, with `config` applied on top of the table row.
    pub fn from_parts(
        cpu_model: &str,
        vcpus: u32,
        memory_gb: f64,
        config: &EstimateConfig,
    ) -> Self {
        let r = row_for(cpu_model);
        let mut overridden = Vec::new();
        let mut pick = |name: &str, o: Option<f64>, d: f64| match o {
            Some(v) => {
                overridden.push(name.to_string());
                v
            }
            None => d,
        };
        let idle = pick(
            "idle_watts_per_vcpu",
            config.idle_watts_per_vcpu,
            r.idle_watts_per_vcpu,
        );
        let max = pick(
            "max_watts_per_vcpu",
            config.max_watts_per_vcpu,
            r.max_watts_per_vcpu,
        );
        let mem_w = pick(
            "memory_watts_per_gb",
            config.memory_watts_per_gb,
            MEMORY_WATTS_PER_GB,
        );
        let memory_gb = pick("memory_gb", config.memory_gb, memory_gb);
        let vcpus = match config.vcpus {
            Some(v) => {
                overridden.push("vcpus".into());
                v
            }
            None => vcpus.max(1),
        };
        EstimateModel {
            cpu_model: cpu_model.to_string(),
            row: r.id.to_string(),
            source: r.source.to_string(),
            vcpus,
            memory_gb,
            idle_watts_per_vcpu: idle,
            // An override of idle alone must not leave max below it.
            max_watts_per_vcpu: max.max(idle),
            memory_watts_per_gb: mem_w,
            overridden,
        }
    }

    /// The model for this machine: CPU model and count from `<procfs>/cpuinfo`, memory
    /// from `<procfs>/meminfo`.
    pub fn for_machine(roots: &Roots, config: &EstimateConfig) -> Result<Self, SensorError> {
        let info = CpuInfo::read(NAME, &roots.procfs)?;
        let mut vcpus = info.processors;
        if vcpus == 0 {
            vcpus = count_stat_cpus(&roots.procfs).unwrap_or(1);
        }
        let memory_gb = match config.memory_gb {
            Some(g) => g,
            None => read_memory_gb(&roots.procfs)?,
        };
        let name = if info.model_name.is_empty() {
            "unknown CPU"
        } else {
            &info.model_name
        };
        Ok(Self::from_parts(name, vcpus, memory_gb, config))
    }

    /// Idle power of the CPUs, W.
    pub fn cpu_idle_watts(&self) -> f64 {
        f64::from(self.vcpus) * self.idle_watts_per_vcpu
    }

    /// Power of the memory, W (constant in this model).
    pub fn memory_watts(&self) -> f64 {
        self.memory_gb * self.memory_watts_per_gb
    }

    /// Idle power of the whole machine (CPUs idle + memory), W.
    pub fn idle_power_watts(&self) -> f64 {
        self.cpu_idle_watts() + self.memory_watts()
    }

    /// Extra watts one fully busy vCPU adds over idle.
    pub fn dynamic_watts_per_vcpu(&self) -> f64 {
        self.max_watts_per_vcpu - self.idle_watts_per_vcpu
    }

    /// Host power per domain at `utilisation` (0..=1, clamped) of all CPUs.
    pub fn power_watts(&self, utilisation: f64) -> BTreeMap<Domain, f64> {
        let u = if utilisation.is_finite() {
            utilisation.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let cpu =
            f64::from(self.vcpus) * (self.idle_watts_per_vcpu + self.dynamic_watts_per_vcpu() * u);
        BTreeMap::from([(CPU_DOMAIN, cpu), (MEMORY_DOMAIN, self.memory_watts())])
    }

    /// Gross energy of one process tree that used `cpu` CPU time (user + system, all its
    /// processes) over `wall` time, in joules per domain:
    ///
    /// ```text
    /// package-0 = wall × vcpus × idle_watts_per_vcpu              (the machine idling)
    ///           + min(cpu, wall × vcpus) × (max − idle) W/vCPU     (the tree's own work)
    /// dram-0    = wall × memory_gb × memory_watts_per_gb
    /// ```
    ///
    /// "Gross" like a counter would read it: the machine's idle power for the duration is
    /// included. The tree's own (net) share is the dynamic term alone, i.e. the result
    /// minus `idle_power_watts() × wall`. CPU time is capped at what `vcpus` CPUs can
    /// deliver in `wall`.
    pub fn tree_energy(&self, cpu: Duration, wall: Duration) -> BTreeMap<Domain, f64> {
        let wall_s = wall.as_secs_f64();
        let cpu_s = cpu.as_secs_f64().min(wall_s * f64::from(self.vcpus));
        BTreeMap::from([
            (
                CPU_DOMAIN,
                wall_s * self.cpu_idle_watts() + cpu_s * self.dynamic_watts_per_vcpu(),
            ),
            (MEMORY_DOMAIN, wall_s * self.memory_watts()),
        ])
    }

    /// One line naming the row and every coefficient, for `SensorInfo.model`.
    pub fn describe(&self) -> String {
        let over = if self.overridden.is_empty() {
            String::new()
        } else {
            format!("; from --estimate-config: {}", self.overridden.join(", "))
        };
        format!(
            "row {} for {:?}: {} vCPU × ({:.2} W idle … {:.2} W max per vCPU) + {:.1} GB × \
             {:.3} W/GB; idle {:.1} W, max {:.1} W{over}",
            self.row,
            self.cpu_model,
            self.vcpus,
            self.idle_watts_per_vcpu,
            self.max_watts_per_vcpu,
            self.memory_gb,
            self.memory_watts_per_gb,
            self.idle_power_watts(),
            f64::from(self.vcpus) * self.max_watts_per_vcpu + self.memory_watts(),
        )
    }
}

fn count_stat_cpus(procfs: &Path) -> Option<u32> {
    let text = read_trimmed(NAME, &procfs.join("stat"), false, "").ok()?;
    let n = text
        .lines()
        .filter(|l| {
            l.strip_prefix("cpu")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    u32::try_from(n).ok().filter(|n| *n > 0)
}

fn read_memory_gb(procfs: &Path) -> Result<f64, SensorError> {
    let path = procfs.join("meminfo");
    let text = read_trimmed(NAME, &path, false, "make /proc readable")?;
    let line = text
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .ok_or_else(|| SensorError::Parse {
            path: path.clone(),
            content: snippet(&text),
        })?;
    let kb: f64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| SensorError::Parse {
            path: path.clone(),
            content: snippet(line),
        })?;
    Ok(kb * 1024.0 / 1e9)
}

/// Busy and total jiffies of all CPUs from the first line of `/proc/stat`.
fn read_cpu_times(path: &Path, opened: bool) -> Result<(u64, u64), SensorError> {
    let text = read_trimmed(NAME, path, opened, "make /proc readable")?;
    let bad = || SensorError::Parse {
        path: path.to_path_buf(),
        content: snippet(text.lines().next().unwrap_or("")),
    };
    let line = text
        .lines()
        .find(|l| l.starts_with("cpu "))
        .ok_or_else(bad)?;
    let v: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    if v.len() < 4 {
        return Err(bad());
    }
    let get = |i: usize| v.get(i).copied().unwrap_or(0);
    // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is
    // already inside user/nice. Stolen time is time another VM ran: not ours, not busy.
    let busy = get(0) + get(1) + get(2) + get(5) + get(6);
    let total = busy + get(3) + get(4) + get(7);
    Ok((busy, total))
}

/// Shortest interval between two reads of `<procfs>/stat` (one clock tick).
const STAT_PERIOD: std::time::Duration = std::time::Duration::from_millis(10);

/// The estimate sensor: integrates the model's power over time at the measured
/// utilisation.
pub struct EstimateSensor {
    model: EstimateModel,
    info: SensorInfo,
    stat: PathBuf,
    last_times: (u64, u64),
    last_read: Instant,
    last_at: Instant,
    utilisation: f64,
    cpu_j: f64,
    memory_j: f64,
}

impl EstimateSensor {
    /// Build the model for this machine (with the overrides of
    /// `opts.estimate_config`) and read `<procfs>/stat` once.
    pub fn open(opts: &ProbeOptions) -> Result<Self, SensorError> {
        let config = match &opts.estimate_config {
            Some(p) => EstimateConfig::load(p)?,
            None => EstimateConfig::default(),
        };
        let model = EstimateModel::for_machine(&opts.roots, &config)?;
        Self::with_model(&opts.roots, model)
    }

    /// A sensor over an explicit model (utilisation still from `<procfs>/stat`).
    pub fn with_model(roots: &Roots, model: EstimateModel) -> Result<Self, SensorError> {
        let stat = roots.procfs.join("stat");
        let last_times = read_cpu_times(&stat, false)?;
        let describe = format!("{} ({})", model.describe(), model.source);
        let info = SensorInfo {
            name: NAME.into(),
            provenance: Provenance::Estimated,
            domains: vec![
                DomainInfo {
                    domain: CPU_DOMAIN,
                    source: format!("model: CPU utilisation from {}", stat.display()),
                    unit_joules: 1.0,
                    range_joules: None,
                },
                DomainInfo {
                    domain: MEMORY_DOMAIN,
                    source: "model: installed memory".into(),
                    unit_joules: 1.0,
                    range_joules: None,
                },
            ],
            max_interval: None,
            model: Some(describe),
            power_model: Some(model.clone()),
        };
        Ok(EstimateSensor {
            model,
            info,
            stat,
            last_times,
            last_read: Instant::now(),
            last_at: Instant::now(),
            utilisation: 0.0,
            cpu_j: 0.0,
            memory_j: 0.0,
        })
    }

    /// The utilisation used for the last interval (0..=1).
    pub fn utilisation(&self) -> f64 {
        self.utilisation
    }
}

impl Sensor for EstimateSensor {
    fn info(&self) -> &SensorInfo {
        &self.info
    }

    fn sample(&mut self) -> Result<Sample, SensorError> {
        let at = Instant::now();
        // /proc/stat moves in clock ticks (usually 10 ms): reading it more often costs
        // CPU (it is the bulk of a sample) and tells nothing new, so at high sample rates
        // the utilisation of the last read carries over.
        if at.saturating_duration_since(self.last_read) >= STAT_PERIOD {
            let times = read_cpu_times(&self.stat, true)?;
            let d_total = times.1.saturating_sub(self.last_times.1);
            let d_busy = times.0.saturating_sub(self.last_times.0);
            // With no tick in between, the previous utilisation is the best guess.
            if d_total > 0 {
                self.utilisation = (d_busy as f64 / d_total as f64).clamp(0.0, 1.0);
            }
            self.last_times = times;
            self.last_read = at;
        }
        let dt = at.saturating_duration_since(self.last_at).as_secs_f64();
        let p = self.model.power_watts(self.utilisation);
        self.cpu_j += p.get(&CPU_DOMAIN).copied().unwrap_or(0.0) * dt;
        self.memory_j += p.get(&MEMORY_DOMAIN).copied().unwrap_or(0.0) * dt;
        self.last_at = at;
        Ok(Sample {
            at,
            energy: BTreeMap::from([(CPU_DOMAIN, self.cpu_j), (MEMORY_DOMAIN, self.memory_j)]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_by_model_string() {
        let id = |m: &str| row_for(m).id;
        assert_eq!(id("AMD EPYC"), "amd-epyc-3rd-gen-or-later");
        assert_eq!(id("AMD EPYC 7571"), "amd-epyc-1st-gen");
        assert_eq!(id("AMD EPYC 7R32"), "amd-epyc-2nd-gen");
        assert_eq!(
            id("AMD EPYC 7763 64-Core Processor"),
            "amd-epyc-3rd-gen-or-later"
        );
        assert_eq!(
            id("AMD EPYC 9654 96-Core Processor"),
            "amd-epyc-3rd-gen-or-later"
        );
        assert_eq!(
            id("Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz"),
            "intel-xeon-broadwell"
        );
        assert_eq!(
            id("Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz"),
            "intel-xeon-haswell"
        );
        assert_eq!(
            id("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"),
            "intel-xeon-skylake"
        );
        assert_eq!(
            id("Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz"),
            "intel-xeon-cascade-lake-or-later"
        );
        assert_eq!(
            id("Intel Xeon Processor (Skylake, IBRS)"),
            "intel-xeon-skylake"
        );
        assert_eq!(
            id("Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz"),
            "intel-core-desktop"
        );
        assert_eq!(
            id("AMD Ryzen 7 5800X 8-Core Processor"),
            "amd-ryzen-desktop"
        );
        assert_eq!(id("ARMv8 Processor rev 1 (v8l)"), "default");
        assert_eq!(COEFFICIENTS.last().map(|r| r.id), Some("default"));
    }

    #[test]
    fn power_interpolates_and_tree_energy_is_idle_plus_dynamic() {
        let m = EstimateModel::from_parts("AMD EPYC 7571", 4, 10.0, &EstimateConfig::default());
        // 4 × 0.82 = 3.28 W idle CPU, 4 × 2.55 = 10.2 W max; memory 3.92 W.
        let p0 = m.power_watts(0.0);
        let p1 = m.power_watts(1.0);
        assert!((p0[&CPU_DOMAIN] - 3.28).abs() < 1e-9);
        assert!((p1[&CPU_DOMAIN] - 10.2).abs() < 1e-9);
        assert!((m.power_watts(0.5)[&CPU_DOMAIN] - 6.74).abs() < 1e-9);
        assert!((p0[&MEMORY_DOMAIN] - 3.92).abs() < 1e-9);
        assert!((m.idle_power_watts() - 7.2).abs() < 1e-9);
        // 2 s of CPU over 10 s: 10 × 3.28 + 2 × 1.73 = 36.26 J; memory 39.2 J.
        let e = m.tree_energy(Duration::from_secs(2), Duration::from_secs(10));
        assert!((e[&CPU_DOMAIN] - 36.26).abs() < 1e-9, "{e:?}");
        assert!((e[&MEMORY_DOMAIN] - 39.2).abs() < 1e-9);
        // CPU time beyond what 4 CPUs can do in 1 s is capped.
        let capped = m.tree_energy(Duration::from_secs(100), Duration::from_secs(1));
        assert!((capped[&CPU_DOMAIN] - 10.2).abs() < 1e-9);
    }

    #[test]
    fn config_overrides_and_rejects_nonsense() {
        let p = Path::new("est.toml");
        let c = EstimateConfig::from_toml(
            "idle_watts_per_vcpu = 1.0\nmax_watts_per_vcpu = 5\nmemory_watts_per_gb = 0.5\n",
            p,
        )
        .unwrap();
        let m = EstimateModel::from_parts("AMD EPYC", 2, 8.0, &c);
        assert_eq!(m.idle_watts_per_vcpu, 1.0);
        assert_eq!(m.max_watts_per_vcpu, 5.0);
        assert!((m.idle_power_watts() - 6.0).abs() < 1e-9);
        assert!(m.describe().contains("--estimate-config"));
        for bad in [
            "idle_watts_per_vcpu = -1",
            "idle_wats_per_vcpu = 1",
            "idle_watts_per_vcpu = 3\nmax_watts_per_vcpu = 2",
            "vcpus = 0",
            "max_watts_per_vcpu = \"lots\"",
        ] {
            let e = EstimateConfig::from_toml(bad, p).unwrap_err();
            assert!(e.to_string().contains("est.toml"), "{bad}: {e}");
        }
    }

    #[test]
    fn stat_times() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("stat");
        std::fs::write(&p, "cpu  100 0 50 800 10 5 5 30 7 0\ncpu0 1 2 3 4\n").unwrap();
        assert_eq!(read_cpu_times(&p, false).unwrap(), (160, 1000));
        std::fs::write(&p, "cpu  1 2 x\n").unwrap();
        assert!(matches!(
            read_cpu_times(&p, true),
            Err(SensorError::Parse { .. })
        ));
    }
}
