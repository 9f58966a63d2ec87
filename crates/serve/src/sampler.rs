//! The sampler: reads the sensor, scans the processes, attributes, publishes.
//!
//! The sensor is read every `min(--interval, 0.8 × the sensor's wrap-safe interval)`
//! (RAPL counters of a small range must be read often to catch every wrap; host energy
//! counters are refreshed at each read); processes are scanned and energy attributed once
//! per `--interval`.
//!
//! # Idle power ([`IdleRule`])
//!
//! 1. `--idle-watts W` when given;
//! 2. else, on the `estimate` sensor, the model's idle power (every vCPU idle, plus
//!    memory): the estimate's dynamic part is then exactly the CPU-utilisation term;
//! 3. else (measured counters), the lowest interval power seen so far
//!    (`min-observed`): it starts at the first interval's power (nothing is dynamic
//!    then) and only goes down, towards the machine's real floor.

use crate::attribution::{AttributionConfig, Attributor, Interval, Split};
use crate::procfs::Scanner;
use crate::snapshot::{HostSeries, Shared};
use crate::Config;
use joulebench_sensors::{default_total, Domain, EstimateModel, Sample, Sensor};
use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Where messages for the user go (the library does not print).
pub type Logger = Arc<dyn Fn(&str) + Send + Sync>;

/// How idle power is chosen; see the module docs.
#[derive(Clone, Debug, PartialEq)]
pub enum IdleRule {
    /// `--idle-watts`.
    Flag(f64),
    /// The estimate model's idle power.
    Model(f64),
    /// The lowest interval power seen so far (none yet: 0).
    MinObserved(Option<f64>),
}

impl IdleRule {
    /// The flag if given, else the model's idle power if the sensor is an estimate,
    /// else the minimum observed.
    pub fn choose(flag: Option<f64>, model: Option<&EstimateModel>) -> Self {
        match (flag, model) {
            (Some(w), _) => IdleRule::Flag(w),
            (None, Some(m)) => IdleRule::Model(m.idle_power_watts()),
            (None, None) => IdleRule::MinObserved(None),
        }
    }

    /// Take one interval's host power into account (only `MinObserved` learns).
    pub fn observe(&mut self, watts: f64) {
        if let IdleRule::MinObserved(min) = self {
            if watts.is_finite() && watts >= 0.0 {
                *min = Some(min.map_or(watts, |m| m.min(watts)));
            }
        }
    }

    /// Idle power now, watts.
    pub fn watts(&self) -> f64 {
        match self {
            IdleRule::Flag(w) | IdleRule::Model(w) => *w,
            IdleRule::MinObserved(m) => m.unwrap_or(0.0),
        }
    }

    /// `flag`, `model` or `min-observed` (the `source` label).
    pub fn source(&self) -> &'static str {
        match self {
            IdleRule::Flag(_) => "flag",
            IdleRule::Model(_) => "model",
            IdleRule::MinObserved(_) => "min-observed",
        }
    }
}

/// Reads, scans and attributes; owns the sensor.
pub struct Sampler {
    sensor: Box<dyn Sensor>,
    scanner: Scanner,
    attributor: Attributor,
    idle: IdleRule,
    shared: Arc<Shared>,
    started: Instant,
    base: Option<Sample>,
    last: Option<Sample>,
    watts: BTreeMap<Domain, f64>,
    sensor_errors: u64,
    last_error: Option<String>,
    log: Logger,
    sensor_period: Duration,
    steps_per_interval: u32,
}

impl Sampler {
    /// A sampler of `sensor` publishing into `shared`.
    pub fn new(sensor: Box<dyn Sensor>, cfg: &Config, shared: Arc<Shared>, log: Logger) -> Self {
        let idle = IdleRule::choose(cfg.idle_watts, sensor.info().power_model.as_ref());
        let (sensor_period, steps_per_interval) = periods(cfg.interval, sensor.info().max_interval);
        let attribution = AttributionConfig {
            top: cfg.top,
            grace: cfg.grace,
            ..AttributionConfig::default()
        };
        Sampler {
            sensor,
            scanner: Scanner::new(&cfg.procfs),
            attributor: Attributor::new(attribution),
            idle,
            shared,
            started: Instant::now(),
            base: None,
            last: None,
            watts: BTreeMap::new(),
            sensor_errors: 0,
            last_error: None,
            log,
            sensor_period,
            steps_per_interval,
        }
    }

    /// How often the sensor is read.
    pub fn sensor_period(&self) -> Duration {
        self.sensor_period
    }

    /// Sensor reads per attribution step.
    pub fn steps_per_interval(&self) -> u32 {
        self.steps_per_interval
    }

    /// The idle rule in force.
    pub fn idle_rule(&self) -> &IdleRule {
        &self.idle
    }

    fn note_error(&mut self, msg: String) {
        if self.last_error.as_deref() != Some(msg.as_str()) {
            (self.log)(&msg);
            self.last_error = Some(msg);
        }
    }

    fn read_sensor(&mut self) -> Option<Sample> {
        let r = self.sensor.sample();
        for w in self.sensor.take_warnings() {
            (self.log)(&w);
        }
        match r {
            Ok(s) => Some(s),
            Err(e) => {
                self.sensor_errors += 1;
                self.note_error(format!("sensor read failed: {e}"));
                None
            }
        }
    }

    fn host_series(&self, sample: &Sample) -> Vec<HostSeries> {
        let base = self.base.as_ref();
        sample
            .energy
            .iter()
            .map(|(d, j)| {
                let b = base.and_then(|b| b.energy.get(d)).copied().unwrap_or(*j);
                HostSeries {
                    domain: d.kind.as_str(),
                    socket: d.index.to_string(),
                    joules: (j - b).max(0.0),
                    watts: self.watts.get(d).copied().unwrap_or(0.0),
                }
            })
            .collect()
    }

