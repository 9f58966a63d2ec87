//! Options shared by every subcommand: where the kernel's files are, which sensor to use.

use crate::headings::{SENSOR, TEST_ROOTS};
use std::path::PathBuf;

/// Global options.
#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// Use DIR instead of /sys (for tests and containers that mount the host's /sys elsewhere).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "JOULEBENCH_SYSFS_ROOT",
        help_heading = TEST_ROOTS
    )]
    pub sysfs_root: Option<PathBuf>,
    /// Use DIR instead of /dev (MSR device files).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "JOULEBENCH_DEV_ROOT",
        help_heading = TEST_ROOTS
    )]
    pub dev_root: Option<PathBuf>,
    /// Use DIR instead of /proc (CPU times, process scan).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "JOULEBENCH_PROCFS_ROOT",
        help_heading = TEST_ROOTS
    )]
    pub procfs_root: Option<PathBuf>,
    /// Force a sensor (the names and their help come from the sensor registry).
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        help = sensor_help(),
        help_heading = SENSOR
    )]
    pub sensor: Option<String>,
    /// Estimate model overrides from a TOML file (see README, "The estimate sensor").
    #[arg(long, global = true, value_name = "FILE", help_heading = SENSOR)]
    pub estimate_config: Option<PathBuf>,
}

/// `Force a sensor: a, b or c`, the names from the sensor registry. (The registry's
/// one-line help of each back-end is not added as a `long_help`: clap would then lay out
/// every argument of every `--help` differently.)
fn sensor_help() -> String {
    let names: Vec<&str> = joulebench_sensors::BACKENDS
        .iter()
        .map(|b| b.name)
        .collect();
    let list = match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    format!("Force a sensor: {list}")
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
