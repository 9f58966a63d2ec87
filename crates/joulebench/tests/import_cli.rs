//! `joulebench import energy-languages` end to end: fixtures with each quirk, and the real
//! study data where it is present (`../shared`, relative to the repository).

mod common;

use std::path::PathBuf;

fn row(b: &str, p: f64, t: f64) -> String {
    format!("{b} ; {p} ; {} ; 0.0 ; {} ;  {t} \n", p * 0.7, p * 0.1)
}

#[test]
fn fixtures_are_imported_with_a_report_per_file() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("study");
    std::fs::create_dir(&dir).unwrap();
    let mut c = String::new();
    let mut py = String::new();
    for (b, base) in [("n-body", 70.0), ("fasta", 20.0)] {
        for i in 0..10 {
            c += &row(b, base + f64::from(i) * 0.1, 1000.0 * base / 20.0);
            py += &row(b, base * 50.0, 50_000.0 * base / 20.0);
        }
    }
    c += "n-body ; -262074.0 ; 49.0 ; 0.0 ; 7.0 ;  3500\n"; // a wrapped package counter
    py += "fasta ; oops ; 1 ; 0 ; 1 ; 100\n"; // a bad line
    std::fs::write(dir.join("C.csv"), c).unwrap();
    std::fs::write(dir.join("Python.csv"), py).unwrap();
    std::fs::write(dir.join("Empty.csv"), "").unwrap();
    std::fs::write(dir.join("Odd.csv"), "a|b|c\n1|2|3\n").unwrap();
    let out_file = d.path().join("results.jsonl");
    let out = common::jb()
        .args(["import", "energy-languages"])
        .arg(&dir)
        .arg("-o")
        .arg(&out_file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("corrected C.csv:21: package"), "{err}");
    assert!(err.contains("skipped   Python.csv:21:"), "{err}");
    assert!(err.contains("Empty.csv: not imported: empty file"), "{err}");
    assert!(
        err.contains("Odd.csv: not imported: unknown layout"),
        "{err}"
    );
    let text = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(text.lines().count(), 1 + 21 + 20);
    assert!(text
        .lines()
        .next()
        .unwrap()
        .contains("\"type\":\"session\""));

    let out = common::jb().arg("report").arg(&out_file).output().unwrap();
    common::assert_ok(&out);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("| Python | 2 | 49.53 |"), "{md}");
    assert!(md.contains("| 75.88 |"), "published figure beside: {md}");
}

#[test]
fn an_empty_directory_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    let out = common::jb()
        .args(["import", "energy-languages"])
        .arg(d.path())
        .arg("-o")
        .arg(d.path().join("r.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no .csv files"));
}

#[test]
fn the_study_data_reproduce_the_published_ratios() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let data = root.join("shared/data/energy-languages-2017");
    if !data.join("C.csv").is_file() {
        eprintln!(
            "SKIPPED: no study data at {} (present in CI only)",
            data.display()
        );
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let results = d.path().join("study.jsonl");
    let out = common::jb()
        .args(["import", "energy-languages"])
        .arg(&data)
        .arg("-o")
        .arg(&results)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let out = common::jb()
        .args(["report", "--format", "json"])
        .arg(&results)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lang = |l: &str| {
        v["languages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["language"] == l)
            .cloned()
            .unwrap()
    };
    let f = |x: &serde_json::Value, k: &str| x[k].as_f64().unwrap();
    let (rust, python) = (lang("Rust"), lang("Python"));
    assert!((f(&rust, "energy_ratio_total") / 1.06 - 1.0).abs() < 0.03);
    assert!((f(&python, "energy_ratio_total") / 75.5 - 1.0).abs() < 0.03);
    assert!((f(&python, "energy_ratio_geomean") / 33.0 - 1.0).abs() < 0.05);
    assert_eq!(python["problems"], 10);
    let md = common::jb().arg("report").arg(&results).output().unwrap();
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.contains("| Python | 10 | 75.50 | 69.15 |"), "{md}");
    assert!(md.contains("| 75.88 | 71.90 | 2.80 |"), "{md}");
    assert!(md.contains("A sounder table"));
}
