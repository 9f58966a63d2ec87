//! `run --export-html`: one self-contained, well-formed page with the commands' table and
//! charts, every figure naming its sensor and whether it is measured or estimated. (The
//! page in a real browser: `html_chromium.rs`.)

mod common;

use joulebench_report::export_html;

/// Elements HTML writes without an end tag.
const VOID: [&str; 6] = ["meta", "br", "img", "hr", "link", "input"];

/// Every element is closed, in order: a stack of open tags over the whole document.
/// Returns the problem, if any.
fn unbalanced(html: &str) -> Option<String> {
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>')?;
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') || tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            match open.pop() {
                Some(o) if o == name => {}
                other => return Some(format!("</{name}> closes {other:?}; open: {open:?}")),
            }
        } else {
            open.push(name);
        }
    }
    (!open.is_empty()).then(|| format!("never closed: {open:?}"))
}

fn page(
    runs: &[joulebench_model::record::RunRecord],
    s: &joulebench_model::record::Session,
) -> String {
    String::from_utf8(export_html(runs, s).unwrap()).unwrap()
}

#[test]
fn the_checker_finds_an_unclosed_element() {
    assert_eq!(unbalanced("<p><b>x</b></p>"), None);
    assert!(unbalanced("<p><b>x</p>").is_some());
    assert!(unbalanced("<div>").is_some());
}

#[test]
fn the_run_page_is_well_formed_self_contained_and_has_the_figures() {
    let html = page(&common::two_commands(), &common::session());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(unbalanced(&html), None);
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("Measured by joulebench run, started 2025-01-02T03:04:05Z."));
    // The table's figures, as the Markdown export has them.
    for figure in [
        "12.50 ± 0.158",
        "12.30 … 12.70",
        "1.200 ± 0.0158",
        "2.01 ± 0.01",
    ] {
        assert!(html.contains(figure), "{figure} missing");
    }
    // Energy and time per command, each a chart whose own title names the source.
    let energy = chart(
        &html,
        "Energy per run, measured by the rapl-powercap sensor",
    );
    assert!(
        energy.contains("python3 -c") && energy.contains("sleep 0.5"),
        "{energy}"
    );
    assert!(energy.contains("95 % interval of the mean"), "{energy}");
    let time = chart(&html, "Wall time per run, measured by the clock");
    assert!(time.contains("mean wall time per run (ms)"), "{time}");
    // Every caption says what measured its figures; those with energy, the sensor.
    let captions = captions(&html);
    assert!(
        captions.len() >= 6,
        "energy, time, ratio, scatter, memory, timeline"
    );
    for c in &captions {
        if c.contains("peak resident memory") {
            assert!(c.contains("measured by the kernel"), "{c}");
        } else {
            // The timeline's caption says it its own way: `measured by rapl-powercap`.
            assert!(
                c.contains("measured by") && c.contains("rapl-powercap"),
                "no source: {c}"
            );
        }
    }
    assert!(!html.contains("class=\"banner\""), "measured: no banner");
}

/// The text of every `<figcaption>`.
fn captions(html: &str) -> Vec<&str> {
    html.split("<figcaption>")
        .skip(1)
        .map(|c| &c[..c.find("</figcaption>").unwrap_or(c.len())])
        .collect()
}

/// The `<svg>` element whose text contains `title`.
fn chart<'a>(html: &'a str, title: &str) -> &'a str {
    html.split("<svg")
        .map(|s| &s[..s.find("</svg>").unwrap_or(s.len())])
        .find(|s| s.contains(title))
        .unwrap_or_else(|| panic!("no chart titled {title:?}"))
}

#[test]
fn an_estimated_run_says_so_in_the_banner_and_every_figure() {
    let mut runs = common::two_commands();
    let mut s = common::session();
    common::estimated(&mut runs, &mut s);
    let html = page(&runs, &s);
    assert_eq!(unbalanced(&html), None);
    assert!(html.contains("class=\"banner\""), "estimated: a banner");
    chart(&html, "Energy per run, estimated by the estimate sensor");
    for c in captions(&html) {
        assert!(
            c.contains("estimated by") || c.contains("peak resident memory"),
            "{c}"
        );
    }
}

/// A command with no energy figure: its row says why, it has no bar in the energy chart,
/// and its relative energy is not "1.00".
#[test]
fn a_command_without_energy_is_said_not_drawn() {
    let (mut runs, s) = common::estimated_without_energy();
    runs.extend(
        common::two_commands()
            .into_iter()
            .filter(|r| r.command == "sleep 0.5"),
    );
    let html = page(&runs, &s);
    assert_eq!(unbalanced(&html), None);
    let row = html
        .split("<tr>")
        // minijinja escapes `/` as `&#x2f;`.
        .find(|r| r.contains("tool --flag</code>"))
        .unwrap()
        .replace("&#x2f;", "/");
    let cells: Vec<&str> = row.split("<td class=\"n\">").skip(1).collect();
    // Energy, CI, energy relative.
    assert!(cells[0].starts_with("n/a ("), "{row}");
    assert!(cells[2].starts_with("n/a ("), "relative energy: {row}");
    let energy = chart(&html, "Energy per run,");
    assert!(!energy.contains("./tool --flag"), "no bar without a figure");
    assert!(chart(&html, "Wall time per run").contains("./tool --flag"));
}

/// Runs of `cmd` with parameter `n` = `value`, energy growing with n.
fn scanned(value: &str, energy_per_n: f64) -> Vec<joulebench_model::record::RunRecord> {
    let n: f64 = value.parse().unwrap_or(1.0);
    (0..3)
        .map(|i| {
            let mut r = common::run(
                &format!("work {value}"),
                i,
                0.1 * n + 0.001 * f64::from(i),
                energy_per_n * n + 0.01 * f64::from(i),
                0.0,
            );
            r.parameters = vec![joulebench_model::record::Parameter {
                name: "n".into(),
                value: value.into(),
            }];
            r
        })
        .collect()
}

#[test]
fn a_numeric_parameter_scan_gets_energy_time_and_power_against_it() {
    let runs: Vec<_> = ["1", "2", "4"]
        .iter()
        .flat_map(|v| scanned(v, 2.0))
        .collect();
    let html = page(&runs, &common::session());
    assert_eq!(unbalanced(&html), None);
    for title in [
        "Energy against n",
        "Wall time against n",
        "Average power against n",
    ] {
        assert!(html.contains(title), "no chart {title}");
    }
    assert!(
        html.contains("parameter n"),
        "the x axis names the parameter"
    );
}

#[test]
fn a_list_of_names_is_not_an_axis() {
    let mut runs: Vec<_> = scanned("1", 2.0);
    runs.extend(scanned("2", 2.0));
    for r in &mut runs {
        let v = if r.parameters[0].value == "1" {
            "gcc"
        } else {
            "clang"
        };
        r.parameters[0].value = v.into();
    }
    let html = page(&runs, &common::session());
    assert!(
        !html.contains("Energy against n"),
        "a category scanned as numbers"
    );
}

/// Regression (issue 13): the model's long sentence was listed once per command.
#[test]
fn a_warning_every_command_has_is_listed_once() {
    let mut runs = common::two_commands();
    let mut s = common::session();
    common::estimated(&mut runs, &mut s);
    let html = page(&runs, &s);
    let items: Vec<&str> = html
        .split("<li>")
        .skip(1)
        .filter(|li| li.contains("ESTIMATED"))
        .collect();
    assert_eq!(items.len(), 1, "{items:#?}");
    assert!(items[0].starts_with("all commands: "), "{}", items[0]);
}
