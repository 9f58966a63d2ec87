//! Splitting each interval's host energy between processes and idle ([`Attributor`] has
//! the rule).

use crate::cgroup::{CgroupInfo, CgroupKind};
use crate::procfs::{ProcKey, ProcSample};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// How many series, for how long.
#[derive(Clone, Debug, PartialEq)]
pub struct AttributionConfig {
    /// Processes shown with their own series (`--top`).
    pub top: usize,
    /// How long the series of an exited process (and of a cgroup with no process left)
    /// stays (`--grace`).
    pub grace: Duration,
    /// Half-life of the recent-energy score that ranks processes.
    pub half_life: Duration,
}

impl Default for AttributionConfig {
    fn default() -> Self {
        AttributionConfig {
            top: 20,
            grace: Duration::from_secs(60),
            half_life: Duration::from_secs(60),
        }
    }
}

/// One interval's inputs.
#[derive(Clone, Copy, Debug)]
pub struct Interval<'a> {
    /// Time since the exporter started, at the end of the interval.
    pub now: Duration,
    /// Length of the interval, seconds.
    pub dt: f64,
    /// Host energy of the interval, joules.
    pub host_joules: f64,
    /// Idle power, watts.
    pub idle_watts: f64,
    /// Every process, as scanned at the end of the interval.
    pub processes: &'a [ProcSample],
}

/// How one interval was split.
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    /// Host energy of the interval (negative or non-finite input counts as 0).
    pub host: f64,
    /// Joules given to `idle` (idle power and unattributed energy).
    pub idle: f64,
    /// Joules given to each process that used CPU.
    pub processes: Vec<(ProcKey, f64)>,
}

/// One process series, labels escaped for the text format.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessSeries {
    /// A pid, `other` or `idle`.
    pub pid: String,
    /// Command name (empty for `other` and `idle`).
    pub comm: String,
    /// Container id, or empty.
    pub container: String,
    /// Counter value, joules.
    pub joules: f64,
}

/// One cgroup series, labels escaped.
#[derive(Clone, Debug, PartialEq)]
pub struct CgroupSeries {
    /// Slice name, container id or pod UID.
    pub cgroup: String,
    /// What it is.
    pub kind: CgroupKind,
    /// Counter value, joules.
    pub joules: f64,
}

#[derive(Debug)]
struct Tracked {
    comm: Arc<str>,
    cgroup: Arc<CgroupInfo>,
    cpu: u64,
    score: f64,
    shown_joules: f64,
    shown: bool,
    exited: Option<Duration>,
    generation: u64,
}

#[derive(Debug)]
struct CgroupEnergy {
    joules: f64,
    seen: Duration,
}

/// Keeps every process's counters between intervals.
///
/// # The rule
///
/// For every interval (of `--interval`, between two process scans):
///
/// ```text
/// host     = package + dram energy of the interval (psys where there is no package)
/// idle     = min(idle power × interval, host)            (see IdleRule in sampler)
/// dynamic  = host − idle
/// process  = dynamic × its CPU time in the interval / CPU time of all processes
/// idle series += host − Σ process                        (idle + unattributed)
/// ```
///
/// Idle power is never smeared over processes: a process that used no CPU gets nothing,
/// and when no process used CPU the whole interval goes to `idle`. Per-process energy
/// plus idle equals host energy for every interval.
///
/// # Bounded series
///
/// Processes are ranked by their recent energy (an exponentially decaying sum with a
/// half-life of [`AttributionConfig::half_life`]); the top N live processes with any
/// energy get their own series, the rest share `pid="other"`. An interval's energy of a
/// process goes to its own series when it is in the top N for that interval, to `other`
/// otherwise, so both counters only grow and nothing is counted twice. A process's own
/// counter holds only the energy it was shown with, so it resumes where it stopped when
/// the process re-enters the top N. A shown process that exits keeps its final value
/// for the grace period (so a scrape sees its last increment), at most N of them, most
/// recent first; then its series is dropped.
///
#[derive(Debug)]
pub struct Attributor {
    cfg: AttributionConfig,
    tracked: HashMap<ProcKey, Tracked>,
    /// Per kind (slice, container, pod): name → energy.
    cgroups: [HashMap<String, CgroupEnergy>; 3],
    other: f64,
    idle: f64,
    generation: u64,
}

