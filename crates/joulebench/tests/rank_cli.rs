//! `joulebench rank` end to end on the real suite at check size: build, verify, measure,
//! append run by run, render, resume, and exclude a program that fails verification.

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const PROBLEMS: &str = "n-body,fasta,reverse-complement";

fn jb(cache: &Path) -> Command {
    let mut c = common::jb();
    c.env_remove("JOULEBENCH_SUITE_DIR")
        .env("JOULEBENCH_CACHE_DIR", cache);
    c
}

fn real_suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../suite")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn rank(
    cache: &Path,
    suite: &Path,
    langs: &str,
    runs: &str,
    extra: &[&str],
) -> std::process::Output {
    jb(cache)
        .args(["rank", "--profile", "check", "--runs", runs, "--idle", "0"])
        .args(["--sensor", "estimate", "--languages", langs])
        .args(["--problems", PROBLEMS, "--suite-dir"])
        .arg(suite)
        .args(extra)
        .output()
        .unwrap()
}

/// A ranking of one cell (C n-body, check size, one estimated run) into `out`.
fn one_cell_ranking(cache: &Path, out: &Path) -> Command {
    let mut c = jb(cache);
    c.args(["rank", "--profile", "check", "--runs", "1", "--idle", "0"])
        .args([
            "--sensor",
            "estimate",
            "--languages",
            "c",
            "--problems",
            "n-body",
        ])
        .arg("--suite-dir")
        .arg(real_suite())
        .arg("--out")
        .arg(out);
    c
}

/// The run lines of a results file as JSON values.
fn runs(results: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(results)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "run")
        .collect()
}

#[test]
fn rank_measures_renders_and_resumes() {
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("r");
    let o = rank(
        cache.path(),
        &real_suite(),
        "c,cpp",
        "2",
        &["--out", dir.to_str().unwrap()],
    );
    let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{stdout}\n{stderr}");
    // Estimated energy is said at the top, and both tables are there.
    assert!(stdout.contains("ESTIMATED"), "{stdout}");
    assert!(stdout.contains("Published energy"), "{stdout}");
    assert!(stdout.contains("Geometric mean"), "{stdout}");
    for f in ["report.html", "report.md", "report.json", "report.csv"] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let results = dir.join("results.jsonl");
    let all = runs(&results);
    assert_eq!(all.len(), 3 * 2 * 2, "3 problems x 2 languages x 2 runs");
    // Interleaved: consecutive runs are of different programs.
    assert_ne!(all[0]["command"], all[1]["command"]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    let text_json = json.to_string();
    assert!(
        text_json.contains("\"energy_ratio_geomean\""),
        "{text_json}"
    );
    assert!(text_json.contains("estimated"), "{text_json}");

    // A crash after 5 runs, mid-line: resume makes exactly the missing runs.
    let lines: Vec<String> = std::fs::read_to_string(&results)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let keep: Vec<String> = lines
        .iter()
        .take_while(|l| !l.contains("\"type\":\"run\""))
        .chain(
            lines
                .iter()
                .filter(|l| l.contains("\"type\":\"run\""))
                .take(5),
        )
        .cloned()
        .collect();
    let mut truncated = keep.join("\n");
    truncated.push_str("\n{\"type\":\"run\",\"comm");
    std::fs::write(&results, truncated).unwrap();
    let o = jb(cache.path())
        .args(["rank", "--profile", "check", "--runs", "2", "--idle", "0"])
        .args(["--sensor", "estimate", "--languages", "c,cpp"])
        .args(["--problems", PROBLEMS, "--suite-dir"])
        .arg(real_suite())
        .arg("--resume")
        .arg(&dir)
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.contains("7 runs to make"), "{stderr}");
    let all = runs(&results);
    assert_eq!(all.len(), 12, "{stderr}");
    // Every program has exactly its two runs again.
    let mut counts = std::collections::BTreeMap::new();
    for r in &all {
        *counts.entry(r["command"].to_string()).or_insert(0) += 1;
    }
    assert!(counts.values().all(|&n| n == 2), "{counts:?}");
}

