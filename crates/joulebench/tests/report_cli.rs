//! `joulebench report` end to end: rank-style JSON Lines and run exports, every format,
//! and errors that name the file and line.

mod common;

use joulebench_model::record::{Line, RunRecord, Session};
use joulebench_sensors::{Domain, DomainKind, Provenance};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn rec(
    cmd: &str,
    problem: Option<&str>,
    lang: Option<&str>,
    i: u32,
    wall: f64,
    e: f64,
) -> RunRecord {
    let mut d = BTreeMap::new();
    d.insert(Domain::new(DomainKind::Package, 0), e * 0.9);
    d.insert(Domain::new(DomainKind::Dram, 0), e * 0.1);
    RunRecord {
        command: cmd.into(),
        problem: problem.map(Into::into),
        language: lang.map(Into::into),
        parameters: Vec::new(),
        index: i,
        wall_s: wall,
        user_s: wall * 0.95,
        system_s: wall * 0.02,
        peak_rss_bytes: Some(5_000_000),
        exit_code: Some(0),
        signal: None,
        timed_out: false,
        energy_j: d,
        energy_total_j: Some(e),
        energy_net_j: None,
        energy_window_s: None,
        provenance: Provenance::Estimated,
        sensor: "estimate".into(),
        timeline: vec![],
        warnings: Vec::new(),
        invalid: None,
    }
}

fn rank_file(dir: &Path) -> PathBuf {
    let mut s = Session {
        sensor: "estimate".into(),
        provenance: Some(Provenance::Estimated),
        model: Some("cpu-time model".into()),
        ..Session::default()
    };
    s.notes.insert("toolchain.gcc".into(), "gcc 12.2".into());
    let mut text = serde_json::to_string(&Line::Session(s)).unwrap() + "\n";
    for (lang, f) in [("c", 1.0), ("rust", 1.05), ("python", 40.0)] {
        for (p, base) in [("n-body", 2.0), ("fasta", 0.5)] {
            for i in 0..3 {
                let wall = base * f * (1.0 + 0.01 * f64::from(i));
                let r = rec(
                    &format!("{p}/{lang}"),
                    Some(p),
                    Some(lang),
                    i,
                    wall,
                    wall * 15.0,
                );
                text += &(serde_json::to_string(&Line::Run(r)).unwrap() + "\n");
            }
        }
    }
    let p = dir.join("results.jsonl");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn rank_results_render_in_every_format() {
    let d = tempfile::tempdir().unwrap();
    let f = rank_file(d.path());
    let out = common::jb().arg("report").arg(&f).output().unwrap();
    common::assert_ok(&out);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("ESTIMATED by a model (cpu-time model)"), "{md}");
    assert!(md.contains("## The study's table: ratio of totals"), "{md}");
    assert!(md.contains("| python | 2 | 40.00 |"), "{md}");
    assert!(md.contains("Published energy"), "{md}");

    let out = common::jb()
        .args(["report", "--format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let py = v["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["language"] == "python")
        .unwrap();
    assert!((py["energy_ratio_total"].as_f64().unwrap() - 40.0).abs() < 0.5);
    assert_eq!(py["provenance"]["provenance"], "estimated");
    assert_eq!(py["published"]["energy"], 75.88);

    let out = common::jb()
        .args(["report", "-f", "csv"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("language,problems,energy_ratio_total")
    );

    let html = d.path().join("report.html");
    let out = common::jb()
        .arg("report")
        .arg(&f)
        .arg("-o")
        .arg(&html)
        .output()
        .unwrap();
    assert!(out.status.success());
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(
        h.starts_with("<!DOCTYPE html>") && h.contains("<svg") && h.contains("class=\"banner\"")
    );
    assert!(h.contains("gcc 12.2"));
}

#[test]
fn run_exports_render_as_hyperfine_tables() {
    let d = tempfile::tempdir().unwrap();
    let runs: Vec<RunRecord> = (0..4)
        .flat_map(|i| {
            [
                rec("sleep 0.1", None, None, i, 0.1, 0.2),
                rec("sleep 0.2", None, None, i, 0.2, 0.41),
            ]
        })
        .collect();
    let p = d.path().join("run.json");
    std::fs::write(
        &p,
        joulebench_report::export_json(&runs, &Session::default()).unwrap(),
    )
    .unwrap();
    let out = common::jb().arg("report").arg(&p).output().unwrap();
    common::assert_ok(&out);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.starts_with("| Command | Mean [ms] |"), "{md}");
    assert!(md.contains("`sleep 0.2`"), "{md}");
    let out = common::jb()
        .args(["report", "--format", "html"])
        .arg(&p)
        .output()
        .unwrap();
    let h = String::from_utf8_lossy(&out.stdout);
    assert!(h.contains("joulebench: energy of commands") && h.contains("<text"));
}

#[test]
fn bad_input_names_the_file_and_line_and_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let f = rank_file(d.path());
    let mut text = std::fs::read_to_string(&f).unwrap();
    text.push_str("{\"type\": \"run\", \"oops\": true}\n");
    let bad = d.path().join("bad.jsonl");
    std::fs::write(&bad, text).unwrap();
    let out = common::jb().arg("report").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:20: not a results line", bad.display())),
        "{err}"
    );

    let empty = d.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = common::jb().arg("report").arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty file"));

    let out = common::jb()
        .arg("report")
        .arg(d.path().join("nope.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.jsonl"));

    let out = common::jb()
        .args(["report", "--format", "pdf"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