impl Attributor {
    /// A fresh attributor: the first interval only records the processes' CPU times.
    pub fn new(cfg: AttributionConfig) -> Self {
        Attributor {
            cfg,
            tracked: HashMap::new(),
            cgroups: Default::default(),
            other: 0.0,
            idle: 0.0,
            generation: 0,
        }
    }

    /// Split one interval, update every counter, pick the shown processes.
    pub fn step(&mut self, iv: &Interval) -> Split {
        self.generation += 1;
        let gen = self.generation;
        let primed = gen > 1;
        let host = if iv.host_joules.is_finite() {
            iv.host_joules.max(0.0)
        } else {
            0.0
        };
        let idle_floor = if iv.idle_watts.is_finite() && iv.dt.is_finite() {
            (iv.idle_watts.max(0.0) * iv.dt.max(0.0)).min(host)
        } else {
            host
        };
        let dynamic = host - idle_floor;

        // CPU time of each process in the interval.
        let mut deltas: Vec<(ProcKey, u64)> = Vec::with_capacity(iv.processes.len());
        for p in iv.processes {
            let d = match self.tracked.entry(p.key) {
                Entry::Occupied(mut o) => {
                    let t = o.get_mut();
                    let d = p.cpu_ticks.saturating_sub(t.cpu);
                    t.cpu = p.cpu_ticks;
                    t.exited = None;
                    if !Arc::ptr_eq(&t.comm, &p.comm) {
                        t.comm = Arc::clone(&p.comm);
                    }
                    if !Arc::ptr_eq(&t.cgroup, &p.cgroup) {
                        t.cgroup = Arc::clone(&p.cgroup);
                    }
                    t.generation = gen;
                    d
                }
                Entry::Vacant(v) => {
                    v.insert(Tracked {
                        comm: Arc::clone(&p.comm),
                        cgroup: Arc::clone(&p.cgroup),
                        cpu: p.cpu_ticks,
                        score: 0.0,
                        shown_joules: 0.0,
                        shown: false,
                        exited: None,
                        generation: gen,
                    });
                    // Seen for the first time after the first scan: it started during
                    // the interval, so all its CPU time is the interval's.
                    if primed {
                        p.cpu_ticks
                    } else {
                        0
                    }
                }
            };
            if d > 0 {
                deltas.push((p.key, d));
            }
        }
        let total: u128 = deltas.iter().map(|(_, d)| u128::from(*d)).sum();
        let mut split = Split {
            host,
            idle: 0.0,
            processes: Vec::with_capacity(deltas.len()),
        };
        if total > 0 {
            let total = total as f64;
            for (k, d) in deltas {
                split.processes.push((k, dynamic * d as f64 / total));
            }
        }
        let attributed: f64 = split.processes.iter().map(|(_, e)| e).sum();
        split.idle = host - attributed;
        self.idle += split.idle;

        self.update_scores(iv, &split);
        self.select(iv.now, &split);
        self.update_cgroups(iv.now, &split);
        split
    }

    fn update_scores(&mut self, iv: &Interval, split: &Split) {
        let half = self.cfg.half_life.as_secs_f64();
        let decay = if half > 0.0 {
            0.5f64.powf(iv.dt.max(0.0) / half)
        } else {
            0.0
        };
        for t in self.tracked.values_mut() {
            t.score *= decay;
        }
        for (k, e) in &split.processes {
            if let Some(t) = self.tracked.get_mut(k) {
                t.score += e;
            }
        }
    }