#[test]
fn a_program_that_fails_verification_is_excluded_loudly() {
    // A copy of the suite where the C n-body prints a wrong digit.
    let copy = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(real_suite())
        .arg(copy.path())
        .status()
        .unwrap();
    assert!(status.success());
    let suite = copy.path().join("suite");
    let src = suite.join("n-body/c/main.c");
    let code = std::fs::read_to_string(&src).unwrap();
    let broken = code.replacen("printf(\"%.9f\\n\"", "printf(\"%.8f0\\n\"", 1);
    assert_ne!(code, broken, "the n-body C program's printf format changed");
    std::fs::write(&src, broken).unwrap();

    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("r");
    let o = rank(
        cache.path(),
        &suite,
        "c,cpp",
        "1",
        &["--out", dir.to_str().unwrap()],
    );
    let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.contains("EXCLUDED n-body/c"), "{stderr}");
    let all = runs(&dir.join("results.jsonl"));
    // Results carry the languages' display names.
    assert!(all.iter().all(|r| r["command"] != "n-body/C"));
    assert!(all.iter().any(|r| r["command"] == "n-body/C++"));
    assert!(all.iter().any(|r| r["command"] == "fasta/C"));
}

#[test]
fn an_unknown_language_is_an_error_naming_it() {
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = jb(cache.path())
        .args(["rank", "--languages", "cobol", "--suite-dir"])
        .arg(real_suite())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = text(&o.stderr);
    assert!(stderr.contains("unknown language `cobol`"), "{stderr}");
    assert!(!out.path().join("results.jsonl").exists());
}

/// Regression (reliability issue): `--resume` with another profile silently mixed a
/// check-size run and a quick-size run in one cell; `--out` into an existing ranking
/// appended a second session with the same indices.
#[test]
fn resume_refuses_other_settings_and_out_refuses_an_existing_ranking() {
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("r");
    let new_ranking = || one_cell_ranking(cache.path(), &dir).output().unwrap();
    let o = new_ranking();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let before = std::fs::read(dir.join("results.jsonl")).unwrap();
    for (flag, value) in [
        ("--profile", "quick"),
        ("--runs", "2"),
        ("--languages", "c,rust"),
        ("--problems", "fasta"),
    ] {
        let o = jb(cache.path())
            .args(["rank", "--idle", "0", "--sensor", "estimate", "--suite-dir"])
            .arg(real_suite())
            .args([flag, value, "--resume"])
            .arg(&dir)
            .output()
            .unwrap();
        let stderr = text(&o.stderr);
        assert!(!o.status.success(), "{flag} {value}: {stderr}");
        assert!(stderr.contains(flag) && stderr.contains(value), "{stderr}");
    }
    // Without flags it continues what was recorded: nothing is missing, nothing is added.
    let o = jb(cache.path())
        .args(["rank", "--idle", "0", "--sensor", "estimate", "--suite-dir"])
        .arg(real_suite())
        .arg("--resume")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("0 runs to make"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(runs(&dir.join("results.jsonl")).len(), 1);
    // A `run` export is not a ranking.
    let export = out.path().join("run.jsonl");
    common::jb()
        .args([
            "run",
            "--runs",
            "1",
            "--idle",
            "0",
            "--sensor",
            "estimate",
            "--export-jsonl",
        ])
        .arg(&export)
        .arg("true")
        .assert()
        .success();
    let rundir = out.path().join("fromrun");
    std::fs::create_dir(&rundir).unwrap();
    std::fs::rename(&export, rundir.join("results.jsonl")).unwrap();
    let o = jb(cache.path())
        .args(["rank", "--resume"])
        .arg(&rundir)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("not written by `joulebench rank`"),
        "{}",
        text(&o.stderr)
    );
    // --out into the existing ranking is refused, and the results are untouched.
    let o = new_ranking();
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("already holds a ranking"),
        "{}",
        text(&o.stderr)
    );
    let after = std::fs::read(dir.join("results.jsonl")).unwrap();
    assert!(after.starts_with(&before[..before.len() - 1]));
}