    /// Read the sensor and refresh the host energy counters only.
    pub fn tick(&mut self) {
        if self.base.is_none() {
            self.step();
            return;
        }
        if let Some(s) = self.read_sensor() {
            let host = self.host_series(&s);
            self.shared.lock().host = host;
        }
    }

    /// One attribution step: read the sensor, scan, split the interval since the last
    /// step, publish. The first step only records where everything starts. Returns the
    /// split (`None` for the first step and when the sensor failed).
    pub fn step(&mut self) -> Option<Split> {
        let t0 = Instant::now();
        let sample = self.read_sensor()?;
        let procs = match self.scanner.scan() {
            Ok(p) => p,
            Err(e) => {
                self.note_error(e.to_string());
                Vec::new()
            }
        };
        let now = sample.at.saturating_duration_since(self.started);
        let split = match &self.last {
            None => {
                self.base = Some(sample.clone());
                let iv = Interval {
                    now,
                    dt: 0.0,
                    host_joules: 0.0,
                    idle_watts: self.idle.watts(),
                    processes: &procs,
                };
                self.attributor.step(&iv);
                None
            }
            Some(last) => {
                let dt = sample.at.saturating_duration_since(last.at).as_secs_f64();
                let deltas: BTreeMap<Domain, f64> = sample
                    .energy
                    .iter()
                    .map(|(d, j)| (*d, j - last.energy.get(d).copied().unwrap_or(*j)))
                    .collect();
                let host = default_total(deltas.iter().map(|(d, j)| (d, *j))).unwrap_or(0.0);
                if dt > 0.0 {
                    self.watts = deltas.iter().map(|(d, j)| (*d, j / dt)).collect();
                    self.idle.observe(host / dt);
                }
                let iv = Interval {
                    now,
                    dt,
                    host_joules: host,
                    idle_watts: self.idle.watts(),
                    processes: &procs,
                };
                Some(self.attributor.step(&iv))
            }
        };
        let host = self.host_series(&sample);
        let processes = self.attributor.process_series();
        let cgroups = self.attributor.cgroup_series();
        let took = t0.elapsed().as_secs_f64();
        {
            let mut s = self.shared.lock();
            s.host = host;
            s.processes = processes;
            s.cgroups = cgroups;
            s.idle_watts = self.idle.watts();
            s.idle_source = self.idle.source();
            s.sample_seconds = took;
            s.process_count = procs.len();
            s.sensor_errors = self.sensor_errors;
            s.process_errors = self.scanner.errors();
        }
        self.shared.touch();
        self.last = Some(sample);
        split
    }

    /// Sample until `stop` receives a message or its sender is dropped.
    pub fn run(mut self, stop: Receiver<()>) {
        let steps = self.steps_per_interval.max(1);
        let mut next = Instant::now();
        let mut i: u32 = 0;
        loop {
            next += self.sensor_period;
            let now = Instant::now();
            if next < now {
                // Fell behind (a suspended machine, an overloaded one): do not race to
                // catch up.
                next = now;
            }
            match stop.recv_timeout(next.saturating_duration_since(now)) {
                Err(RecvTimeoutError::Timeout) => {}
                _ => return,
            }
            i = (i + 1) % steps;
            if i == 0 {
                self.step();
            } else {
                self.tick();
            }
        }
    }
}

/// The sensor period and the number of sensor reads per interval: the interval split
/// into equal parts no longer than 0.8 × `max_interval` (10 ms at least).
pub fn periods(interval: Duration, max_interval: Option<Duration>) -> (Duration, u32) {
    let interval = interval.max(Duration::from_millis(10));
    let Some(max) = max_interval else {
        return (interval, 1);
    };
    let safe = max.mul_f64(0.8).max(Duration::from_millis(10));
    if interval <= safe {
        return (interval, 1);
    }
    let n = (interval.as_secs_f64() / safe.as_secs_f64()).ceil();
    let n = if (1.0..1e6).contains(&n) { n as u32 } else { 1 };
    (interval / n, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_respect_the_wrap_safe_interval() {
        let s = Duration::from_secs;
        let ms = Duration::from_millis;
        assert_eq!(periods(s(1), None), (s(1), 1));
        assert_eq!(periods(s(1), Some(s(60))), (s(1), 1));
        // 40 ms safe → 32 ms usable → 1 s in 32 parts of 31.25 ms.
        let (p, n) = periods(s(1), Some(ms(40)));
        assert_eq!(n, 32);
        assert!(p <= ms(32) && p * n == s(1), "{p:?}");
        assert_eq!(periods(ms(1), None), (ms(10), 1));
    }

    #[test]
    fn idle_rule_choice_and_learning() {
        let m = joulebench_sensors::EstimateModel::from_parts(
            "AMD EPYC 7571",
            4,
            10.0,
            &Default::default(),
        );
        assert_eq!(IdleRule::choose(Some(5.0), Some(&m)), IdleRule::Flag(5.0));
        assert_eq!(IdleRule::choose(None, Some(&m)).source(), "model");
        assert!((IdleRule::choose(None, Some(&m)).watts() - 7.2).abs() < 1e-9);
        let mut r = IdleRule::choose(None, None);
        assert_eq!(r.watts(), 0.0);
        r.observe(50.0);
        r.observe(f64::NAN);
        r.observe(40.0);
        r.observe(60.0);
        assert_eq!(r.watts(), 40.0);
        assert_eq!(r.source(), "min-observed");
        let mut f = IdleRule::Flag(3.0);
        f.observe(1.0);
        assert_eq!(f.watts(), 3.0);
    }
}
