//! `run --sort`, `--time-unit`, `--reference` and parameters in the summary and exports:
//! on hand-built records, so the figures and their order are known.

mod common;

use joulebench_model::record::{Parameter, RunRecord};
use joulebench_report::{
    export_asciidoc_with, export_csv, export_json, export_markdown_with, export_orgmode_with,
    render_terminal_summary_with, SortOrder, TimeUnit, View,
};

/// Three commands given in the order slow, fast, middle (in time and in energy), five
/// runs each.
fn three() -> Vec<RunRecord> {
    let mut v = Vec::new();
    for (cmd, wall, joules) in [
        ("slow", 0.30, 9.0),
        ("fast", 0.10, 3.0),
        ("middle", 0.20, 6.0),
    ] {
        for i in 0..5u32 {
            let k = 1.0 + 0.01 * f64::from(i);
            v.push(common::run(cmd, i, wall * k, joules * k, 0.5));
        }
    }
    v
}

fn view(sort: SortOrder, time_unit: Option<TimeUnit>) -> View {
    View { sort, time_unit }
}

/// The commands in the order the lines of `text` after `from` name them.
fn order_after(text: &str, from: &str, names: &[&str]) -> Vec<String> {
    let tail = &text[text
        .find(from)
        .unwrap_or_else(|| panic!("no {from} in {text}"))..];
    let mut found: Vec<(usize, String)> = names
        .iter()
        .filter_map(|n| tail.find(&format!("'{n}'")).map(|i| (i, n.to_string())))
        .collect();
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}

#[test]
fn auto_sorts_the_comparison_by_its_figure_and_command_keeps_the_given_order() {
    let runs = three();
    let s = common::session();
    let auto = render_terminal_summary_with(&runs, &s, &View::default());
    assert_eq!(
        order_after(&auto, "Summary (time)", &["slow", "fast", "middle"]),
        ["fast", "middle", "slow"],
        "{auto}"
    );
    let given = render_terminal_summary_with(&runs, &s, &view(SortOrder::Command, None));
    assert_eq!(
        order_after(&given, "Summary (time)", &["slow", "fast", "middle"]),
        ["fast", "slow", "middle"],
        "{given}"
    );
    // The benchmark blocks stay in the order measured, whatever the sort.
    assert!(auto.find("Benchmark 1: slow").unwrap() < auto.find("Benchmark 2: fast").unwrap());
    insta::assert_snapshot!("terminal_sort_command", given);
}

#[test]
fn markdown_rows_follow_the_sort_and_the_time_unit() {
    let runs = three();
    let s = common::session();
    let md = |v: View| String::from_utf8(export_markdown_with(&runs, &s, &v).unwrap()).unwrap();
    let rows = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with("| `"))
            .map(|l| l.split('`').nth(1).unwrap_or_default().to_string())
            .collect()
    };
    // hyperfine's auto: the table in the order given.
    assert_eq!(rows(&md(View::default())), ["slow", "fast", "middle"]);
    assert_eq!(
        rows(&md(view(SortOrder::MeanTime, None))),
        ["fast", "middle", "slow"]
    );
    assert_eq!(
        rows(&md(view(SortOrder::MeanEnergy, None))),
        ["fast", "middle", "slow"]
    );
    let micro = md(view(SortOrder::Auto, Some(TimeUnit::Microsecond)));
    assert!(
        micro.contains("| Mean [µs] | Min [µs] | Max [µs] |"),
        "{micro}"
    );
    // 0.10 s is 100000 µs.
    assert!(micro.contains("| `fast` | 102000.0 ± "), "{micro}");
    let secs = md(view(SortOrder::Auto, Some(TimeUnit::Second)));
    assert!(secs.contains("| Mean [s] |"), "{secs}");
    insta::assert_snapshot!(
        "markdown_mean_time_seconds",
        md(view(SortOrder::MeanTime, Some(TimeUnit::Second)))
    );
}

/// The AsciiDoc and Org tables are the Markdown one's: the same order and time unit.
#[test]
fn asciidoc_and_orgmode_rows_follow_the_sort_and_the_time_unit() {
    let runs = three();
    let s = common::session();
    let sorted = view(SortOrder::MeanTime, Some(TimeUnit::Microsecond));
    for (name, marks, text) in [
        (
            "asciidoc",
            ("| `+", "+`"),
            export_asciidoc_with(&runs, &s, &sorted).unwrap(),
        ),
        (
            "orgmode",
            ("| =", "= |"),
            export_orgmode_with(&runs, &s, &sorted).unwrap(),
        ),
    ] {
        let t = String::from_utf8(text).unwrap();
        let rows: Vec<&str> = t
            .lines()
            .filter_map(|l| l.strip_prefix(marks.0)?.split(marks.1).next())
            .collect();
        assert_eq!(rows, ["fast", "middle", "slow"], "{name}\n{t}");
        assert!(t.contains("Mean [µs] | Min [µs] | Max [µs]"), "{name}\n{t}");
        assert!(t.contains(" | 102000.0 ± "), "{name}\n{t}");
    }
    // Without a view: the order given, the unit chosen by the fastest command.
    let plain =
        String::from_utf8(export_orgmode_with(&runs, &s, &View::default()).unwrap()).unwrap();
    assert!(
        plain.find("=slow=").unwrap() < plain.find("=fast=").unwrap(),
        "{plain}"
    );
    assert!(plain.contains("Mean [ms]"), "{plain}");
}

