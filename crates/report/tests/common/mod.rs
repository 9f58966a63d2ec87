//! Hand-built, deterministic records for the snapshot tests.
#![allow(dead_code)]

use joulebench_model::carbon;
use joulebench_model::record::{Baseline, PowerSample, RunRecord, Session};
use joulebench_model::{Domain, DomainKind, Provenance};
use std::collections::BTreeMap;

/// A run of `cmd` with package and dram joules.
pub fn run(cmd: &str, index: u32, wall_s: f64, package: f64, dram: f64) -> RunRecord {
    let mut e = BTreeMap::new();
    e.insert(Domain::new(DomainKind::Package, 0), package);
    e.insert(Domain::new(DomainKind::Dram, 0), dram);
    e.insert(Domain::new(DomainKind::Core, 0), package * 0.7);
    RunRecord {
        command: cmd.to_string(),
        problem: None,
        language: None,
        parameters: Vec::new(),
        index,
        wall_s,
        user_s: wall_s * 0.9,
        system_s: wall_s * 0.05,
        peak_rss_bytes: Some(10_000_000 + u64::from(index) * 100_000),
        exit_code: Some(0),
        signal: None,
        timed_out: false,
        energy_j: e,
        energy_total_j: Some(package + dram),
        energy_net_j: Some(package + dram - 2.0 * wall_s),
        energy_window_s: None,
        provenance: Provenance::Measured,
        sensor: "rapl-powercap".into(),
        timeline: (0..5)
            .map(|k| PowerSample {
                t: wall_s * f64::from(k + 1) / 5.0,
                watts: (package + dram) / wall_s * (0.9 + 0.05 * f64::from(k)),
            })
            .collect(),
        warnings: Vec::new(),
        invalid: None,
    }
}

/// A session on a made-up machine, measured, with a baseline and the French grid.
pub fn session() -> Session {
    let machine = joulebench_model::machine::Machine {
        cpu: Some("Example CPU 3000 (8 cores)".into()),
        kernel: Some("6.1.0".into()),
        ..Default::default()
    };
    let mut notes = BTreeMap::new();
    notes.insert("toolchain.rustc".into(), "rustc 1.80.0".into());
    notes.insert("flags.c".into(), "-O2 -march=native".into());
    Session {
        tool_version: "0.1.0".into(),
        started: "2025-01-02T03:04:05Z".into(),
        machine,
        sensor: "rapl-powercap".into(),
        provenance: Some(Provenance::Measured),
        model: None,
        baseline: Some(Baseline {
            seconds: 2.0,
            mean_w: 2.0,
            stddev_w: 0.1,
        }),
        grid: carbon::region("FR"),
        functional_unit: None,
        reference: None,
        ranking: None,
        notes,
    }
}

/// Two commands, five runs each: `sleep 0.5` (little energy) and a busy python one.
pub fn two_commands() -> Vec<RunRecord> {
    let mut v = Vec::new();
    let sleep = [
        (0.502, 1.01),
        (0.501, 0.99),
        (0.503, 1.02),
        (0.500, 0.98),
        (0.502, 1.00),
    ];
    let py = [
        (0.251, 11.9),
        (0.249, 12.1),
        (0.250, 12.0),
        (0.252, 12.2),
        (0.248, 11.8),
    ];
    for (i, (w, p)) in py.iter().enumerate() {
        v.push(run(
            "python3 -c \"sum(range(10**7))\"",
            i as u32,
            *w,
            *p,
            0.5,
        ));
    }
    for (i, (w, p)) in sleep.iter().enumerate() {
        v.push(run("sleep 0.5", i as u32, *w, *p, 0.2));
    }
    v
}

/// One estimated command whose energy is missing on every run, with a failed run.
pub fn estimated_without_energy() -> (Vec<RunRecord>, Session) {
    let mut s = session();
    s.sensor = "estimate".into();
    s.provenance = Some(Provenance::Estimated);
    s.model = Some("cpu-time x 10 W per core (default model)".into());
    s.baseline = None;
    let runs = (0..3)
        .map(|i| {
            let mut r = run("./tool --flag", i, 0.1 + 0.001 * f64::from(i), 1.0, 0.1);
            r.energy_j.clear();
            r.energy_total_j = None;
            r.energy_net_j = None;
            r.provenance = Provenance::Estimated;
            r.sensor = "estimate".into();
            r.timeline.clear();
            if i == 2 {
                r.exit_code = Some(3);
            }
            r
        })
        .collect();
    (runs, s)
}

