//! The meter: one sensor, read around one measured process tree, and during it only as
//! often as its power timeline or its counters' wrap safety need.

use crate::child::Running;
use crate::error::ProcessError;
use crate::launcher;
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
    /// How often to read the sensor during a run; None: only at its start and end.
    interval: Option<Duration>,
    /// Whether the readings during a run make a power timeline.
    timeline: bool,
    /// The launchers of the benchmarks measured, kept between their runs.
    launchers: launcher::Pool,
}

/// How often the idle baseline reads the sensor when no timeline rate was asked for:
/// its spread (the noise warning) needs readings during it.
const BASELINE_INTERVAL: Duration = Duration::from_millis(100);

/// The longest a run is waited for without looking at the stop flag. A signal usually
/// cuts the wait short at once (it interrupts the wait on the launcher's pipe); this
/// bounds the delay when another thread (a progress bar's) took the signal instead.
const STOP_CHECK: Duration = Duration::from_millis(250);

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
    /// `hz`: the power timeline's readings per second; 0 (or less): no timeline, the
    /// sensor is read at the start and the end of each run only, and in between only as
    /// often as counters that wrap need (64-bit counters: never).
    pub fn new(sensor: Box<dyn Sensor>, attribution: Option<Attribution>, hz: f64) -> Meter {
        let timeline = hz > 0.0 && hz.is_finite();
        let wrap_safe = sensor.info().max_interval;
        let interval = if timeline {
            let every = Duration::from_secs_f64(1.0 / hz.max(0.001));
            // Never slower than the counters' wrap-safe interval.
            Some(wrap_safe.map_or(every, |max| every.min(max)))
        } else if attribution.is_some() {
            // The model attributes the energy from CPU and wall time: no reading during
            // the run changes it.
            None
        } else {
            wrap_safe
        };
        Meter {
            sensor,
            attribution,
            interval,
            timeline,
            launchers: launcher::Pool::default(),
        }
    }

    /// How often the sensor is read during a run (None: only at its start and end).
    pub fn interval(&self) -> Option<Duration> {
        self.interval
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
        let every = self.interval.unwrap_or(BASELINE_INTERVAL);
        while Instant::now() < end && stop.load(Ordering::Relaxed) == 0 {
            let left = end.saturating_duration_since(Instant::now());
            std::thread::sleep(every.min(left));
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
        let prepared = Running::prepare(spawn, &mut self.launchers)?;
        let first = self.sensor.sample()?;
        let dropped_before = self.sensor.dropped_samples();
        let resets_before = self.sensor.resets();
        let mut proc = prepared.go()?;
        let started = proc.started();
        let During {
            exit,
            ended,
            prev,
            mut timeline,
            timed_out,
            interrupted,
            mut warnings,
        } = self.sample_during(&mut proc, &first, timeout, stop)?;
        if let Some(l) = proc.into_launcher() {
            self.launchers.put(l);
        }
        let wall = ended.duration_since(started);
        let last = match self.sensor.sample() {
            Ok(s) => Some(s),
            Err(e) => {
                warnings.push(format!("sensor error at the end of the run: {e}"));
                None
            }
        };
        if let Some(s) = &last {
            if self.timeline {
                timeline.extend(timeline_point(&prev, s, started));
            }
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

    /// Read the sensor every `self.interval` while `proc` runs (not at all when None),
    /// until it ends, or until the timeout or `stop` makes us stop its whole group. The
    /// readings keep to a fixed schedule from the start, so that the rate is the one
    /// asked for, and the only wake-ups are those readings, the timeout and the stop
    /// check.
    fn sample_during(
        &mut self,
        proc: &mut Running,
        first: &Sample,
        timeout: Option<Duration>,
        stop: &StopFlag,
    ) -> Result<During, MeterError> {
        let started = proc.started();
        let deadline = timeout.map(|t| started + t);
        let mut next = self.interval.map(|i| started + i);
        let mut readings = Readings::new(first.clone());
        let mut timed_out = false;
        let mut interrupted = None;
        let (exit, ended) = loop {
            let wake = [next, deadline]
                .into_iter()
                .flatten()
                .fold(Instant::now() + STOP_CHECK, Instant::min);
            let wait = wake.saturating_duration_since(Instant::now());
            if let Some(done) = proc.wait_timeout(wait)? {
                break done;
            }
            let sig = stop.load(Ordering::Relaxed);
            if sig != 0 {
                interrupted = Some(sig as i32);
                break proc.kill_group(Duration::from_millis(500))?;
            }
            let now = Instant::now();
            if deadline.is_some_and(|d| now >= d) {
                timed_out = true;
                break proc.kill_group(Duration::from_millis(500))?;
            }
            if let (Some(due), Some(every)) = (next, self.interval) {
                if now >= due {
                    readings.take(self.sensor.as_mut(), self.timeline, started);
                    // Behind schedule (a loaded machine): the next reading is one
                    // interval from now, not a burst to catch up.
                    next = Some((due + every).max(now));
                }
            }
        };
        Ok(During {
            exit,
            ended,
            prev: readings.prev,
            timeline: readings.timeline,
            timed_out,
            interrupted,
            warnings: readings.warnings,
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

/// The readings taken during a run.
struct Readings {
    /// The last one (the first reading when none was taken).
    prev: Sample,
    timeline: Vec<PowerSample>,
    warnings: Vec<String>,
    sensor_failed: bool,
}

impl Readings {
    fn new(first: Sample) -> Readings {
        Readings {
            prev: first,
            timeline: Vec::new(),
            warnings: Vec::new(),
            sensor_failed: false,
        }
    }

    /// Read `sensor` now; a point of the timeline when `timeline`. A failed reading is
    /// a warning, once per run.
    fn take(&mut self, sensor: &mut dyn Sensor, timeline: bool, started: Instant) {
        match sensor.sample() {
            Ok(s) => {
                if timeline {
                    self.timeline
                        .extend(timeline_point(&self.prev, &s, started));
                }
                self.prev = s;
            }
            Err(e) if !self.sensor_failed => {
                self.sensor_failed = true;
                self.warnings
                    .push(format!("sensor error during the run: {e}"));
            }
            Err(_) => {}
        }
    }
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
