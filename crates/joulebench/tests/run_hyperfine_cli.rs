//! `joulebench run` with hyperfine's options: the table and HTML exports, `--output`,
//! `--conclude`; real commands on the estimate sensor.

mod common;

use std::path::Path;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// hyperfine's export example (`--export-markdown`, and its siblings) on two commands:
/// every table names both, with the figures labelled estimated; the HTML page has the
/// table and the charts.
#[test]
fn every_table_export_and_the_html_page_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let out = common::jb()
        .args(["run", "--runs", "2", "--idle", "0", "--sensor", "estimate"])
        .arg("--export-markdown")
        .arg(p("r.md"))
        .arg("--export-asciidoc")
        .arg(p("r.adoc"))
        .arg("--export-orgmode")
        .arg(p("r.org"))
        .arg("--export-html")
        .arg(p("r.html"))
        .args(["sleep 0.01", "python3 -c 'sum(range(10**5))'"])
        .output()
        .unwrap();
    common::assert_ok(&out);
    let (md, adoc, org, html) = (
        read(&p("r.md")),
        read(&p("r.adoc")),
        read(&p("r.org")),
        read(&p("r.html")),
    );
    assert!(md.contains("| `sleep 0.01` |"), "{md}");
    assert!(
        adoc.contains("| `+sleep 0.01+` |") && adoc.ends_with("\n") && adoc.contains("\n|===\n"),
        "{adoc}"
    );
    assert!(
        org.contains("| =sleep 0.01= |") && org.contains("|---+"),
        "{org}"
    );
    for t in [&md, &adoc, &org] {
        assert!(t.contains("python3 -c 'sum(range(10**5))'"), "{t}");
        assert_eq!(t.matches("| estimated, estimate").count(), 2, "{t}");
    }
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("class=\"banner\""), "estimated: the banner");
    assert!(
        html.contains("Energy per run, estimated by estimate"),
        "the energy chart"
    );
    assert!(
        html.contains("Wall time per run, measured by the clock"),
        "the time chart"
    );
    assert!(html.contains("<code>sleep 0.01</code>"));
}

/// An export path is checked before the first run, and the error names the flag.
#[test]
fn a_bad_export_path_fails_before_any_run_and_names_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran");
    for flag in ["--export-asciidoc", "--export-orgmode", "--export-html"] {
        let out = common::run_once()
            .arg(flag)
            .arg("/nonexistent-joulebench-dir/x")
            .arg(format!("touch {}", marker.display()))
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(flag) && err.contains("does not exist"),
            "{err}"
        );
        assert!(!marker.exists(), "{flag}: the command ran before the check");
    }
}
