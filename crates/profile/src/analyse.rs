//! From recorded runs to a [`Profile`]: energy per sample, stacks folded, functions
//! and phases summed, runs merged with their spread.

use crate::attribute::{split_measured, split_modelled, Interval, Split, Weighed};
use crate::phases::PhaseMarks;
use crate::profile::{Function, Phase, Profile, RunFigures, Stack};
use crate::record::Recorded;
use crate::symbols::Symbols;
use joulebench_model::stats::Summary;
use joulebench_sensors::Domain;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// How energy is turned into per-sample figures.
#[derive(Clone, Debug)]
pub enum Energy {
    /// A counter's timeline, minus each domain's idle power (W; empty: not measured).
    Measured {
        /// Idle watts per domain.
        idle_w: BTreeMap<Domain, f64>,
    },
    /// The estimate model.
    Modelled {
        /// Dynamic watts of one busy CPU.
        busy_w_per_cpu: f64,
        /// Idle watts of the machine.
        idle_w: f64,
    },
}

/// What the analysis needs besides the runs.
pub struct Context<'a> {
    /// Energy rule.
    pub energy: &'a Energy,
    /// CPU -> package (socket).
    pub packages: &'a HashMap<u32, u32>,
    /// Where JIT perf maps are.
    pub perf_map_dir: &'a Path,
    /// Whose perf maps are believed.
    pub perf_map_owner: u32,
}

/// One run, analysed.
pub struct RunAnalysis {
    /// Its figures.
    pub figures: RunFigures,
    /// Folded stack -> (dynamic J, CPU ns, samples).
    pub folded: HashMap<Vec<String>, (f64, u64, u64)>,
    /// Phase name -> (dynamic J, seconds), in opening order.
    pub phases: Vec<(String, f64, f64)>,
    /// Frames resolved and not.
    pub frames: (u64, u64),
    /// Phase lines ignored.
    pub phase_lines_ignored: u64,
}

/// Analyse one recorded run.
pub fn analyse_run(rec: &Recorded, cx: &Context<'_>) -> RunAnalysis {
    let samples = &rec.drained.samples;
    let weighed: Vec<Weighed> = samples
        .iter()
        .map(|s| Weighed {
            time_ns: s.time_ns,
            package: cx.packages.get(&s.cpu).copied(),
            period_ns: s.period_ns,
        })
        .collect();
    let wall_s = rec.end_ns.saturating_sub(rec.start_ns) as f64 / 1e9;
    let split = match cx.energy {
        Energy::Measured { idle_w } => split_measured(&weighed, &rec.intervals, idle_w),
        Energy::Modelled {
            busy_w_per_cpu,
            idle_w,
        } => split_modelled(&weighed, *busy_w_per_cpu, *idle_w, wall_s),
    };
    let mut symbols = Symbols::new(
        &rec.drained.mappings,
        &rec.drained.comms,
        cx.perf_map_dir,
        cx.perf_map_owner,
    );
    let stacks = symbols.stacks(samples);
    let mut folded: HashMap<Vec<String>, (f64, u64, u64)> = HashMap::new();
    for ((frames, s), j) in stacks.into_iter().zip(samples).zip(&split.per_sample) {
        let e = folded.entry(frames).or_default();
        e.0 += j;
        e.1 += s.period_ns;
        e.2 += 1;
    }
    let phases = phase_energy(rec, cx.energy, &weighed, &split);
    RunAnalysis {
        figures: RunFigures {
            wall_s,
            cpu_s: rec.cpu.as_secs_f64(),
            gross_j: split.gross,
            idle_j: split.idle,
            dynamic_j: split.dynamic,
            unattributed_j: split.unattributed,
            samples: samples.len() as u64,
            lost: rec.drained.lost,
            exit_code: rec.exit_code,
        },
        folded,
        phases,
        frames: (symbols.known_frames, symbols.unknown_frames),
        phase_lines_ignored: rec.marks.ignored,
    }
}