/// Regression (reliability issue): under sudo the results directory and its files were
/// root's, so the user could not resume or delete their own ranking.
#[test]
fn under_sudo_the_ranking_belongs_to_the_invoking_user() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root, as under sudo");
        return;
    }
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    // The programs run as the invoking user: they must reach the cache.
    for d in [cache.path(), out.path()] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let dir = out.path().join("results").join("mine");
    let o = one_cell_ranking(cache.path(), &dir)
        .env("SUDO_UID", "65534")
        .env("SUDO_GID", "65534")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    for p in [
        out.path().join("results"),
        dir.clone(),
        dir.join("results.jsonl"),
        dir.join("report.html"),
    ] {
        let md = std::fs::metadata(&p).unwrap();
        assert_eq!((md.uid(), md.gid()), (65534, 65534), "{}", p.display());
    }
}

/// Regression (redesign issue): rank declared its own copy of the measurement flags and
/// never checked `--sample-rate` (0 Hz was accepted); its `--profile` list was hard-coded
/// beside the manifest that defines the profiles.
#[test]
fn rank_checks_shared_flags_and_takes_profiles_from_the_manifest() {
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let profile = |value: &str| {
        let mut c = jb(cache.path());
        c.args(["rank", "--profile", value, "--sensor", "estimate"])
            .args(["--languages", "c", "--problems", "n-body", "--suite-dir"])
            .arg(real_suite());
        c
    };
    let cases = [
        (
            one_cell_ranking(cache.path(), &out.path().join("a")),
            ["--sample-rate", "20000"],
            "--sample-rate must be 0 (no timeline) to 10000 Hz",
        ),
        (
            one_cell_ranking(cache.path(), &out.path().join("b")),
            ["--timeout", "0"],
            "--timeout must be a number of seconds above 0",
        ),
        (
            profile("huge"),
            ["--out", &out.path().join("c").display().to_string()],
            "--profile huge: unknown size profile `huge` (known: check, quick, study)",
        ),
    ];
    for (mut cmd, args, says) in cases {
        let o = cmd.args(args).output().unwrap();
        let stderr = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    for dir in ["a", "b", "c"] {
        assert!(!out.path().join(dir).join("results.jsonl").exists());
    }
}

/// The results file records what was ranked as typed facts, not string keys.
#[test]
fn the_session_line_describes_the_ranking() {
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = one_cell_ranking(cache.path(), out.path()).output().unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let first = std::fs::read_to_string(out.path().join("results.jsonl")).unwrap();
    let session: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    let r = &session["ranking"];
    assert_eq!(r["profile"], "check");
    assert_eq!(r["runs"], 1);
    assert_eq!(r["selection"]["languages"], serde_json::json!(["c"]));
    assert_eq!(r["selection"]["problems"], serde_json::json!(["n-body"]));
    assert_eq!(r["languages"][0]["name"], "C");
    assert!(
        r["languages"][0]["toolchain"]
            .as_str()
            .is_some_and(|v| v.contains("gcc")),
        "{r}"
    );
    assert_eq!(
        r["problems"],
        serde_json::json!([{"id": "n-body", "size": 1000}])
    );
    assert!(
        session["notes"].as_object().is_none_or(|n| n.is_empty()),
        "{session}"
    );
}

/// Not on a terminal (a pipe, a CI log), `rank` prints a plain line per run and no
/// progress bar.
#[test]
fn in_a_pipe_rank_prints_one_plain_line_per_run() {
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = one_cell_ranking(cache.path(), &out.path().join("r"))
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{stdout}\n{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("[1/1] n-body/C "))
        .unwrap_or_else(|| panic!("no run line:\n{stderr}"));
    assert!(line.ends_with(" J (estimated)"), "{line}");
    // Neither the bar nor its escape sequences.
    assert!(
        !stderr.contains("ETA") && !stderr.contains('\u{1b}'),
        "{stderr}"
    );
}