#[test]
fn terminal_times_follow_the_time_unit() {
    let runs = three();
    let s = common::session();
    let out =
        render_terminal_summary_with(&runs, &s, &view(SortOrder::Auto, Some(TimeUnit::Second)));
    assert!(out.contains("  Time (mean ± σ):     0.102 s ± "), "{out}");
    let out = render_terminal_summary_with(
        &runs,
        &s,
        &view(SortOrder::Auto, Some(TimeUnit::Microsecond)),
    );
    assert!(
        out.contains("  Range (min … max):   100000.0 µs … "),
        "{out}"
    );
}

#[test]
fn a_reference_is_compared_against_in_both_directions() {
    let runs = three();
    let mut s = common::session();
    s.reference = Some("middle".into());
    let out = render_terminal_summary_with(&runs, &s, &View::default());
    assert!(out.contains("  'middle' (reference) ran\n"), "{out}");
    // fast over middle is 0.5: said from middle's side, 2 times slower.
    assert!(
        out.contains("    2.00 ± 0.02 times slower than 'fast'"),
        "{out}"
    );
    assert!(
        out.contains("    1.50 ± 0.01 times faster than 'slow'"),
        "{out}"
    );
    assert!(out.contains("times more energy than 'fast'"), "{out}");
    let json: serde_json::Value = serde_json::from_slice(&export_json(&runs, &s).unwrap()).unwrap();
    for r in json["results"].as_array().unwrap() {
        assert_eq!(r["time_relative"]["vs"], "middle", "{r}");
    }
    assert_eq!(json["session"]["reference"], "middle");
    insta::assert_snapshot!("terminal_reference", out);
}

#[test]
fn a_command_without_energy_gets_no_relative_figure() {
    let mut runs = three();
    for r in runs.iter_mut().filter(|r| r.command == "middle") {
        r.energy_total_j = None;
        r.energy_net_j = None;
        r.energy_j.clear();
    }
    let s = common::session();
    let out = render_terminal_summary_with(&runs, &s, &View::default());
    assert!(
        out.contains("    'middle': n/a (no energy figure)"),
        "{out}"
    );
    let md = String::from_utf8(export_markdown_with(&runs, &s, &View::default()).unwrap()).unwrap();
    let row = md.lines().find(|l| l.starts_with("| `middle`")).unwrap();
    assert!(row.contains("n/a (no energy)"), "{row}");
    assert!(!row.contains("| 1.00 |"), "{row}");
    // A reference without energy: nobody gets an energy ratio, and the summary says why.
    let mut s = s;
    s.reference = Some("middle".into());
    let out = render_terminal_summary_with(&runs, &s, &View::default());
    assert!(
        out.contains("Summary (energy): n/a (the reference 'middle' has no energy figure)"),
        "{out}"
    );
    let md = String::from_utf8(export_markdown_with(&runs, &s, &View::default()).unwrap()).unwrap();
    let row = md.lines().find(|l| l.starts_with("| `fast`")).unwrap();
    assert!(row.contains("n/a (reference has no energy)"), "{row}");
}

#[test]
fn parameters_are_exported_as_hyperfine_does() {
    let mut runs = three();
    for r in &mut runs {
        r.parameters = vec![Parameter {
            name: "size".into(),
            value: r.command.len().to_string(),
        }];
    }
    let s = common::session();
    let json: serde_json::Value = serde_json::from_slice(&export_json(&runs, &s).unwrap()).unwrap();
    assert_eq!(
        json["results"][0]["parameters"],
        serde_json::json!({"size": "4"})
    );
    assert_eq!(json["results"][2]["parameters"]["size"], "6");
    let csv = String::from_utf8(export_csv(&runs, &s).unwrap()).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",parameter_size"), "{header}");
    assert!(csv.lines().nth(2).unwrap().ends_with(",4"), "{csv}");
    // Without parameters, neither the field nor the column.
    let plain = String::from_utf8(export_csv(&three(), &s).unwrap()).unwrap();
    assert!(!plain.contains("parameter_"), "{plain}");
    let json = String::from_utf8(export_json(&three(), &s).unwrap()).unwrap();
    assert!(!json.contains("\"parameters\""));
}
