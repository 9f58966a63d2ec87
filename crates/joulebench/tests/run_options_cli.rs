//! `joulebench run`'s hyperfine options end to end, with real commands on the estimate
//! sensor: parameter scans and lists, `-N`, `--sort`, `--time-unit`, `--reference`, and
//! `--help`'s headings.

mod common;

use std::path::Path;

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `(command, parameters)` of each result of a JSON export.
fn results(v: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["command"].as_str().unwrap().to_string(),
                r["parameters"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_scan_substitutes_in_commands_names_and_hooks_and_is_exported() {
    let dir = tempfile::tempdir().unwrap();
    let (j, c, log) = (
        dir.path().join("s.json"),
        dir.path().join("s.csv"),
        dir.path().join("log"),
    );
    let out = common::run_once()
        .args(["-P", "n", "1", "3"])
        .arg("--setup")
        .arg(format!("echo setup {{n}} >> {}", log.display()))
        .args(["-n", "{n} ms"])
        .arg(format!(
            "echo run {{n}} >> {}; sleep 0.00{{n}}",
            log.display()
        ))
        .arg("--export-json")
        .arg(&j)
        .arg("--export-csv")
        .arg(&c)
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "setup 1\nrun 1\nsetup 2\nrun 2\nsetup 3\nrun 3\n"
    );
    let v = json(&j);
    assert_eq!(
        results(&v),
        [1, 2, 3].map(|n| (format!("{n} ms"), serde_json::json!({"n": n.to_string()})))
    );
    // Every run record carries its benchmark's parameters too.
    assert_eq!(v["results"][1]["runs"][0]["parameters"][0]["value"], "2");
    let csv = std::fs::read_to_string(&c).unwrap();
    assert!(
        csv.lines().next().unwrap().ends_with(",parameter_n"),
        "{csv}"
    );
    assert!(csv.lines().nth(3).unwrap().starts_with("3 ms,"), "{csv}");
    assert!(csv.lines().nth(3).unwrap().ends_with(",3"), "{csv}");
    assert!(
        stdout(&out).contains("Benchmark 3: 3 ms"),
        "{}",
        stdout(&out)
    );
}

/// `--conclude` is a hook like `--prepare`: a parameter's value goes into it, per
/// benchmark.
#[test]
fn a_scan_substitutes_in_prepare_and_conclude() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let out = common::run_once()
        .args(["-L", "n", "1,2"])
        .arg("--prepare")
        .arg(format!("echo prepare {{n}} >> {}", log.display()))
        .arg("-C")
        .arg(format!("echo conclude {{n}} >> {}", log.display()))
        .arg(format!("echo run {{n}} >> {}", log.display()))
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "prepare 1\nrun 1\nconclude 1\nprepare 2\nrun 2\nconclude 2\n"
    );
}

#[test]
fn a_decimal_scan_has_exact_values() {
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("d.json");
    let out = common::run_once()
        .args([
            "-P",
            "t",
            "0",
            "0.02",
            "-D",
            "0.01",
            "sleep {t}",
            "--export-json",
        ])
        .arg(&j)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let names: Vec<String> = results(&json(&j)).into_iter().map(|r| r.0).collect();
    assert_eq!(names, ["sleep 0.00", "sleep 0.01", "sleep 0.02"]);
}

#[test]
fn lists_make_every_combination_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let out = common::run_once()
        .args(["-L", "a", "x,y", "-L", "b", "1,2"])
        .arg(format!("echo {{a}}{{b}} >> {}", log.display()))
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "x1\nx2\ny1\ny2\n");
}

