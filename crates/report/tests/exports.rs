//! The `run` exporters and the terminal summary: snapshots on hand-built records, and the
//! hyperfine-compatibility of the JSON.

mod common;

use joulebench_report::{export_csv, export_json, export_markdown, render_terminal_summary};
use serde::Deserialize;

#[test]
fn terminal_summary_of_two_commands() {
    let out = render_terminal_summary(&common::two_commands(), &common::session());
    assert!(out.contains("95 % CI"));
    assert!(out.contains("(measured, rapl-powercap)"));
    assert!(out.contains("times less energy than 'python3"));
    insta::assert_snapshot!("terminal_two_commands", out);
}

#[test]
fn terminal_summary_never_prints_a_silent_zero() {
    let (runs, s) = common::estimated_without_energy();
    let out = render_terminal_summary(&runs, &s);
    assert!(out.contains("Energy:              n/a ("), "{out}");
    assert!(out.contains("ESTIMATED"), "{out}");
    assert!(out.contains("non-zero exit code"), "{out}");
    assert!(!out.contains(" 0 J"), "{out}");
    insta::assert_snapshot!("terminal_estimated_no_energy", out);
}

#[test]
fn indistinguishable_commands_are_said_so() {
    let mut runs = common::two_commands();
    // A second command with the same distribution as `sleep 0.5`.
    let copies: Vec<_> = runs
        .iter()
        .filter(|r| r.command == "sleep 0.5")
        .map(|r| {
            let mut c = r.clone();
            c.command = "sleep 0.5 # again".into();
            c.energy_total_j = c.energy_total_j.map(|e| e * 1.001);
            c
        })
        .collect();
    runs.extend(copies);
    let out = render_terminal_summary(&runs, &common::session());
    assert!(
        out.contains("'sleep 0.5' and 'sleep 0.5 # again' are not distinguishable in energy"),
        "{out}"
    );
}

#[test]
fn markdown_export() {
    let md =
        String::from_utf8(export_markdown(&common::two_commands(), &common::session()).unwrap())
            .unwrap();
    assert!(md.starts_with("| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |"));
    insta::assert_snapshot!("markdown_two_commands", md);
}

#[test]
fn csv_export() {
    let csv = String::from_utf8(export_csv(&common::two_commands(), &common::session()).unwrap())
        .unwrap();
    assert!(csv.starts_with("command,mean,stddev,median,user,system,min,max,energy_mean_j,"));
    insta::assert_snapshot!("csv_two_commands", csv);
    let (runs, s) = common::estimated_without_energy();
    let csv = String::from_utf8(export_csv(&runs, &s).unwrap()).unwrap();
    // Missing energy is an empty cell, never a zero.
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(",,,,,,,,"), "{row}");
}

/// What a hyperfine JSON reader expects (hyperfine's own field names and types).
#[derive(Deserialize)]
#[allow(dead_code)]
struct HyperfineExport {
    results: Vec<HyperfineResult>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HyperfineResult {
    command: String,
    mean: f64,
    stddev: Option<f64>,
    median: f64,
    user: f64,
    system: f64,
    min: f64,
    max: f64,
    times: Vec<f64>,
    exit_codes: Vec<Option<i32>>,
    memory_usage_byte: Option<Vec<Option<u64>>>,
}

#[test]
fn json_export_keeps_hyperfine_fields_and_adds_energy() {
    let bytes = export_json(&common::two_commands(), &common::session()).unwrap();
    let h: HyperfineExport = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(h.results.len(), 2);
    let py = &h.results[0];
    assert!(
        (py.mean - 0.25).abs() < 1e-3,
        "times in seconds, as hyperfine"
    );
    assert_eq!(py.times.len(), 5);
    assert_eq!(py.exit_codes, vec![Some(0); 5]);
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let r = &v["results"][0];
    assert_eq!(r["provenance"], "measured");
    assert_eq!(r["energy"]["unit"], "J");
    assert!(r["energy"]["ci95"].as_array().unwrap().len() == 2);
    assert!(
        r["energy_per_domain_j"]["package-0"]
            .as_array()
            .unwrap()
            .len()
            == 5
    );
    assert!(r["runs"][0]["timeline"].as_array().unwrap().len() == 5);
    assert!(r["co2e_g_per_run"].as_f64().unwrap() > 0.0);
    assert_eq!(v["session"]["baseline"]["mean_w"], 2.0);
    assert_eq!(v["session"]["machine"]["cpu"], "Example CPU 3000 (8 cores)");
    assert_eq!(v["results"][1]["energy_relative"]["is_reference"], true);
    insta::assert_snapshot!("json_two_commands", String::from_utf8(bytes).unwrap());
}

#[test]
fn json_export_reads_back_without_loss() {
    let runs = common::two_commands();
    let s = common::session();
    let bytes = export_json(&runs, &s).unwrap();
    let loaded =
        joulebench_report::parse_results("out.json", std::str::from_utf8(&bytes).unwrap()).unwrap();
    assert_eq!(loaded.sessions, vec![s]);
    // Grouped by command, in first-seen order: the same runs.
    assert_eq!(loaded.runs, runs);
}
