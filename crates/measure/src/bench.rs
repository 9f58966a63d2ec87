//! A benchmark session: warm-ups, run counts, interleaving, prepare/conclude/setup/cleanup
//! hooks, and one [`RunRecord`] per measured run handed to an observer as soon as it exists.

use crate::child::Running;
use crate::meter::{Measured, Meter, MeterError, StopFlag};
use crate::output::CommandOutput;
use crate::spec::{Program, Spawn};
use joulebench_model::record::{Baseline, Parameter, RunRecord};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// One command to benchmark.
#[derive(Clone, Debug)]
pub struct Target {
    /// Name used in results (`command` field).
    pub name: String,
    /// Suite problem, for rank.
    pub problem: Option<String>,
    /// Suite language, for rank.
    pub language: Option<String>,
    /// How to start it.
    pub spawn: Spawn,
    /// Runs already recorded in an earlier, interrupted session (`--resume`): numbering
    /// continues from here and only the remaining runs are made.
    pub completed: u32,
    /// The benchmark's parameters (`run --parameter-scan`), copied onto each record.
    pub parameters: Vec<Parameter>,
    /// This target's own hooks, each in place of the session's ([`Options`]) where
    /// given: a parameter scan substitutes its value in them per target.
    pub hooks: Hooks,
}

/// The unmeasured commands around a target's runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hooks {
    /// Before every run (warm-ups too).
    pub prepare: Option<Program>,
    /// After every run (warm-ups too), unless the run ends the session.
    pub conclude: Option<Program>,
    /// Once before the target's runs.
    pub setup: Option<Program>,
    /// Once after the target's runs.
    pub cleanup: Option<Program>,
}

/// How many runs to make of each command.
#[derive(Clone, Debug, PartialEq)]
pub struct RunCount {
    /// Exactly this many (`--runs`).
    pub exact: Option<u32>,
    /// At least this many (`--min-runs`, default 10 as in hyperfine).
    pub min: u32,
    /// At most this many (`--max-runs`).
    pub max: Option<u32>,
    /// Keep running until this much time has been spent (hyperfine: 3 s).
    pub min_time: Duration,
}

impl Default for RunCount {
    fn default() -> Self {
        RunCount {
            exact: None,
            min: 10,
            max: None,
            min_time: Duration::from_secs(3),
        }
    }
}

impl RunCount {
    /// The number of runs, given the duration of the first one.
    pub fn count(&self, first: Duration) -> u32 {
        if let Some(n) = self.exact {
            return n.max(1);
        }
        let by_time = if first.as_secs_f64() > 0.0 {
            (self.min_time.as_secs_f64() / first.as_secs_f64()).ceil() as u32
        } else {
            self.min
        };
        let n = by_time.max(self.min).max(1);
        match self.max {
            Some(m) => n.min(m.max(1)),
            None => n,
        }
    }
}

/// Options of a session.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Un-recorded runs before the measured ones.
    pub warmup: u32,
    /// How many measured runs.
    pub runs: RunCount,
    /// Before every run (warm-ups too), unmeasured.
    pub prepare: Option<Program>,
    /// After every run (warm-ups too), unmeasured; not after a run that ends the
    /// session (a failure without `ignore_failure`, an interruption).
    pub conclude: Option<Program>,
    /// Once before each command's runs, unmeasured.
    pub setup: Option<Program>,
    /// Once after each command's runs, unmeasured.
    pub cleanup: Option<Program>,
    /// Kill a run after this long.
    pub timeout: Option<Duration>,
    /// Keep going when a command fails.
    pub ignore_failure: bool,
    /// Run the commands A B A B ... instead of all A then all B.
    pub interleave: bool,
    /// Idle baseline before the first run (zero: none).
    pub idle: Duration,
}

/// What a session reports as it goes.
pub trait Observer {
    /// The idle baseline was measured.
    fn baseline(&mut self, _b: &Baseline) {}
    /// A run started; `measured` is false for warm-ups. `planned` is the number of
    /// measured runs planned for this target so far (None before the first run).
    fn run_started(&mut self, _target: &Target, _measured: bool, _planned: Option<u32>) {}
    /// A measured run finished. Record it (write it to disk) now.
    fn run_done(&mut self, _record: &RunRecord, _warnings: &[String]) {}
    /// A warning not tied to one run.
    fn warning(&mut self, _msg: &str) {}
}

/// Why a session ended early.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A command exited non-zero without `--ignore-failure`.
    #[error("command `{command}` {how}; use --ignore-failure to keep going")]
    Failed {
        /// The command.
        command: String,
        /// What happened, e.g. "exited with code 1".
        how: String,
    },
    /// A hook (prepare/conclude/setup/cleanup) failed.
    #[error("{hook} command `{command}` {how}")]
    Hook {
        /// Which hook.
        hook: &'static str,
        /// The command.
        command: String,
        /// What happened.
        how: String,
    },
    /// The meter failed.
    #[error(transparent)]
    Meter(#[from] MeterError),
}