/// Each bad input is refused before anything is measured, with the flag at fault.
#[test]
fn bad_parameters_are_refused_naming_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["-P", "n", "5", "1", "sleep {n}"],
            "--parameter-scan: MIN 5 is larger than MAX 1",
        ),
        (
            &["-P", "n", "1", "5", "-D", "0", "sleep {n}"],
            "--parameter-step-size must be above 0",
        ),
        (
            &["-P", "n", "1", "3", "sleep 1"],
            "--parameter-scan: command `sleep 1` does not use {n}",
        ),
        (
            &["-L", "n", "1,2", "true"],
            "--parameter-list: command `true` does not use {n}",
        ),
        (
            &["-P", "n", "1", "100000", "echo {n}"],
            "more than 10000; use a larger --parameter-step-size",
        ),
        (
            &["-P", "t", "0.1", "0.5", "sleep {t}"],
            "MIN and MAX must be integers unless --parameter-step-size",
        ),
        (
            &["-P", "n", "one", "3", "echo {n}"],
            "--parameter-scan: MIN `one` is not a number",
        ),
        (&["-D", "1", "true"], "--parameter-scan"),
        (&["true", "true"], "two benchmarks are named `true`"),
        (
            &["--reference", "true", "true"],
            "two benchmarks are named `true`",
        ),
    ];
    for (args, want) in cases {
        let out = common::run_once().args(*args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(
            !stdout(&out).contains("Benchmark"),
            "{args:?}: measured anyway"
        );
    }
}

#[test]
fn no_shell_runs_the_words_directly() {
    // Through a shell `$HOME` is expanded; with -N, printf gets it as written.
    let out = common::run_once()
        .args(["--show-output", "-N", "printf %s $HOME"])
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert!(stdout(&out).contains("$HOME"), "{}", stdout(&out));
    let out = common::run_once()
        .args(["--show-output", "printf %s-marker $HOME"])
        .env("HOME", "/expanded-home")
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("/expanded-home-marker"),
        "{}",
        stdout(&out)
    );
    let out = common::run_once()
        .args(["-N", "--shell", "bash", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--shell"), "{}", stderr(&out));
}

/// Three commands given slow, fast, middle: `auto` lists the time comparison fastest
/// first, `command` in the order given; the Markdown table follows `mean-time`.
#[test]
fn sort_orders_the_comparison_and_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("t.md");
    let cmds = ["sleep 0.12", "sleep 0.01", "sleep 0.06"];
    let run = |sort: &str| {
        let out = common::jb()
            .args(["run", "--runs", "2", "--idle", "0", "--sensor", "estimate"])
            .args(["--sort", sort, "--export-markdown"])
            .arg(&md)
            .args(cmds)
            .output()
            .unwrap();
        common::assert_ok(&out);
        (stdout(&out), std::fs::read_to_string(&md).unwrap())
    };
    let position = |text: &str, from: &str, what: &str| {
        let tail = &text[text.find(from).unwrap()..];
        tail.find(&format!("'{what}'")).unwrap_or(usize::MAX)
    };
    let (auto, auto_md) = run("auto");
    assert!(
        position(&auto, "Summary (time)", "sleep 0.06")
            < position(&auto, "Summary (time)", "sleep 0.12"),
        "{auto}"
    );
    let (given, _) = run("command");
    assert!(
        position(&given, "Summary (time)", "sleep 0.12")
            < position(&given, "Summary (time)", "sleep 0.06"),
        "{given}"
    );
    let rows = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with("| `"))
            .map(|l| l.split('`').nth(1).unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(rows(&auto_md), cmds);
    let (_, by_time) = run("mean-time");
    assert_eq!(rows(&by_time), ["sleep 0.01", "sleep 0.06", "sleep 0.12"]);
    let (_, by_energy) = run("mean-energy");
    assert_eq!(rows(&by_energy), ["sleep 0.01", "sleep 0.06", "sleep 0.12"]);
}

