//! Energy profiles: which functions and which phases of a program spend its joules.
//!
//! Stacks come from perf sampling (software cpu-clock, callchains by frame pointers, or
//! DWARF unwinding of copied user stacks) of the command's whole process tree; the energy timeline from joulebench's sensors.
//! Each timeline interval's dynamic energy (above idle) is split over the stack samples
//! that fell in it on that package, by their periods; idle energy is reported apart,
//! never smeared over functions (`attribute` holds the rule). Under the estimate model
//! the profile is ESTIMATED and energy shares equal time shares.
//!
//! Modules, each using only those before it:
//! - `error`: what goes wrong, with the fix;
//! - `dwarf`: DWARF unwinding of copied user stacks (framehop, object);
//! - `sampler`: per-CPU perf samplers on a process tree; its records;
//! - `attribute`: energy over samples;
//! - `phases`: phase marks from a descriptor or standard output;
//! - `record`: one profiled run;
//! - `symbols`: addresses to names (blazesym, perf maps);
//! - `profile`: the result;
//! - `analyse`: runs to a profile;
//! - `export`: folded stacks, SVG flamegraph, JSON; `render`: the terminal.

#![warn(missing_docs)]

mod analyse;
mod attribute;
mod dwarf;
mod error;
mod export;
mod html;
mod phases;
mod profile;
mod record;
mod render;
mod sampler;
mod symbols;

pub use analyse::shallow_stacks;
pub use attribute::{split_measured, split_modelled, Interval, Split, Weighed};
pub use error::ProfileError;
pub use export::{folded, json, svg};
pub use html::html;
pub use phases::{PhaseSource, PHASE_FD_ENV};
pub use profile::{Function, Phase, Profile, RunFigures, Stack};
pub use render::terminal;
pub use sampler::{parse_cpu_list, SamplerConfig};
pub use symbols::PerfMap;

use analyse::{analyse_run, merge, Context, Energy, Header};
use joulebench_measure::Spawn;
use joulebench_sensors::{Domain, Sensor};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How stacks are walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallGraph {
    /// Frame pointers (the kernel walks them; cheap).
    FramePointers,
    /// DWARF unwinding of copied user stacks.
    Dwarf,
}

