//! The `run` exporters and the terminal summary: snapshots on hand-built records, and the
//! hyperfine-compatibility of the JSON.

mod common;

use joulebench_report::{export_csv, export_json, export_markdown, render_terminal_summary};
use serde::Deserialize;

#[test]
fn terminal_summary_of_two_commands() {
    let out = render_terminal_summary(&common::two_commands(), &common::session());
    assert!(out.contains("95 % CI"));
    // Each block names its source once, in a line of its own.
    assert_eq!(
        out.matches("  Energy source:       measured: rapl-powercap\n")
            .count(),
        2,
        "{out}"
    );
    assert!(out.contains("times less energy than 'python3"));
    insta::assert_snapshot!("terminal_two_commands", out);
}

#[test]
fn terminal_summary_never_prints_a_silent_zero() {
    let (runs, s) = common::estimated_without_energy();
    let out = render_terminal_summary(&runs, &s);
    assert!(out.contains("Energy:              n/a ("), "{out}");
    assert!(
        out.contains("  Energy source:       estimated: model cpu-time x 10 W per core\n"),
        "{out}"
    );
    assert!(
        out.contains("  warning: 1 of 3 runs ended with a non-zero exit code (3)."),
        "{out}"
    );
    assert!(!out.contains(" 0 J"), "{out}");
    insta::assert_snapshot!("terminal_estimated_no_energy", out);
}

/// The estimate sensor's model, as `SensorInfo.model` describes it (about 300 characters).
const CCF_MODEL: &str = "row amd-epyc-3rd-gen-or-later for \"AMD EPYC\": 2 vCPU × (0.45 W idle … \
    1.87 W max per vCPU) + 25.3 GB × 0.392 W/GB; idle 10.8 W, max 13.6 W (Cloud Carbon \
    Footprint coefficients (ccf-coefficients), AMD EPYC 3rd Gen (Milan) row from \
    SPECpower_ssj2008 results; later generations use it as a proxy)";

/// The whole model was repeated in every block; a block now names the model's row, and
/// the exports keep the whole model in their warnings.
#[test]
fn a_block_names_the_estimate_row_and_the_exports_keep_the_model() {
    let mut runs = common::two_commands();
    let mut s = common::session();
    common::estimated(&mut runs, &mut s);
    s.model = Some(CCF_MODEL.into());
    let out = render_terminal_summary(&runs, &s);
    assert!(!out.contains("Cloud Carbon"), "{out}");
    assert_eq!(
        out.matches("  Energy source:       estimated: model row amd-epyc-3rd-gen-or-later\n")
            .count(),
        2,
        "{out}"
    );
    let json = String::from_utf8(export_json(&runs, &s).unwrap()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for r in v["results"].as_array().unwrap() {
        assert!(
            r["warnings"][0].as_str().unwrap().contains(CCF_MODEL),
            "{r}"
        );
    }
    let md = String::from_utf8(export_markdown(&runs, &s).unwrap()).unwrap();
    assert!(md.contains(CCF_MODEL), "{md}");

    // Overridden coefficients are said; a run measured among estimated ones too.
    s.model = Some(format!(
        "{CCF_MODEL}; from --estimate-config: memory_watts_per_gb"
    ));
    runs[0].provenance = joulebench_model::Provenance::Measured;
    runs[0].sensor = "rapl-powercap".into();
    let out = render_terminal_summary(&runs, &s);
    assert!(
        out.contains(
            "  Energy source:       estimated: model row amd-epyc-3rd-gen-or-later, with \
             --estimate-config (some runs measured: see the warning)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  warning: Some runs are measured and some estimated"),
        "{out}"
    );
}

/// A warning that several runs met is said once, with the number of runs; warnings that
/// differ only in a process id are one; every warning comes after the figures.
#[test]
fn run_warnings_are_grouped_at_the_end_of_the_block_with_their_count() {
    let mut runs: Vec<_> = common::two_commands()
        .into_iter()
        .filter(|r| r.command == "sleep 0.5")
        .collect();
    for (i, r) in runs.iter_mut().enumerate() {
        if i != 1 {
            r.warnings.push(format!(
                "the command left 1 process(es) running after it ended: {} (sleep)",
                4242 + i
            ));
        }
    }
    runs[3]
        .warnings
        .push("sensor error during the run: EIO".into());
    let out = render_terminal_summary(&runs, &common::session());
    insta::assert_snapshot!("terminal_grouped_run_warnings", out);
    let lines: Vec<&str> = out.lines().collect();
    let first = lines.iter().position(|l| l.contains("warning")).unwrap();
    assert_eq!(
        &lines[first..],
        [
            "  warning (4 runs): the command left 1 process(es) running after it ended: 4242 (sleep)",
            "  warning (run 4): sensor error during the run: EIO",
        ],
        "{out}"
    );
    // The exports say the same, each once.
    let s = &joulebench_report::summarize(&runs, &common::session())[0];
    assert_eq!(
        s.warnings,
        [
            "4 runs (first run 1): the command left 1 process(es) running after it ended: 4242 (sleep)",
            "run 4: sensor error during the run: EIO",
        ]
    );
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