/// How the session ended.
#[derive(Debug)]
pub enum Ending {
    /// All planned runs done.
    Complete,
    /// Stopped by a signal (its number).
    Interrupted(i32),
}

/// Run the whole session. Records go to the observer as they are made; the baseline (if
/// any) is returned with how it ended. On error, everything recorded so far has already
/// been handed to the observer.
pub fn run_session(
    meter: &mut Meter,
    targets: &[Target],
    opts: &Options,
    stop: &StopFlag,
    obs: &mut dyn Observer,
) -> Result<(Option<Baseline>, Ending), BenchError> {
    let mut baseline = None;
    if !opts.idle.is_zero() {
        match meter.baseline(opts.idle, stop) {
            Ok(Some(b)) => {
                if b.mean_w > 0.0 && b.stddev_w / b.mean_w > 0.2 {
                    obs.warning(&format!(
                        "noisy idle baseline: {:.2} W ± {:.2} W; other activity on this machine \
                         will blur the net figures",
                        b.mean_w, b.stddev_w
                    ));
                }
                obs.baseline(&b);
                baseline = Some(b);
            }
            Ok(None) => obs.warning("idle baseline could not be measured"),
            Err(e) => obs.warning(&format!("idle baseline failed: {e}")),
        }
    }
    if let Some(sig) = stopped(stop) {
        return Ok((baseline, Ending::Interrupted(sig)));
    }
    let mut state: Vec<TargetState> = targets
        .iter()
        .map(|t| TargetState {
            // With an exact count the plan is known up front; otherwise it is set from
            // the first run's duration.
            planned: opts.runs.exact.filter(|_| t.completed > 0),
            done: t.completed,
        })
        .collect();
    let order: Vec<usize> = (0..targets.len()).collect();
    // Interleaved: round-robin over targets; otherwise one target at a time.
    let groups: Vec<Vec<usize>> = if opts.interleave {
        vec![order]
    } else {
        order.into_iter().map(|i| vec![i]).collect()
    };
    for group in groups {
        for &i in &group {
            if state[i].planned.is_some_and(|p| state[i].done >= p) {
                continue;
            }
            hook(hooks(&targets[i], opts).setup, "setup", &targets[i], stop)?;
            for _ in 0..opts.warmup {
                if let Some(sig) = stopped(stop) {
                    return Ok((baseline, Ending::Interrupted(sig)));
                }
                let m = match start_run(&targets[i], None, opts, meter, stop, obs)? {
                    Ok(m) => m,
                    Err(sig) => return Ok((baseline, Ending::Interrupted(sig))),
                };
                finish_run(&targets[i], &m, opts, stop)?;
            }
        }
        loop {
            let mut progressed = false;
            for &i in &group {
                let st = &mut state[i];
                if st.planned.is_some_and(|p| st.done >= p) {
                    continue;
                }
                if let Some(sig) = stopped(stop) {
                    return Ok((baseline, Ending::Interrupted(sig)));
                }
                let m = match start_run(&targets[i], Some(st.planned), opts, meter, stop, obs)? {
                    Ok(m) => m,
                    Err(sig) => return Ok((baseline, Ending::Interrupted(sig))),
                };
                let rec = to_record(&targets[i], st.done, &m, meter, baseline.as_ref());
                obs.run_done(&rec, &m.warnings);
                finish_run(&targets[i], &m, opts, stop)?;
                if st.planned.is_none() {
                    st.planned = Some(opts.runs.count(m.wall));
                }
                st.done += 1;
                progressed = true;
            }
            if !progressed {
                break;
            }
        }
        for &i in &group {
            hook(
                hooks(&targets[i], opts).cleanup,
                "cleanup",
                &targets[i],
                stop,
            )?;
        }
    }
    Ok((baseline, Ending::Complete))
}

#[derive(Default)]
struct TargetState {
    planned: Option<u32>,
    done: u32,
}

fn stopped(stop: &StopFlag) -> Option<i32> {
    match stop.load(Ordering::Relaxed) {
        0 => None,
        s => Some(s as i32),
    }
}

fn describe(m: &Measured) -> Option<String> {
    if m.timed_out {
        return Some("timed out".into());
    }
    match (m.exit.code, m.exit.signal) {
        (Some(0), _) => None,
        (Some(c), _) => Some(format!("exited with code {c}")),
        (None, Some(s)) => Some(format!("was killed by signal {s}")),
        (None, None) => Some("ended abnormally".into()),
    }
}

/// The first half of one run, warm-up or measured: its `--prepare` hook, then the
/// measurement. `measured`: the run's planned count for a measured run (None inside:
/// not known yet), None for a warm-up. Err(signal) when the run was interrupted.
fn start_run(
    t: &Target,
    measured: Option<Option<u32>>,
    opts: &Options,
    meter: &mut Meter,
    stop: &StopFlag,
    obs: &mut dyn Observer,
) -> Result<Result<Measured, i32>, BenchError> {
    hook(hooks(t, opts).prepare, "prepare", t, stop)?;
    obs.run_started(t, measured.is_some(), measured.flatten());
    let m = meter.measure(&t.spawn, opts.timeout, stop)?;
    Ok(match m.interrupted {
        Some(sig) => Err(sig),
        None => Ok(m),
    })
}