/// The phases' windows: from each mark to the next, the last to the run's end; the
/// time before the first mark is a phase of its own, so that the phases add up to the
/// run.
fn windows(marks: &PhaseMarks, start_ns: u64, end_ns: u64) -> Vec<(String, u64, u64)> {
    if marks.marks.is_empty() {
        return Vec::new();
    }
    let mut w = Vec::new();
    let first = marks.marks[0].0.max(start_ns);
    if first > start_ns {
        w.push(("(before the first phase)".to_string(), start_ns, first));
    }
    for (i, (at, name)) in marks.marks.iter().enumerate() {
        let from = (*at).clamp(start_ns, end_ns);
        let to = marks
            .marks
            .get(i + 1)
            .map_or(end_ns, |m| m.0)
            .clamp(from, end_ns);
        w.push((name.clone(), from, to));
    }
    w
}

/// Dynamic energy per phase. Measured: each interval's dynamic energy by its overlap
/// with the phase (a phase is a time window: what the machine spent above idle then,
/// sampled or not). Modelled: the samples that fell in it.
fn phase_energy(
    rec: &Recorded,
    energy: &Energy,
    weighed: &[Weighed],
    split: &Split,
) -> Vec<(String, f64, f64)> {
    let windows = windows(&rec.marks, rec.start_ns, rec.end_ns);
    let mut out: Vec<(String, f64, f64)> = Vec::new();
    for (name, from, to) in windows {
        let joules = match energy {
            Energy::Measured { idle_w } => rec
                .intervals
                .iter()
                .map(|iv| overlap_dynamic(iv, idle_w, from, to))
                .sum(),
            Energy::Modelled { .. } => weighed
                .iter()
                .zip(&split.per_sample)
                .filter(|(s, _)| s.time_ns > from && s.time_ns <= to)
                .map(|(_, j)| j)
                .sum(),
        };
        let secs = (to - from) as f64 / 1e9;
        match out.iter_mut().find(|p| p.0 == name) {
            Some(p) => {
                p.1 += joules;
                p.2 += secs;
            }
            None => out.push((name, joules, secs)),
        }
    }
    out
}

/// The dynamic energy of `iv` that falls in [from, to), by time overlap.
fn overlap_dynamic(iv: &Interval, idle_w: &BTreeMap<Domain, f64>, from: u64, to: u64) -> f64 {
    let len = iv.end_ns.saturating_sub(iv.start_ns);
    if len == 0 {
        return 0.0;
    }
    let lo = iv.start_ns.max(from);
    let hi = iv.end_ns.min(to);
    if hi <= lo {
        return 0.0;
    }
    let dt = len as f64 / 1e9;
    let dynamic: f64 = iv
        .joules
        .iter()
        .filter(|(d, _)| d.in_default_total())
        .map(|(d, j)| j - idle_w.get(d).copied().unwrap_or(0.0) * dt)
        .sum();
    dynamic * (hi - lo) as f64 / len as f64
}

/// The header of a profile: what it is of and where its energy comes from.
pub struct Header {
    /// The command.
    pub command: String,
    /// Sensor name.
    pub sensor: String,
    /// Measured or estimated.
    pub provenance: joulebench_sensors::Provenance,
    /// The model, if estimated.
    pub model: Option<String>,
    /// Samples per second.
    pub frequency: u64,
    /// fp or dwarf.
    pub call_graph: String,
    /// Idle watts (total), if known.
    pub idle_watts: Option<f64>,
}

/// Merge analysed runs into one profile: means per run, spread over runs.
pub fn merge(header: Header, runs: Vec<RunAnalysis>) -> Profile {
    let n = runs.len().max(1) as f64;
    let mut folded: HashMap<Vec<String>, (f64, u64, u64)> = HashMap::new();
    for r in &runs {
        for (k, v) in &r.folded {
            let e = folded.entry(k.clone()).or_default();
            e.0 += v.0;
            e.1 += v.1;
            e.2 += v.2;
        }
    }
    let mut stacks: Vec<Stack> = folded
        .into_iter()
        .map(|(frames, (j, ns, count))| Stack {
            frames,
            energy_j: j / n,
            time_s: ns as f64 / 1e9 / n,
            samples: count,
        })
        .collect();
    stacks.sort_by(|a, b| {
        b.energy_j
            .total_cmp(&a.energy_j)
            .then(a.frames.cmp(&b.frames))
    });
    let functions = functions(&stacks, &runs);
    let phases = phases(&runs);
    let mut warnings = warnings(&runs, &header);
    warnings.extend(interpreter_hint(&stacks));
    Profile {
        command: header.command,
        sensor: header.sensor,
        provenance: header.provenance,
        model: header.model,
        frequency: header.frequency,
        call_graph: header.call_graph,
        idle_watts: header.idle_watts,
        runs: runs.into_iter().map(|r| r.figures).collect(),
        stacks,
        functions,
        phases,
        warnings,
        interrupted: None,
    }
}

