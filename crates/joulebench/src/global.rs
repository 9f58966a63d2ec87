//! Options shared by every subcommand: where the kernel's files are, which sensor to use.

use std::path::PathBuf;

/// Global options.
#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// Use DIR instead of /sys (for tests and containers that mount the host's /sys elsewhere).
    #[arg(long, global = true, value_name = "DIR", env = "JOULEBENCH_SYSFS_ROOT")]
    pub sysfs_root: Option<PathBuf>,
    /// Use DIR instead of /dev (MSR device files).
    #[arg(long, global = true, value_name = "DIR", env = "JOULEBENCH_DEV_ROOT")]
    pub dev_root: Option<PathBuf>,
    /// Use DIR instead of /proc (CPU times, process scan).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "JOULEBENCH_PROCFS_ROOT"
    )]
    pub procfs_root: Option<PathBuf>,
    /// Force a sensor: rapl-perf, rapl-powercap, rapl-msr, nvml or estimate.
    #[arg(long, global = true, value_name = "NAME")]
    pub sensor: Option<String>,
    /// Estimate model overrides from a TOML file (see README, "The estimate sensor").
    #[arg(long, global = true, value_name = "FILE")]
    pub estimate_config: Option<PathBuf>,
}

impl Global {
    /// The filesystem roots the sensors read.
    pub fn roots(&self) -> joulebench_sensors::Roots {
        let d = joulebench_sensors::Roots::default();
        joulebench_sensors::Roots {
            sysfs: self.sysfs_root.clone().unwrap_or(d.sysfs),
            dev: self.dev_root.clone().unwrap_or(d.dev),
            procfs: self.procfs_root.clone().unwrap_or(d.procfs),
        }
    }
}
