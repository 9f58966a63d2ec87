//! `joulebench compare` end to end: exit 1 only on a supported regression, 2 on bad input.

mod common;

use joulebench_model::record::{RunRecord, Session};
use joulebench_sensors::{Domain, DomainKind, Provenance};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn wiggle(i: u32) -> f64 {
    let x = (f64::from(i) * 12.9898).sin() * 43_758.547;
    (x - x.floor()) * 2.0 - 1.0
}

fn runs(cmd: &str, energy: f64, noise: f64, seed: u32) -> Vec<RunRecord> {
    (0..10)
        .map(|i| {
            let e = energy * (1.0 + noise * wiggle(seed * 100 + i));
            let mut d = BTreeMap::new();
            d.insert(Domain::new(DomainKind::Package, 0), e);
            RunRecord {
                command: cmd.into(),
                problem: None,
                language: None,
                parameters: Vec::new(),
                index: i,
                wall_s: 1.0 + 0.01 * wiggle(seed * 200 + i),
                user_s: 0.9,
                system_s: 0.05,
                peak_rss_bytes: Some(1_000_000),
                exit_code: Some(0),
                signal: None,
                timed_out: false,
                energy_j: d,
                energy_total_j: Some(e),
                energy_net_j: None,
                energy_window_s: None,
                provenance: Provenance::Measured,
                sensor: "rapl-powercap".into(),
                timeline: vec![],
                warnings: Vec::new(),
                invalid: None,
            }
        })
        .collect()
}

fn export(dir: &Path, name: &str, r: &[RunRecord]) -> PathBuf {
    let p = dir.join(name);
    let bytes = joulebench_report::export_json(r, &Session::default()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

fn compare(a: &Path, b: &Path, extra: &[&str]) -> std::process::Output {
    common::jb()
        .arg("compare")
        .arg(a)
        .arg(b)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn a_real_regression_exits_1() {
    let d = tempfile::tempdir().unwrap();
    let old = export(d.path(), "old.json", &runs("./app", 100.0, 0.02, 1));
    let new = export(d.path(), "new.json", &runs("./app", 130.0, 0.02, 2));
    let out = compare(&old, &new, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("REGRESSION"), "{stdout}");
    assert!(stdout.contains("+30"), "{stdout}");
    // A looser threshold lets it pass.
    let out = compare(&old, &new, &["--max-regression", "50%"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn noise_exits_0() {
    let d = tempfile::tempdir().unwrap();
    let old = export(d.path(), "old.json", &runs("./app", 100.0, 0.05, 1));
    let new = export(d.path(), "new.json", &runs("./app", 100.0, 0.05, 2));
    let out = compare(&old, &new, &["--max-regression", "5%"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("No statistically supported regression"),
        "{stdout}"
    );
}

#[test]
fn bad_input_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let old = export(d.path(), "old.json", &runs("./app", 100.0, 0.02, 1));
    let bad = d.path().join("bad.json");
    std::fs::write(&bad, "{\"results\": [ {\"command\": \"x\"} ]}").unwrap();
    let out = compare(&old, &bad, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.json"), "{stderr}");
    let out = compare(&old, &d.path().join("missing.json"), &[]);
    assert_eq!(out.status.code(), Some(2));
    // The OS's reason once, after the file's name (it used to print twice: once in the
    // library's message and again as its cause).
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing.json"), "{stderr}");
    assert_eq!(stderr.matches("No such file").count(), 1, "{stderr}");
    let out = compare(&old, &old, &["--max-regression", "lots"]);
    assert_eq!(out.status.code(), Some(2));
    let other = export(d.path(), "other.json", &runs("./other", 100.0, 0.02, 1));
    let out = compare(&old, &other, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to compare"));
}