    fn select(&mut self, now: Duration, split: &Split) {
        let gen = self.generation;
        // Rank the live processes that have any recent energy.
        let mut ranked: Vec<(f64, ProcKey)> = self
            .tracked
            .iter()
            .filter(|(_, t)| t.generation == gen && t.score > 0.0)
            .map(|(k, t)| (t.score, *k))
            .collect();
        let n = self.cfg.top.min(ranked.len());
        let by_score = |a: &(f64, ProcKey), b: &(f64, ProcKey)| {
            b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
        };
        if n < ranked.len() && n > 0 {
            ranked.select_nth_unstable_by(n - 1, by_score);
        }
        ranked.truncate(n);
        let top: std::collections::HashSet<ProcKey> = ranked.iter().map(|(_, k)| *k).collect();

        let energy: HashMap<ProcKey, f64> = split.processes.iter().copied().collect();
        let mut exited_shown: Vec<(Duration, ProcKey)> = Vec::new();
        let mut live_pids: std::collections::HashSet<u32> = std::collections::HashSet::new();
        for (k, t) in self.tracked.iter_mut() {
            if t.generation == gen {
                let e = energy.get(k).copied().unwrap_or(0.0);
                t.shown = top.contains(k);
                live_pids.insert(k.pid);
                if t.shown {
                    t.shown_joules += e;
                } else {
                    self.other += e;
                }
            } else {
                let since = *t.exited.get_or_insert(now);
                if t.shown && now.saturating_sub(since) < self.cfg.grace {
                    exited_shown.push((since, *k));
                }
            }
        }
        // Keep the N most recently exited shown processes; a pid reused by a live process
        // drops the old series (their labels could clash).
        exited_shown.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let keep: std::collections::HashSet<ProcKey> = exited_shown
            .iter()
            .filter(|(_, k)| !live_pids.contains(&k.pid))
            .take(self.cfg.top)
            .map(|(_, k)| *k)
            .collect();
        self.tracked
            .retain(|k, t| t.generation == gen || keep.contains(k));
    }

    fn update_cgroups(&mut self, now: Duration, split: &Split) {
        let gen = self.generation;
        for t in self.tracked.values() {
            if t.generation != gen {
                continue;
            }
            for (kind, name) in t.cgroup.groups() {
                let map = &mut self.cgroups[kind_index(kind)];
                match map.get_mut(name) {
                    Some(c) => c.seen = now,
                    None => {
                        map.insert(
                            name.to_string(),
                            CgroupEnergy {
                                joules: 0.0,
                                seen: now,
                            },
                        );
                    }
                }
            }
        }
        for (k, e) in &split.processes {
            let Some(t) = self.tracked.get(k) else {
                continue;
            };
            for (kind, name) in t.cgroup.groups() {
                if let Some(c) = self.cgroups[kind_index(kind)].get_mut(name) {
                    c.joules += e;
                }
            }
        }
        let grace = self.cfg.grace;
        for map in &mut self.cgroups {
            map.retain(|_, c| c.seen == now || now.saturating_sub(c.seen) < grace);
        }
    }

    /// Processes remembered (live ones and shown ones within their grace period).
    pub fn tracked(&self) -> usize {
        self.tracked.len()
    }

    /// The process series now: shown processes (by pid), then `other` and `idle`.
    pub fn process_series(&self) -> Vec<ProcessSeries> {
        let mut shown: Vec<(&ProcKey, &Tracked)> =
            self.tracked.iter().filter(|(_, t)| t.shown).collect();
        shown.sort_by_key(|(k, _)| **k);
        let mut out: Vec<ProcessSeries> = shown
            .into_iter()
            .map(|(k, t)| ProcessSeries {
                pid: k.pid.to_string(),
                comm: t.comm.to_string(),
                container: t.cgroup.container.clone().unwrap_or_default(),
                joules: t.shown_joules,
            })
            .collect();
        for (pid, joules) in [("other", self.other), ("idle", self.idle)] {
            out.push(ProcessSeries {
                pid: pid.into(),
                comm: String::new(),
                container: String::new(),
                joules,
            });
        }
        out
    }

    /// The cgroup series now, by kind and name.
    pub fn cgroup_series(&self) -> Vec<CgroupSeries> {
        let mut v: Vec<CgroupSeries> = KINDS
            .iter()
            .flat_map(|kind| {
                self.cgroups[kind_index(*kind)]
                    .iter()
                    .map(|(name, c)| CgroupSeries {
                        cgroup: name.clone(),
                        kind: *kind,
                        joules: c.joules,
                    })
            })
            .collect();
        v.sort_by(|a, b| (a.kind, &a.cgroup).cmp(&(b.kind, &b.cgroup)));
        v
    }
}

const KINDS: [CgroupKind; 3] = [CgroupKind::Slice, CgroupKind::Container, CgroupKind::Pod];

fn kind_index(kind: CgroupKind) -> usize {
    match kind {
        CgroupKind::Slice => 0,
        CgroupKind::Container => 1,
        CgroupKind::Pod => 2,
    }
}

#[cfg(test)]
mod tests;