/// Self and total figures per function, from the merged stacks; the spread of each
/// function's total over the runs.
fn functions(stacks: &[Stack], runs: &[RunAnalysis]) -> Vec<Function> {
    #[derive(Default)]
    struct Acc {
        self_j: f64,
        total_j: f64,
        self_s: f64,
        total_s: f64,
    }
    let mut acc: HashMap<&str, Acc> = HashMap::new();
    let (all_j, all_s): (f64, f64) = stacks
        .iter()
        .fold((0.0, 0.0), |(j, s), st| (j + st.energy_j, s + st.time_s));
    for st in stacks {
        // Skip the root (the process name): it is on every stack of that process.
        let frames = &st.frames[1.min(st.frames.len())..];
        let mut seen: Vec<&str> = Vec::new();
        for f in frames {
            if !seen.contains(&f.as_str()) {
                seen.push(f);
                let a = acc.entry(f).or_default();
                a.total_j += st.energy_j;
                a.total_s += st.time_s;
            }
        }
        if let Some(leaf) = frames.last() {
            let a = acc.entry(leaf).or_default();
            a.self_j += st.energy_j;
            a.self_s += st.time_s;
        }
    }
    let per_run_total = |name: &str| -> Option<Summary> {
        let v: Vec<f64> = runs
            .iter()
            .map(|r| {
                r.folded
                    .iter()
                    .filter(|(k, _)| k.iter().skip(1).any(|f| f == name))
                    .map(|(_, v)| v.0)
                    .sum()
            })
            .collect();
        Summary::of(&v)
    };
    let mut out: Vec<Function> = acc
        .into_iter()
        .map(|(name, a)| Function {
            name: name.to_string(),
            self_j: a.self_j,
            total_j: a.total_j,
            self_s: a.self_s,
            total_s: a.total_s,
            energy_share: if all_j > 0.0 { a.total_j / all_j } else { 0.0 },
            time_share: if all_s > 0.0 { a.total_s / all_s } else { 0.0 },
            watts: (a.total_s > 0.0).then(|| a.total_j / a.total_s),
            total_over_runs: None,
        })
        .collect();
    // Hot functions first (perf report --no-children): the callers' totals (main,
    // the runtime's entry points) are on every stack and would fill the top.
    out.sort_by(|a, b| {
        b.self_j
            .total_cmp(&a.self_j)
            .then(b.total_j.total_cmp(&a.total_j))
            .then(a.name.cmp(&b.name))
    });
    // The spread is worth its cost only for the functions anyone reads.
    for f in out.iter_mut().take(50) {
        f.total_over_runs = per_run_total(&f.name);
    }
    out
}

/// Each phase's energy over the runs (a run without the phase counts 0 J: it spent
/// nothing in it).
fn phases(runs: &[RunAnalysis]) -> Vec<Phase> {
    let mut names: Vec<String> = Vec::new();
    for r in runs {
        for p in &r.phases {
            if !names.contains(&p.0) {
                names.push(p.0.clone());
            }
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let of = |r: &RunAnalysis, i: usize| -> f64 {
                r.phases
                    .iter()
                    .find(|p| p.0 == name)
                    .map_or(0.0, |p| if i == 0 { p.1 } else { p.2 })
            };
            let joules: Vec<f64> = runs.iter().map(|r| of(r, 0)).collect();
            let secs: f64 = runs.iter().map(|r| of(r, 1)).sum::<f64>() / runs.len().max(1) as f64;
            let energy = Summary::of(&joules)?;
            Some(Phase {
                name,
                energy,
                seconds: secs,
            })
        })
        .collect()
}

