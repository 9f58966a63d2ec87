//! The meter: one sensor, sampled around and during one measured process tree.

use crate::child::Running;
use crate::error::ProcessError;
use crate::reap::Exit;
use crate::spec::Spawn;
use joulebench_model::record::{Baseline, PowerSample};
use joulebench_sensors::{default_total, Domain, Provenance, Sample, Sensor, SensorError};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Attributes energy to one process tree from its CPU time and wall time (estimate
/// sensor): returns joules per domain.
pub type Attribution = Box<dyn Fn(Duration, Duration) -> BTreeMap<Domain, f64> + Send>;

/// Set to a signal number (e.g. SIGINT) by a signal handler to ask the meter to stop.
pub type StopFlag = Arc<AtomicUsize>;

/// A sensor plus how to turn its readings into a process tree's energy.
pub struct Meter {
    sensor: Box<dyn Sensor>,
    attribution: Option<Attribution>,
    /// How often to sample during a run.
    pub interval: Duration,
}

/// What one measured run produced.
#[derive(Clone, Debug)]
pub struct Measured {
    /// How the process ended.
    pub exit: Exit,
    /// Wall time from spawn to reaped.
    pub wall: Duration,
    /// Time between the first and the last energy reading: the interval the energy
    /// figures cover. A little longer than `wall` (the launcher's start and report
    /// lie inside it); much longer on a loaded machine. None when the energy was
    /// attributed by the model (it then covers `wall` exactly) or the last reading
    /// failed.
    pub energy_window: Option<Duration>,
    /// Joules per domain (gross), empty when the sensor failed.
    pub energy: BTreeMap<Domain, f64>,
    /// Power timeline.
    pub timeline: Vec<PowerSample>,
    /// True when killed by the timeout.
    pub timed_out: bool,
    /// The signal number when interrupted by the user.
    pub interrupted: Option<i32>,
    /// Sensor problems met during the run (never silent).
    pub warnings: Vec<String>,
    /// Why this run's energy cannot be trusted (a counter reset during it, or did not
    /// move at all): such a run is recorded, but left out of the statistics.
    pub invalid: Option<String>,
}

impl Measured {
    /// The default energy figure (package + dram).
    pub fn total(&self) -> Option<f64> {
        default_total(self.energy.iter().map(|(d, j)| (d, *j)))
    }
}

/// Errors of the meter.
#[derive(Debug, thiserror::Error)]
pub enum MeterError {
    /// The process could not be run.
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// The sensor failed before the run started.
    #[error("sensor: {0}")]
    Sensor(#[from] SensorError),
}

impl Meter {
    /// A meter over `sensor`; `attribution` replaces counter deltas for estimate sensors.
    pub fn new(sensor: Box<dyn Sensor>, attribution: Option<Attribution>, hz: f64) -> Meter {
        let mut interval = Duration::from_secs_f64(1.0 / hz.max(0.001));
        // Sample at least as often as the counters' wrap-safe interval.
        if let Some(max) = sensor.info().max_interval {
            interval = interval.min(max);
        }
        Meter {
            sensor,
            attribution,
            interval,
        }
    }

    /// The sensor in use.
    pub fn sensor(&self) -> &dyn Sensor {
        self.sensor.as_ref()
    }

    /// Measured or estimated.
    pub fn provenance(&self) -> Provenance {
        self.sensor.info().provenance
    }

    /// Measure idle power for `duration`, sampling every `self.interval`. Returns None
    /// when stopped early by `stop` before two samples were taken.
    pub fn baseline(
        &mut self,
        duration: Duration,
        stop: &StopFlag,
    ) -> Result<Option<Baseline>, SensorError> {
        let start = self.sensor.sample()?;
        let mut prev = start.clone();
        let mut powers = Vec::new();
        let end = start.at + duration;
        while Instant::now() < end && stop.load(Ordering::Relaxed) == 0 {
            let left = end.saturating_duration_since(Instant::now());
            std::thread::sleep(self.interval.min(left));
            let s = self.sensor.sample()?;
            if let Some(w) = power_between(&prev, &s) {
                powers.push(w);
            }
            prev = s;
        }
        let secs = prev.at.duration_since(start.at).as_secs_f64();
        let (Some(e0), Some(e1)) = (start.total(), prev.total()) else {
            return Ok(None);
        };
        if secs <= 0.0 {
            return Ok(None);
        }
        let mean_w = (e1 - e0) / secs;
        let stddev_w = joulebench_model::stats::Summary::of(&powers)
            .map(|s| s.stddev)
            .unwrap_or(0.0);
        Ok(Some(Baseline {
            seconds: secs,
            mean_w,
            stddev_w,
        }))
    }

    /// Run `spawn` once and measure it.
    pub fn measure(
        &mut self,
        spawn: &Spawn,
        timeout: Option<Duration>,
        stop: &StopFlag,
    ) -> Result<Measured, MeterError> {
        // Launcher start-up and file opening happen before the first reading, outside the
        // measured interval.
        let prepared = Running::prepare(spawn)?;
        let first = self.sensor.sample()?;
        let dropped_before = self.sensor.dropped_samples();
        let resets_before = self.sensor.resets();
        let proc = prepared.go()?;
        let During {
            exit,
            ended,
            prev,
            mut timeline,
            timed_out,
            interrupted,
            mut warnings,
        } = self.sample_during(&proc, &first, timeout, stop)?;
        let wall = ended.duration_since(proc.started());
        let last = match self.sensor.sample() {
            Ok(s) => Some(s),
            Err(e) => {
                warnings.push(format!("sensor error at the end of the run: {e}"));
                None
            }
        };
        if let Some(s) = &last {
            timeline.extend(timeline_point(&prev, s, proc.started()));
        }
        let dropped = self.sensor.dropped_samples() - dropped_before;
        let resets = self.sensor.resets() - resets_before;
        let sensor_warnings = self.sensor.take_warnings();
        if dropped > 0 && sensor_warnings.is_empty() {
            warnings.push(format!(
                "{dropped} counter reading(s) dropped as implausible (counter went backwards?)"
            ));
        }
        warnings.extend(sensor_warnings);
        let (energy, energy_window) = self.energy(&first, last.as_ref(), &exit, wall);
        if !exit.leftover.is_empty() {
            warnings.push(format!(
                "the command left {} process(es) running after it ended: {}; what they use \
                 from now on is not in this run's figure",
                exit.leftover.len(),
                exit.leftover.join(", ")
            ));
        }
        let invalid = if resets > 0 {
            Some(format!(
                "an energy counter was reset during the run ({resets} time(s)): the energy \
                 across the reset is unknown"
            ))
        } else if last.is_some() && self.attribution.is_none() {
            self.stuck_counter(&energy, energy_window)
        } else {
            None
        };
        Ok(Measured {
            exit,
            wall,
            energy_window,
            energy,
            timeline,
            timed_out,
            interrupted,
            warnings,
            invalid,
        })
    }

    /// Sample every `self.interval` while `proc` runs, until it ends, or until the
    /// timeout or `stop` makes us stop its whole group.
    fn sample_during(
        &mut self,
        proc: &Running,
        first: &Sample,
        timeout: Option<Duration>,
        stop: &StopFlag,
    ) -> Result<During, MeterError> {
        let mut warnings = Vec::new();
        let mut prev = first.clone();
        let mut timeline = Vec::new();
        let mut sensor_failed = false;
        let mut timed_out = false;
        let mut interrupted = None;
        let (exit, ended) = loop {
            if let Some(done) = proc.wait_timeout(self.interval)? {
                break done;
            }
            let sig = stop.load(Ordering::Relaxed);
            if sig != 0 {
                interrupted = Some(sig as i32);
                break proc.kill_group(Duration::from_millis(500))?;
            }
            if timeout.is_some_and(|t| proc.started().elapsed() >= t) {
                timed_out = true;
                break proc.kill_group(Duration::from_millis(500))?;
            }
            match self.sensor.sample() {
                Ok(s) => {
                    timeline.extend(timeline_point(&prev, &s, proc.started()));
                    prev = s;
                }
                Err(e) if !sensor_failed => {
                    sensor_failed = true;
                    warnings.push(format!("sensor error during the run: {e}"));
                }
                Err(_) => {}
            }
        };
        Ok(During {
            exit,
            ended,
            prev,
            timeline,
            timed_out,
            interrupted,
            warnings,
        })
    }

    /// The run's energy per domain, and the window it covers: attributed from its CPU
    /// and wall time by the model (estimate sensors: the window is then `wall` itself,
    /// so None), or the counters' rise from the first reading to the last (none when the
    /// last reading failed).
    fn energy(
        &self,
        first: &Sample,
        last: Option<&Sample>,
        exit: &Exit,
        wall: Duration,
    ) -> (BTreeMap<Domain, f64>, Option<Duration>) {
        match (&self.attribution, last) {
            (Some(attr), _) => (attr(exit.user + exit.system, wall), None),
            (None, Some(last)) => (
                last.energy
                    .iter()
                    .map(|(d, j)| (*d, j - first.energy.get(d).copied().unwrap_or(0.0)))
                    .collect(),
                Some(last.at.duration_since(first.at)),
            ),
            (None, None) => (BTreeMap::new(), None),
        }
    }
}

/// What sampling gathered while the process ran, up to its end.
struct During {
    exit: Exit,
    /// When it ended.
    ended: Instant,
    /// The last reading taken during the run (the first reading when none was).
    prev: Sample,
    timeline: Vec<PowerSample>,
    timed_out: bool,
    interrupted: Option<i32>,
    warnings: Vec<String>,
}

/// The power timeline's point for reading `s` after `prev`, `started` being time 0.
fn timeline_point(prev: &Sample, s: &Sample, started: Instant) -> Option<PowerSample> {
    power_between(prev, s).map(|watts| PowerSample {
        t: s.at.duration_since(started).as_secs_f64(),
        watts,
    })
}

/// A counter is updated about every millisecond (RAPL), at worst every 100 ms (some GPU
/// drivers): a total that did not move over this long is a stuck counter, not 0 J.
const STUCK_AFTER: Duration = Duration::from_millis(500);

impl Meter {
    /// Why the default total cannot be trusted when it did not move at all over a window
    /// of many counter updates: "0 J ± 0 J (measured)" would be a silent, false zero.
    fn stuck_counter(
        &self,
        energy: &BTreeMap<Domain, f64>,
        window: Option<Duration>,
    ) -> Option<String> {
        let window = window?;
        let total = default_total(energy.iter().map(|(d, j)| (d, *j)))?;
        if total != 0.0 || window < STUCK_AFTER {
            return None;
        }
        let sources: Vec<String> = self
            .sensor
            .info()
            .domains
            .iter()
            .filter(|d| energy.get(&d.domain) == Some(&0.0))
            .map(|d| d.source.clone())
            .collect();
        Some(format!(
            "the energy counter did not move in {:.2} s ({}): a stuck or unreadable counter, \
             not 0 J",
            window.as_secs_f64(),
            sources.join(", ")
        ))
    }
}

/// Average power of the default total between two samples.
fn power_between(a: &Sample, b: &Sample) -> Option<f64> {
    let dt = b.at.checked_duration_since(a.at)?.as_secs_f64();
    if dt <= 0.0 {
        return None;
    }
    Some((b.total()? - a.total()?) / dt)
}