/// The second half: a failed command stops the session (unless `--ignore-failure`),
/// then its `--conclude` hook.
fn finish_run(t: &Target, m: &Measured, opts: &Options, stop: &StopFlag) -> Result<(), BenchError> {
    check_failure(t, m, opts)?;
    hook(hooks(t, opts).conclude, "conclude", t, stop)
}

fn check_failure(t: &Target, m: &Measured, opts: &Options) -> Result<(), BenchError> {
    match describe(m) {
        Some(how) if !opts.ignore_failure => Err(BenchError::Failed {
            command: t.name.clone(),
            how,
        }),
        _ => Ok(()),
    }
}

/// A target's hooks: its own where it has one, else the session's.
fn hooks<'a>(t: &'a Target, opts: &'a Options) -> HookRefs<'a> {
    HookRefs {
        prepare: t.hooks.prepare.as_ref().or(opts.prepare.as_ref()),
        conclude: t.hooks.conclude.as_ref().or(opts.conclude.as_ref()),
        setup: t.hooks.setup.as_ref().or(opts.setup.as_ref()),
        cleanup: t.hooks.cleanup.as_ref().or(opts.cleanup.as_ref()),
    }
}

/// The hooks that apply to one target (see [`hooks`]).
struct HookRefs<'a> {
    prepare: Option<&'a Program>,
    conclude: Option<&'a Program>,
    setup: Option<&'a Program>,
    cleanup: Option<&'a Program>,
}

/// Run a `--setup`, `--prepare`, `--conclude` or `--cleanup` command, as the same user as
/// the measured command (under sudo, not as root) and in the same directory and environment.
fn hook(
    p: Option<&Program>,
    name: &'static str,
    target: &Target,
    stop: &StopFlag,
) -> Result<(), BenchError> {
    let Some(program) = p else {
        return Ok(());
    };
    let spawn = Spawn {
        program: program.clone(),
        stdin: None,
        output: CommandOutput::Null,
        cwd: target.spawn.cwd.clone(),
        env: target.spawn.env.clone(),
        drop_to: target.spawn.drop_to.clone(),
        launcher: None,
    };
    let mut running = Running::start(&spawn).map_err(|e| BenchError::Hook {
        hook: name,
        command: program.display(),
        how: e.to_string(),
    })?;
    let (exit, _) = loop {
        if let Some(done) = running
            .wait_timeout(Duration::from_millis(100))
            .map_err(MeterError::from)?
        {
            break done;
        }
        if stop.load(Ordering::Relaxed) != 0 {
            break running
                .kill_group(Duration::from_millis(200))
                .map_err(MeterError::from)?;
        }
    };
    if exit.code == Some(0) {
        Ok(())
    } else {
        Err(BenchError::Hook {
            hook: name,
            command: program.display(),
            how: match exit.code {
                Some(c) => format!("exited with code {c}"),
                None => "was killed".into(),
            },
        })
    }
}

/// Build the record of one measured run.
fn to_record(
    t: &Target,
    index: u32,
    m: &Measured,
    meter: &Meter,
    baseline: Option<&Baseline>,
) -> RunRecord {
    let total = m.total();
    let mut r = RunRecord {
        command: t.name.clone(),
        problem: t.problem.clone(),
        language: t.language.clone(),
        parameters: t.parameters.clone(),
        index,
        wall_s: m.wall.as_secs_f64(),
        user_s: m.exit.user.as_secs_f64(),
        system_s: m.exit.system.as_secs_f64(),
        peak_rss_bytes: Some(m.exit.peak_rss_bytes),
        exit_code: m.exit.code,
        signal: m.exit.signal,
        timed_out: m.timed_out,
        energy_j: m.energy.clone(),
        energy_total_j: total,
        energy_net_j: None,
        energy_window_s: m.energy_window.map(|w| w.as_secs_f64()),
        provenance: meter.provenance(),
        sensor: meter.sensor().info().name.clone(),
        timeline: m.timeline.clone(),
        warnings: m.warnings.clone(),
        invalid: m.invalid.clone(),
    };
    // The gross figure covers the energy window, so the idle power comes off over the
    // same seconds; over the wall time the hand-over's idle energy would stay in.
    if let (Some(j), Some(b)) = (total, baseline) {
        r.energy_net_j = Some(j - b.mean_w * r.energy_seconds());
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_count_follows_hyperfine_defaults() {
        let c = RunCount::default();
        assert_eq!(c.count(Duration::from_millis(10)), 300);
        assert_eq!(c.count(Duration::from_secs(1)), 10);
        let c = RunCount {
            max: Some(50),
            ..RunCount::default()
        };
        assert_eq!(c.count(Duration::from_millis(10)), 50);
        let c = RunCount {
            exact: Some(5),
            ..RunCount::default()
        };
        assert_eq!(c.count(Duration::from_millis(1)), 5);
    }
}