/// A profiling request.
pub struct Config {
    /// What to run.
    pub spawn: Spawn,
    /// The command as shown.
    pub command: String,
    /// Runs to merge.
    pub runs: u32,
    /// Stack samples per second.
    pub frequency: u64,
    /// Kernel frames too (needs root or perf_event_paranoid <= 1).
    pub kernel: bool,
    /// Stack walking.
    pub call_graph: CallGraph,
    /// Energy timeline readings per second.
    pub sample_rate: f64,
    /// Idle baseline before the runs (zero: none; measured sensors only).
    pub idle: Duration,
    /// Kill a run after this long.
    pub timeout: Option<Duration>,
    /// Phase marks.
    pub phases: PhaseSource,
    /// Replaces `/sys` (CPU topology).
    pub sysfs: PathBuf,
    /// Where JIT perf maps are (`/tmp`).
    pub perf_map_dir: PathBuf,
    /// Set to a signal number by a handler to stop: the run in progress is killed and
    /// the profile covers what was sampled until then.
    pub stop: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

/// Profile `cfg.runs` runs of the command and merge them. `on_run` is told each run's
/// number as it starts (for progress).
pub fn profile(
    cfg: &Config,
    mut sensor: Box<dyn Sensor>,
    mut on_run: impl FnMut(u32),
) -> Result<Profile, ProfileError> {
    let info = sensor.info().clone();
    let (energy, idle_total) = match &info.power_model {
        Some(m) => (
            Energy::Modelled {
                busy_w_per_cpu: m.dynamic_watts_per_vcpu(),
                idle_w: m.idle_power_watts(),
            },
            Some(m.idle_power_watts()),
        ),
        None => {
            let idle_w = idle_baseline(sensor.as_mut(), cfg.idle)?;
            let total = (!idle_w.is_empty()).then(|| {
                idle_w
                    .iter()
                    .filter(|(d, _)| d.in_default_total())
                    .map(|(_, w)| w)
                    .sum()
            });
            (Energy::Measured { idle_w }, total)
        }
    };
    let cpus = sampler::online_cpus(&cfg.sysfs);
    let packages = packages(&cfg.sysfs, &cpus);
    let tick = Duration::from_secs_f64(1.0 / cfg.sample_rate.clamp(0.1, 10_000.0));
    let req = record::Request {
        spawn: &cfg.spawn,
        sampler: SamplerConfig {
            frequency: cfg.frequency,
            kernel: cfg.kernel,
            dwarf: cfg.call_graph == CallGraph::Dwarf,
        },
        cpus: &cpus,
        tick,
        timeout: cfg.timeout,
        phases: &cfg.phases,
        stop: &cfg.stop,
    };
    let cx = Context {
        energy: &energy,
        packages: &packages,
        perf_map_dir: &cfg.perf_map_dir,
        // SAFETY: geteuid has no preconditions.
        perf_map_owner: cfg
            .spawn
            .drop_to
            .as_ref()
            .map_or_else(|| unsafe { libc::geteuid() }, |d| d.uid),
    };
    let mut analysed = Vec::new();
    let mut sensor_warnings = Vec::new();
    let mut interrupted = None;
    for run in 1..=cfg.runs.max(1) {
        if cfg.stop.load(std::sync::atomic::Ordering::Relaxed) != 0 {
            break;
        }
        on_run(run);
        let timeline = match &energy {
            Energy::Measured { .. } => Some(sensor.as_mut() as &mut dyn Sensor),
            Energy::Modelled { .. } => None,
        };
        let rec = record::record(&req, timeline)?;
        sensor_warnings.extend(rec.warnings.iter().cloned());
        if rec.timed_out {
            sensor_warnings.push(format!(
                "run {run} was killed by the timeout: its figures cover the part it ran"
            ));
        }
        if let Some(sig) = rec.interrupted {
            interrupted = Some(sig);
            if rec.drained.samples.is_empty() {
                break;
            }
        }
        if rec.drained.samples.is_empty() {
            return Err(ProfileError::NoSamples {
                wall_ms: rec.end_ns.saturating_sub(rec.start_ns) as f64 / 1e6,
                cpu_ms: rec.cpu.as_secs_f64() * 1e3,
                frequency: cfg.frequency,
            });
        }
        analysed.push(analyse_run(&rec, &cx));
        if interrupted.is_some() {
            break;
        }
    }
    if analysed.is_empty() {
        return Err(ProfileError::Interrupted(interrupted.unwrap_or(2)));
    }
    let header = Header {
        command: cfg.command.clone(),
        sensor: info.name.clone(),
        provenance: info.provenance,
        model: info.model.clone(),
        frequency: cfg.frequency,
        call_graph: match cfg.call_graph {
            CallGraph::FramePointers => "fp",
            CallGraph::Dwarf => "dwarf",
        }
        .into(),
        idle_watts: idle_total,
    };
    let mut p = merge(header, analysed);
    if shallow_stacks(&p) && cfg.call_graph == CallGraph::FramePointers {
        p.warnings.push(
            "most stacks lost their callers above the leaf: the program has no frame pointers. Profile \
             with `--call-graph dwarf`, or rebuild with `-C force-frame-pointers=yes` \
             (Rust) or `-fno-omit-frame-pointer` (C, C++)"
                .into(),
        );
    }
    sensor_warnings.dedup();
    p.warnings.extend(sensor_warnings);
    if let Some(sig) = interrupted {
        p.warnings.push(format!(
            "interrupted by signal {sig}: the profile covers {} run(s), the last one up to \
             the interruption",
            p.runs.len()
        ));
    }
    p.interrupted = interrupted;
    Ok(p)
}

/// Idle watts per domain over `duration` (empty when zero): two readings, the sensor's
/// rise between them.
fn idle_baseline(
    sensor: &mut dyn Sensor,
    duration: Duration,
) -> Result<BTreeMap<Domain, f64>, ProfileError> {
    if duration.is_zero() {
        return Ok(BTreeMap::new());
    }
    let a = sensor.sample()?;
    let until = Instant::now() + duration;
    // Read now and then so that a wrapping counter is followed.
    let step = sensor
        .info()
        .max_interval
        .unwrap_or(duration)
        .min(Duration::from_millis(100));
    while Instant::now() < until {
        std::thread::sleep(step.min(until.saturating_duration_since(Instant::now())));
        sensor.sample()?;
    }
    let b = sensor.sample()?;
    let secs = b.at.duration_since(a.at).as_secs_f64();
    if secs <= 0.0 {
        return Ok(BTreeMap::new());
    }
    Ok(b.energy
        .iter()
        .map(|(d, j)| (*d, (j - a.energy.get(d).copied().unwrap_or(0.0)) / secs))
        .collect())
}

/// CPU -> physical package, from sysfs topology; CPUs whose file is missing are left
/// out (their samples can then take energy of any package).
fn packages(sysfs: &Path, cpus: &[usize]) -> HashMap<u32, u32> {
    cpus.iter()
        .filter_map(|&cpu| {
            let path = sysfs.join(format!(
                "devices/system/cpu/cpu{cpu}/topology/physical_package_id"
            ));
            let id = std::fs::read_to_string(path)
                .ok()?
                .trim()
                .parse::<u32>()
                .ok()?;
            Some((u32::try_from(cpu).ok()?, id))
        })
        .collect()
}