#[test]
fn time_unit_fixes_the_unit_of_the_summary_and_markdown_not_json() {
    let dir = tempfile::tempdir().unwrap();
    let (md, j) = (dir.path().join("u.md"), dir.path().join("u.json"));
    let out = common::run_once()
        .args([
            "--time-unit",
            "microsecond",
            "sleep 0.01",
            "--export-markdown",
        ])
        .arg(&md)
        .arg("--export-json")
        .arg(&j)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let text = stdout(&out);
    let time = text
        .lines()
        .find(|l| l.contains("Time (mean ± σ):"))
        .unwrap();
    assert!(time.contains(" µs ± "), "{time}");
    assert!(std::fs::read_to_string(&md).unwrap().contains("Mean [µs]"));
    let mean = json(&j)["results"][0]["mean"].as_f64().unwrap();
    assert!(
        (0.005..5.0).contains(&mean),
        "JSON stays in seconds: {mean}"
    );
    let out = common::run_once()
        .args(["-u", "second", "sleep 0.01"])
        .output()
        .unwrap();
    let text = stdout(&out);
    let time = text
        .lines()
        .find(|l| l.contains("Time (mean ± σ):"))
        .unwrap();
    assert!(time.contains(" s ± ") && !time.contains("ms"), "{time}");
    let out = common::run_once()
        .args(["--time-unit", "minute", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--time-unit"), "{}", stderr(&out));
}

#[test]
fn the_reference_is_measured_first_and_compared_against() {
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("r.json");
    let out = common::jb()
        .args(["run", "--runs", "3", "--idle", "0", "--sensor", "estimate"])
        .args(["--reference", "sleep 0.08", "sleep 0.01", "--export-json"])
        .arg(&j)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let text = stdout(&out);
    assert!(text.starts_with("Benchmark 1: sleep 0.08\n"), "{text}");
    assert!(text.contains("  'sleep 0.08' (reference) ran\n"), "{text}");
    assert!(text.contains(" times slower than 'sleep 0.01'"), "{text}");
    let v = json(&j);
    assert_eq!(v["session"]["reference"], "sleep 0.08");
    let other = &v["results"][1];
    assert_eq!(other["time_relative"]["vs"], "sleep 0.08");
    assert!(
        other["time_relative"]["ratio"].as_f64().unwrap() < 1.0,
        "{other}"
    );
    assert_eq!(v["results"][0]["time_relative"]["is_reference"], true);
}

#[test]
fn help_groups_the_options_under_headings() {
    let help = |sub: &str| {
        let out = common::jb().args([sub, "--help"]).output().unwrap();
        common::assert_ok(&out);
        stdout(&out)
    };
    let run = help("run");
    for heading in [
        "Commands:",
        "Runs:",
        "Measurement:",
        "Parameters:",
        "Output and exports:",
        "Test roots:",
    ] {
        assert!(run.contains(&format!("\n{heading}\n")), "{heading}: {run}");
    }
    let at = |text: &str, s: &str| text.find(s).unwrap_or_else(|| panic!("{s}: {text}"));
    // The test roots under their own heading, after every option of run's own.
    let roots = at(&run, "\nTest roots:\n");
    assert!(at(&run, "--sysfs-root") > roots && at(&run, "--procfs-root") > roots);
    assert!(at(&run, "--export-json") < roots && at(&run, "--parameter-scan") < roots);
    assert!(at(&run, "\nParameters:\n") < at(&run, "--parameter-list"));
    // i13-exports' options under the headings of their kind: --output and --conclude with
    // the other ways of starting the command, the new exports with the others.
    let commands = at(&run, "\nCommands:\n");
    let runs = at(&run, "\nRuns:\n");
    let output = at(&run, "\nOutput and exports:\n");
    for flag in ["--output <WHERE>", "--conclude <CMD>", "--prepare <CMD>"] {
        assert!(
            at(&run, flag) > commands && at(&run, flag) < runs,
            "{flag}: {run}"
        );
    }
    for flag in ["--export-asciidoc", "--export-orgmode", "--export-html"] {
        assert!(
            at(&run, flag) > output && at(&run, flag) < roots,
            "{flag}: {run}"
        );
    }
    let rank = help("rank");
    let roots = at(&rank, "\nTest roots:\n");
    assert!(at(&rank, "--sysfs-root") > roots && at(&rank, "--warmup") < roots);
    assert!(rank.contains("\nMeasurement:\n"), "{rank}");
}