/// A deterministic "noise" in [-1, 1] for index `i` (no RNG in fixtures).
pub fn wiggle(i: u32) -> f64 {
    let x = (f64::from(i) * 12.9898).sin() * 43_758.547;
    (x - x.floor()) * 2.0 - 1.0
}

/// A ranking: three languages x three problems, `runs` runs each, with CPU time and
/// memory. C is the reference; "Fast" is like C; "Slow" is 50x on the long problem but
/// 10x on the short ones.
pub fn ranking(runs: u32) -> (Vec<RunRecord>, Session) {
    let problems = [("long", 10.0), ("mid", 1.0), ("short", 0.1)];
    let langs: [(&str, [f64; 3], f64); 3] = [
        ("C", [1.0, 1.0, 1.0], 1.0),
        ("Fast", [1.0, 1.0, 1.0], 1.0),
        ("Slow", [50.0, 10.0, 10.0], 1.0),
    ];
    let mut v = Vec::new();
    let mut k = 0;
    for (li, (lang, factors, cores)) in langs.iter().enumerate() {
        for (pi, (p, base)) in problems.iter().enumerate() {
            for i in 0..runs {
                k += 1;
                let noise = 1.0 + 0.02 * wiggle(k);
                let wall = base * factors[pi] * noise;
                let energy = wall * 20.0 * cores * (1.0 + 0.01 * wiggle(k + 1000));
                let mut r = run(&format!("{p}/{lang}"), i, wall, energy * 0.9, energy * 0.1);
                r.problem = Some((*p).to_string());
                r.language = Some((*lang).to_string());
                r.user_s = wall * cores * 0.95;
                r.system_s = wall * cores * 0.05;
                r.peak_rss_bytes = Some(((li + 1) as u64) * 5_000_000 + u64::from(i) * 1000);
                if !(lang == &"Slow" && *p == "long") {
                    r.timeline.clear();
                }
                v.push(r);
            }
        }
    }
    let mut s = session();
    s.notes.insert("profile".into(), "check".into());
    (v, s)
}

/// Mark a ranking's runs and session as the estimate sensor's (estimated energy).
pub fn estimated(runs: &mut [RunRecord], s: &mut Session) {
    for r in runs {
        r.provenance = Provenance::Estimated;
        r.sensor = "estimate".into();
    }
    s.provenance = Some(Provenance::Estimated);
    s.sensor = "estimate".into();
}

/// Two machines' full rankings of one plan, as `rank` writes them (one results file
/// each): the same three languages, but on the second machine `Fast` takes 1.5 times
/// C's energy on every problem, so C and Fast swap places.
pub fn two_machines() -> Vec<joulebench_report::Loaded> {
    use joulebench_model::ranking::{LanguageFacts, ProblemFacts, Ranking};
    let plan = Ranking {
        profile: "check".into(),
        runs: Some(4),
        warmup: Some(0),
        problems: ["long", "mid", "short"]
            .iter()
            .map(|p| ProblemFacts {
                id: p.to_string(),
                size: Some(1),
            })
            .collect(),
        languages: ["C", "Fast", "Slow"]
            .iter()
            .map(|l| LanguageFacts {
                id: l.to_lowercase(),
                name: l.to_string(),
                toolchain: format!("{l} 1.0"),
                ..LanguageFacts::default()
            })
            .collect(),
        ..Ranking::default()
    };
    [("Example Intel 8000", 1.0), ("Example AMD 9000", 0.6)]
        .iter()
        .enumerate()
        .map(|(i, (cpu, fast_vs_c))| {
            let (mut runs, mut s) = ranking(4);
            for r in &mut runs {
                if r.language.as_deref() == Some("C") {
                    let k = 1.0 / fast_vs_c;
                    r.energy_total_j = r.energy_total_j.map(|j| j * k);
                }
            }
            s.machine.cpu = Some(cpu.to_string());
            s.machine.hostname = Some(format!("node-{}", i + 1));
            s.ranking = Some(plan.clone());
            joulebench_report::Loaded {
                sessions: vec![s],
                runs,
                sources: vec![(
                    format!("m{}/results.jsonl", i + 1),
                    joulebench_report::SourceKind::JsonLines,
                )],
                warnings: Vec::new(),
            }
        })
        .collect()
}
