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
        html.contains("Energy per run, estimated by the estimate sensor"),
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

/// `run` with `args` and one command, three runs on the estimate sensor, in `dir`.
fn run_in(dir: &Path, args: &[&str], command: &str) -> std::process::Output {
    common::jb()
        .current_dir(dir)
        .args(["run", "--runs", "3", "--idle", "0", "--sensor", "estimate"])
        .args(["--timeout", "30"])
        .args(args)
        .arg(command)
        .output()
        .unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Each destination, as the command itself sees its standard output (`test` fails the
/// run, and `run` with it, when it is not what was asked).
#[test]
fn output_is_what_the_command_sees() {
    let dir = tempfile::tempdir().unwrap();
    for (args, test) in [
        (&[][..], "-c"),
        (&["--output", "null"][..], "-c"),
        (&["--output", "pipe"][..], "-p"),
        (&["--output", "out.txt"][..], "-f"),
    ] {
        let out = run_in(dir.path(), args, &format!("test {test} /dev/stdout"));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        // And the opposite fails: the check is real.
        let out = run_in(dir.path(), args, &format!("! test {test} /dev/stdout"));
        assert!(!out.status.success(), "{args:?}");
    }
    // `inherit` and `--show-output`: the command's output is joulebench's.
    for args in [&["--output", "inherit"][..], &["--show-output"][..]] {
        let out = run_in(
            dir.path(),
            args,
            "echo from-the-command; echo on-stderr >&2",
        );
        common::assert_ok(&out);
        let stdout = String::from_utf8_lossy(&out.stdout);
        // Lines of their own: the summary names the command too.
        let lines = |t: &str, l: &str| t.lines().filter(|x| *x == l).count();
        assert_eq!(lines(&stdout, "from-the-command"), 3, "{stdout}");
        assert_eq!(lines(&stderr(&out), "on-stderr"), 3);
    }
    let out = run_in(
        dir.path(),
        &["--output", "pipe"],
        "echo hidden; echo hidden2 >&2",
    );
    common::assert_ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.lines().any(|l| l.starts_with("hidden")), "{stdout}");
    assert!(!stderr(&out).lines().any(|l| l.starts_with("hidden")));
}

/// A pipe is read as the command writes: a megabyte (sixteen times a pipe's buffer)
/// does not block it.
#[test]
fn a_pipe_is_drained() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &["--output", "pipe"],
        "head -c 1000000 /dev/zero; test -p /dev/stdout",
    );
    common::assert_ok(&out);
    assert!(!stderr(&out).contains("timed out"), "{}", stderr(&out));
}

/// A FILE holds the last run's output; an existing file is left as it is while the runs
/// go (the command reads it), then replaced with its mode kept.
#[test]
fn an_output_file_holds_the_last_run_and_is_replaced_only_at_the_end() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.txt");
    std::fs::write(&file, "precious\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = run_in(
        dir.path(),
        &["--output", "out.txt"],
        "grep -q precious out.txt && n=$(($(cat n 2>/dev/null || echo 0) + 1)) && echo $n > n && echo run $n",
    );
    common::assert_ok(&out);
    assert_eq!(read(&file), "run 3\n");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // Nothing left beside it.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["n", "out.txt"]);
}

/// A FIFO is written into, never replaced by a file.
#[test]
fn a_fifo_is_written_into() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(ok.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = common::jb()
        .args(["run", "--runs", "1", "--idle", "0", "--sensor", "estimate"])
        .arg("--output")
        .arg(&fifo)
        .arg("echo through-the-fifo")
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert_eq!(reader.join().unwrap(), "through-the-fifo\n");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

/// Errors name the flag, come before any run, and exit non-zero.
#[test]
fn a_bad_output_is_refused_before_any_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &["--output", "/nonexistent-jb/out"],
        "touch ran",
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--output"), "{}", stderr(&out));
    let out = run_in(
        dir.path(),
        &["--output", "same.json", "--export-json", "same.json"],
        "touch ran",
    );
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(
        e.contains("--output") && e.contains("--export-json") && e.contains("same file"),
        "{e}"
    );
    let out = run_in(dir.path(), &["--output", "x", "--show-output"], "touch ran");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--show-output"), "{}", stderr(&out));
    assert!(!dir.path().join("ran").exists(), "a command ran");
    assert!(!dir.path().join("x").exists());
}

/// `--conclude` runs after every run, warm-ups too, each after its run and before the
/// next `--prepare`; it is not measured.
#[test]
fn conclude_runs_after_every_run_and_is_not_measured() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("r.json");
    let out = run_in(
        dir.path(),
        &[
            "--warmup",
            "1",
            "--prepare",
            "echo p >> log",
            "-C",
            "echo c >> log; sleep 0.3",
            "--export-json",
            export.to_str().unwrap(),
        ],
        "echo run >> log",
    );
    common::assert_ok(&out);
    let log = read(&dir.path().join("log")).replace('\n', " ");
    assert_eq!(log, "p run c ".repeat(4));
    let v: serde_json::Value = serde_json::from_str(&read(&export)).unwrap();
    let max = v["results"][0]["max"].as_f64().unwrap();
    assert!(
        max < 0.2,
        "the conclude's 0.3 s sleep was measured: {max} s"
    );
}

/// A failing `--conclude` stops the session and says which hook.
#[test]
fn a_failing_conclude_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["--conclude", "exit 4"], "true");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("conclude command `exit 4` exited with code 4"),
        "{}",
        stderr(&out)
    );
}