/// What the user should know about the runs' quality.
fn warnings(runs: &[RunAnalysis], header: &Header) -> Vec<String> {
    let mut w = Vec::new();
    let samples: u64 = runs.iter().map(|r| r.figures.samples).sum();
    let lost: u64 = runs.iter().map(|r| r.figures.lost).sum();
    if lost > 0 {
        w.push(format!(
            "the kernel lost {lost} sample(s) ({:.1} %): the machine was too busy to keep up; \
             lower --frequency",
            100.0 * lost as f64 / (samples + lost).max(1) as f64
        ));
    }
    let (known, unknown): (u64, u64) = runs
        .iter()
        .fold((0, 0), |(k, u), r| (k + r.frames.0, u + r.frames.1));
    if unknown > 0 && unknown * 5 > known + unknown {
        w.push(format!(
            "{unknown} of {} frames have no symbol: a stripped binary or JIT code without a \
             perf map (node --perf-basic-prof, python3 -X perf on 3.12+)",
            known + unknown
        ));
    }
    let ignored: u64 = runs.iter().map(|r| r.phase_lines_ignored).sum();
    if ignored > 0 {
        w.push(format!(
            "{ignored} line(s) on the phase channel were not `phase NAME` marks (or beyond \
             the limits) and were ignored"
        ));
    }
    if header.provenance == joulebench_sensors::Provenance::Estimated {
        w.push(
            "ESTIMATED: no energy counter here; the model gives each sample its CPU time \
             times a busy CPU's watts, so energy shares equal time shares"
                .to_string(),
        );
    }
    w
}

/// CPython below 3.12 (or without `-X perf`) shows its own evaluation loop, not the
/// Python functions: say so, and how to get them.
fn interpreter_hint(stacks: &[Stack]) -> Option<String> {
    let total: u64 = stacks.iter().map(|s| s.samples).sum();
    let on = |pred: &dyn Fn(&str) -> bool| -> u64 {
        stacks
            .iter()
            .filter(|s| s.frames.iter().any(|f| pred(f)))
            .map(|s| s.samples)
            .sum()
    };
    let eval = on(&|f| f.starts_with("_PyEval_EvalFrame"));
    let python_frames = on(&|f| f.starts_with("py::"));
    (total > 0 && eval * 5 >= total && python_frames * 20 < total).then(|| {
        "the frames are CPython's own (_PyEval_EvalFrameDefault...), not the Python \
         functions: Python before 3.12 cannot name them. With Python 3.12+ run \
         `python3 -X perf ...` (it writes /tmp/perf-PID.map, which is read here) and \
         profile with `--call-graph dwarf` unless the interpreter keeps frame pointers \
         (built with -fno-omit-frame-pointer, as Fedora and Ubuntu 24.04 build theirs)"
            .to_string()
    })
}

/// Whether the stacks have lost their callers (no frame pointers): in most samples the
/// leaf is all there is, or the walk above it ran into an address no file maps (a
/// register that was never a frame pointer), so the outermost frame is `[unknown]`
/// where a whole stack starts in the C runtime (`_start`, `__libc_start_call_main`).
pub fn shallow_stacks(p: &Profile) -> bool {
    let total: u64 = p.stacks.iter().map(|s| s.samples).sum();
    let shallow: u64 = p
        .stacks
        .iter()
        .filter(|s| s.frames.len() <= 2 || s.frames[1] == "[unknown]")
        .map(|s| s.samples)
        .sum();
    total >= 20 && shallow * 10 >= total * 9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_windows_cover_the_run_and_start_with_what_came_before() {
        let marks = PhaseMarks {
            marks: vec![(150, "a".into()), (300, "b".into()), (600, "a".into())],
            ignored: 0,
        };
        let w = windows(&marks, 100, 1000);
        assert_eq!(
            w,
            vec![
                ("(before the first phase)".to_string(), 100, 150),
                ("a".to_string(), 150, 300),
                ("b".to_string(), 300, 600),
                ("a".to_string(), 600, 1000),
            ]
        );
        assert!(windows(&PhaseMarks::default(), 0, 10).is_empty());
    }

    #[test]
    fn overlap_takes_the_part_of_an_interval_inside_the_window() {
        let iv = Interval {
            start_ns: 0,
            end_ns: 1_000_000_000,
            joules: BTreeMap::from([(
                Domain::new(joulebench_sensors::DomainKind::Package, 0),
                30.0,
            )]),
        };
        let idle = BTreeMap::from([(
            Domain::new(joulebench_sensors::DomainKind::Package, 0),
            10.0,
        )]);
        let j = overlap_dynamic(&iv, &idle, 250_000_000, 750_000_000);
        assert!((j - 10.0).abs() < 1e-9, "{j}");
    }
}
