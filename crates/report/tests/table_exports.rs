//! The table exports (Markdown, AsciiDoc, Org): snapshots of the same two commands, and
//! a command without an energy figure, whose relative figure must say so.

mod common;

use joulebench_model::record::{RunRecord, Session};
use joulebench_report::{export_asciidoc, export_markdown, export_orgmode};

type Export = fn(&[RunRecord], &Session) -> Result<Vec<u8>, joulebench_report::ReportError>;

fn text(f: Export, runs: &[RunRecord], s: &Session) -> String {
    String::from_utf8(f(runs, s).unwrap()).unwrap()
}

#[test]
fn asciidoc_export() {
    let a = text(export_asciidoc, &common::two_commands(), &common::session());
    assert!(
        a.starts_with(
            "[cols=\"<,>,>,>,>,>,>,>,>,>,>,<\", options=\"header\"]\n|===\n| Command | Mean [ms] |"
        ),
        "{a}"
    );
    assert_eq!(
        a.matches("\n|===\n").count(),
        2,
        "the table opens and closes: {a}"
    );
    insta::assert_snapshot!("asciidoc_two_commands", a);
}

#[test]
fn orgmode_export() {
    let o = text(export_orgmode, &common::two_commands(), &common::session());
    assert!(
        o.starts_with("| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |"),
        "{o}"
    );
    assert!(o.contains("\n|---+---+"), "a rule under the header: {o}");
    insta::assert_snapshot!("orgmode_two_commands", o);
}

/// A `|` in a command must not split its cell in any of the three tables.
#[test]
fn a_pipe_in_a_command_stays_in_its_cell() {
    let mut runs = common::two_commands();
    for r in &mut runs {
        if r.command == "sleep 0.5" {
            r.command = "seq 100 | wc -l".into();
        }
    }
    let s = common::session();
    let md = text(export_markdown, &runs, &s);
    assert!(md.contains("| `seq 100 \\| wc -l` |"), "{md}");
    let a = text(export_asciidoc, &runs, &s);
    assert!(a.contains("| `+seq 100 \\| wc -l+` |"), "{a}");
    let o = text(export_orgmode, &runs, &s);
    assert!(o.contains("| =seq 100 \\vert{} wc -l= |"), "{o}");
}

/// The measured `sleep 0.5` and an estimated command with no energy figure.
fn one_without_energy() -> (Vec<RunRecord>, Session) {
    let (mut runs, s) = common::estimated_without_energy();
    runs.extend(
        common::two_commands()
            .into_iter()
            .filter(|r| r.command == "sleep 0.5"),
    );
    (runs, s)
}

/// The cells of `command`'s row under the column titled `title`, for a table whose rows
/// are `|`-separated (Markdown and Org; AsciiDoc's header row is the same way).
fn cell(table: &str, command_mark: &str, title: &str) -> String {
    let split = |l: &str| -> Vec<String> {
        l.trim()
            .trim_matches('|')
            .split(" | ")
            .map(|c| c.trim().to_string())
            .collect()
    };
    let header = table.lines().find(|l| l.contains("| Command |")).unwrap();
    let col = split(header).iter().position(|c| c == title).unwrap();
    let row = table.lines().find(|l| l.contains(command_mark)).unwrap();
    split(row)[col].clone()
}

/// The bug: a command with no energy figure showed "1.00" as its relative energy, as if
/// it were the reference.
#[test]
fn a_command_without_energy_has_no_relative_energy() {
    let (runs, s) = one_without_energy();
    for (name, f) in [
        ("markdown", export_markdown as Export),
        ("asciidoc", export_asciidoc),
        ("orgmode", export_orgmode),
    ] {
        let t = text(f, &runs, &s);
        let none = cell(&t, "./tool --flag", "Energy relative");
        assert!(none.starts_with("n/a ("), "{name}: {none:?}\n{t}");
        // The command that has a figure is the reference.
        assert_eq!(
            cell(&t, "sleep 0.5", "Energy relative"),
            "1.00",
            "{name}\n{t}"
        );
        // Time is there for both: a real ratio.
        assert!(
            cell(&t, "./tool --flag", "Relative").starts_with("1.00"),
            "{name}\n{t}"
        );
        assert!(
            cell(&t, "sleep 0.5", "Relative").contains(" ± "),
            "{name}\n{t}"
        );
    }
}

/// One command alone is its own reference, in time and energy.
#[test]
fn a_lone_command_is_its_own_reference() {
    let runs: Vec<RunRecord> = common::two_commands()
        .into_iter()
        .filter(|r| r.command == "sleep 0.5")
        .collect();
    let md = text(export_markdown, &runs, &common::session());
    assert_eq!(cell(&md, "sleep 0.5", "Relative"), "1.00", "{md}");
    assert_eq!(cell(&md, "sleep 0.5", "Energy relative"), "1.00", "{md}");
    let (runs, s) = common::estimated_without_energy();
    let md = text(export_markdown, &runs, &s);
    assert!(
        cell(&md, "./tool", "Energy relative").starts_with("n/a ("),
        "{md}"
    );
}
