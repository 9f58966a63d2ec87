//! The resident launcher: one launcher process serves every run of a benchmark (the
//! per-run cost of starting one was three times hyperfine's). Each test names what a
//! launcher kept between runs must still guarantee: per-run figures that are the run's
//! own, and nothing a hostile or crashing command does turning into a wrong record.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A shell snippet that counts the runs in `counter` and runs `then` on run `n` only
/// (the same command line for every run, as a benchmark is).
fn on_run(counter: &Path, n: u32, then: &str) -> String {
    let c = counter.display();
    format!(
        "i=$(cat {c} 2>/dev/null || echo 0); i=$((i+1)); echo $i > {c}; \
         if [ $i = {n} ]; then {then}; fi"
    )
}

/// The runs of the first command of an export.
fn runs(export: &Path) -> Vec<serde_json::Value> {
    json(export)["results"][0]["runs"]
        .as_array()
        .unwrap()
        .clone()
}

fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, r)| !r.trim_start().starts_with('Z'))
        })
        .unwrap_or(false)
}

/// Every run of a benchmark is forked by the same launcher (its parent), a different one
/// from another benchmark's, and none is left running once joulebench ends.
#[test]
fn one_launcher_per_benchmark_serves_all_its_runs_and_ends_with_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let out = common::jb()
        .args(["run", "--runs", "4", "--idle", "0", "--sensor", "estimate"])
        .arg(format!("echo $PPID >> {}", a.display()))
        .arg(format!("echo $PPID >> {}", b.display()))
        .output()
        .unwrap();
    common::assert_ok(&out);
    let parents = |p: &Path| -> Vec<i32> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(|l| l.trim().parse().unwrap())
            .collect()
    };
    let (pa, pb) = (parents(&a), parents(&b));
    assert_eq!(pa.len(), 4, "{pa:?}");
    assert!(pa.iter().all(|p| *p == pa[0]), "runs of a: {pa:?}");
    assert!(pb.iter().all(|p| *p == pb[0]), "runs of b: {pb:?}");
    assert_ne!(pa[0], pb[0], "two benchmarks shared a launcher");
    for p in [pa[0], pb[0]] {
        assert!(!alive(p), "launcher {p} outlived joulebench");
    }
}

/// A launcher kept between runs must not make a run's peak memory another run's: a
/// 64 MB run then `true` runs, through the same launcher.
#[test]
fn peak_memory_stays_per_run_through_one_launcher() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("r.json");
    let big = "dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null";
    let out = common::jb()
        .args(["run", "--runs", "3", "--idle", "0", "--sensor", "estimate"])
        .arg("--export-json")
        .arg(&export)
        .arg(on_run(&dir.path().join("n"), 1, big))
        .output()
        .unwrap();
    common::assert_ok(&out);
    let peaks: Vec<f64> = runs(&export)
        .iter()
        .map(|r| r["peak_rss_bytes"].as_f64().unwrap() / 1e6)
        .collect();
    assert!(peaks[0] > 60.0, "the 64 MB run peaked at {peaks:?} MB");
    for p in &peaks[1..] {
        assert!(*p < 10.0, "a small run after the big one: {peaks:?} MB");
    }
}

/// Each run reads its `--input` from the start: the launcher opens it afresh per run.
#[test]
fn every_run_reads_its_input_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let (input, seen) = (dir.path().join("in"), dir.path().join("seen"));
    std::fs::write(&input, "x".repeat(1000)).unwrap();
    let out = common::jb()
        .args(["run", "--runs", "3", "--idle", "0", "--sensor", "estimate"])
        .arg("--input")
        .arg(&input)
        .arg(format!("wc -c >> {}", seen.display()))
        .output()
        .unwrap();
    common::assert_ok(&out);
    let counts: Vec<String> = std::fs::read_to_string(&seen)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .collect();
    assert_eq!(counts, ["1000", "1000", "1000"]);
}

/// A command that crashes on its second run: that run is recorded as killed by its
/// signal, and the runs after it are measured normally by the same launcher.
#[test]
fn a_crash_mid_series_is_that_runs_alone() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("r.json");
    let out = common::jb()
        .args(["run", "--runs", "4", "--idle", "0", "--sensor", "estimate"])
        .arg("--ignore-failure")
        .arg("--export-json")
        .arg(&export)
        .arg(on_run(&dir.path().join("n"), 2, "kill -SEGV $$"))
        .output()
        .unwrap();
    common::assert_ok(&out);
    let runs = runs(&export);
    assert_eq!(runs.len(), 4, "{runs:?}");
    assert_eq!(runs[1]["signal"], 11, "{}", runs[1]);
    for i in [0, 2, 3] {
        assert_eq!(runs[i]["exit_code"], 0, "{}", runs[i]);
        assert!(runs[i]["signal"].is_null(), "{}", runs[i]);
    }
}

/// A timeout in the middle of a series kills that run's process group only; the next
/// run is measured, promptly, by the launcher that reported the killed one.
#[test]
fn a_timeout_mid_series_ends_that_run_only() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("r.json");
    let t0 = Instant::now();
    let out = common::jb()
        .args(["run", "--runs", "3", "--idle", "0", "--sensor", "estimate"])
        .args(["--ignore-failure", "--timeout", "0.5"])
        .arg("--export-json")
        .arg(&export)
        .arg(on_run(&dir.path().join("n"), 2, "sleep 30"))
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert!(t0.elapsed() < Duration::from_secs(20), "{:?}", t0.elapsed());
    let runs = runs(&export);
    assert_eq!(runs.len(), 3, "{runs:?}");
    assert_eq!(runs[1]["timed_out"], true, "{}", runs[1]);
    let killed_after = runs[1]["wall_s"].as_f64().unwrap();
    assert!((0.5..5.0).contains(&killed_after), "{}", runs[1]);
    for i in [0, 2] {
        assert_eq!(runs[i]["timed_out"], false, "{}", runs[i]);
        assert_eq!(runs[i]["exit_code"], 0, "{}", runs[i]);
        assert!(runs[i]["wall_s"].as_f64().unwrap() < 0.5, "{}", runs[i]);
    }
}

/// A command that kills its launcher (its parent) takes the run's report with it: that
/// is an error naming what happened, never a record with made-up figures, and the run's
/// process group is stopped, not left running.
#[test]
fn a_command_that_kills_its_launcher_is_an_error_not_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("r.json");
    let pids = dir.path().join("pids");
    let kill = format!(
        "sleep 30 & echo \"$PPID $!\" > {}; kill -KILL $PPID; wait",
        pids.display()
    );
    let out = common::jb()
        .args(["run", "--runs", "3", "--idle", "0", "--sensor", "estimate"])
        .arg("--export-json")
        .arg(&export)
        .arg(on_run(&dir.path().join("n"), 2, &kill))
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("the launcher ended without reporting the exit") && err.contains("signal: 9"),
        "{err}"
    );
    if export.exists() {
        // Whatever was exported holds the first run only, as measured.
        let runs = runs(&export);
        assert!(runs.len() <= 1, "{runs:?}");
    }
    let pids: Vec<i32> = std::fs::read_to_string(&pids)
        .unwrap()
        .split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect();
    let t0 = Instant::now();
    while pids.iter().any(|p| alive(*p)) && t0.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(Duration::from_millis(20));
    }
    for p in pids {
        let still = alive(p);
        if still {
            // SAFETY: kill of a pid this test's command wrote; cleaning up a failure.
            unsafe { libc::kill(p, libc::SIGKILL) };
        }
        assert!(
            !still,
            "{p} (the launcher or the run's sleep) is still running"
        );
    }
}

/// Signals a same-user command may send its launcher without killing it (terminal
/// signals, SIGPIPE, SIGHUP): the series goes on, each run its own.
#[test]
fn signals_to_the_launcher_change_nothing_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("r.json");
    let poke = "kill -INT $PPID; kill -TERM $PPID; kill -QUIT $PPID; kill -PIPE $PPID; sleep 0.05";
    let out = common::jb()
        .args(["run", "--runs", "3", "--idle", "0", "--sensor", "estimate"])
        .arg("--export-json")
        .arg(&export)
        .arg(poke)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let runs = runs(&export);
    assert_eq!(runs.len(), 3, "{runs:?}");
    for r in &runs {
        assert_eq!(r["exit_code"], 0, "{r}");
        assert!(r["wall_s"].as_f64().unwrap() >= 0.05, "{r}");
    }
}

/// The launcher opens a run's input only when the run is asked for, after its
/// `--prepare` hook: a prepare that puts a new input in place (by rename, a new file)
/// is what that run reads, not the previous run's input.
#[test]
fn each_run_reads_the_input_its_prepare_hook_put_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let (input, seen, n) = (
        dir.path().join("in"),
        dir.path().join("seen"),
        dir.path().join("n"),
    );
    std::fs::write(&input, "before\n").unwrap();
    let prepare = format!(
        "i=$(cat {n} 2>/dev/null || echo 0); i=$((i+1)); echo $i > {n}; \
         echo input-$i > {input}.new && mv {input}.new {input}",
        n = n.display(),
        input = input.display()
    );
    let out = common::jb()
        .args(["run", "--runs", "3", "--warmup", "1", "--idle", "0"])
        .args(["--sensor", "estimate"])
        .arg("--prepare")
        .arg(&prepare)
        .arg("--input")
        .arg(&input)
        .arg(format!("cat >> {}", seen.display()))
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap(),
        "input-1\ninput-2\ninput-3\ninput-4\n"
    );
}

/// An `--output` file is connected (truncated) only when a run is asked for: the
/// `--conclude` hook after a run sees that run's output, and once the session is over
/// the file holds the last run's output (the launcher does not prepare a run that never
/// comes).
#[test]
fn the_output_file_is_the_runs_until_the_next_run_starts() {
    let dir = tempfile::tempdir().unwrap();
    let n = dir.path().join("n");
    let command = format!(
        "i=$(cat {n} 2>/dev/null || echo 0); i=$((i+1)); echo $i > {n}; echo run-$i",
        n = n.display()
    );
    // The runs write into a temporary file beside out.txt (`.tmp…`), put in place at the
    // end: the hook reads it there.
    let out = common::jb()
        .current_dir(dir.path())
        .args(["run", "--runs", "3", "--warmup", "1", "--idle", "0"])
        .args(["--sensor", "estimate", "--output", "out.txt"])
        .args(["--conclude", "cat .tmp* >> seen"])
        .arg(&command)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("seen"), "run-1\nrun-2\nrun-3\nrun-4\n");
    assert_eq!(read("out.txt"), "run-4\n");
}

/// `--output pipe` through one launcher: every run gets a pipe of its own, drained while
/// it writes (a megabyte each, far more than a pipe holds), and no run waits on the
/// previous run's pipe.
#[test]
fn every_run_gets_a_drained_pipe_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("r.json");
    let seen = dir.path().join("seen");
    let out = common::jb()
        .args(["run", "--runs", "4", "--idle", "0", "--sensor", "estimate"])
        .args(["--output", "pipe", "--timeout", "20"])
        .arg("--export-json")
        .arg(&export)
        .arg(format!(
            "head -c 1000000 /dev/zero; test -p /dev/stdout && \
             p=$(readlink /proc/$$/fd/1) && echo $p >> {}",
            seen.display()
        ))
        .output()
        .unwrap();
    common::assert_ok(&out);
    let runs = runs(&export);
    assert_eq!(runs.len(), 4, "{runs:?}");
    for r in &runs {
        assert_eq!(r["exit_code"], 0, "{r}");
        assert_eq!(r["timed_out"], false, "{r}");
    }
    let pipes: Vec<String> = std::fs::read_to_string(&seen)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(pipes.len(), 4, "{pipes:?}");
    for (i, p) in pipes.iter().enumerate() {
        assert!(p.starts_with("pipe:"), "{pipes:?}");
        assert!(!pipes[..i].contains(p), "a pipe served two runs: {pipes:?}");
    }
}

/// The launcher forks a run's child ahead of the run (so that `fork` is not in the
/// measured time), but the program is looked up only when the run starts: a `--prepare`
/// hook that puts a new program in place (by rename, a new file) is what that run
/// executes, not the one there when the child was forked.
#[test]
fn a_child_forked_ahead_runs_the_program_its_prepare_hook_put_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let (prog, seen, n) = (
        dir.path().join("prog"),
        dir.path().join("seen"),
        dir.path().join("n"),
    );
    let prepare = dir.path().join("prepare.sh");
    std::fs::write(
        &prepare,
        format!(
            "i=$(cat {n} 2>/dev/null || echo 0); i=$((i+1)); echo $i > {n}; \
             printf '#!/bin/sh\\necho version-%s >> {seen}\\n' $i > {prog}.new && \
             chmod +x {prog}.new && mv {prog}.new {prog}",
            n = n.display(),
            seen = seen.display(),
            prog = prog.display()
        ),
    )
    .unwrap();
    // -N: no shell for the command, so that the launcher itself looks the program up;
    // the hook is then split into words too.
    let out = common::jb()
        .args(["run", "--runs", "3", "--warmup", "1", "--idle", "0", "-N"])
        .args(["--sensor", "estimate", "--prepare"])
        .arg(format!("sh {}", prepare.display()))
        .arg(&prog)
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap(),
        "version-1\nversion-2\nversion-3\nversion-4\n"
    );
}

/// A child forked ahead for a run that never comes (the benchmark is over, or its
/// program cannot start) exits with its launcher: nothing of joulebench's process group
/// (joulebench, its launchers and their children forked ahead) is left once joulebench
/// has ended.
#[test]
fn no_child_forked_ahead_outlives_the_session() {
    use std::os::unix::process::CommandExt;
    for program in ["true", "/nonexistent-joulebench/prog"] {
        let mut cmd = common::jb_std();
        cmd.args([
            "run", "--runs", "5", "--idle", "0", "-N", "--sensor", "estimate",
        ])
        .arg(program)
        .arg("sleep 0.001")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0);
        let mut child = cmd.spawn().unwrap();
        let group = nix::unistd::Pid::from_raw(child.id() as i32);
        let status = child.wait().unwrap();
        assert_eq!(status.success(), program == "true", "{program}: {status}");
        // Give an orphan a moment to show itself; then the group must be empty.
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(
            nix::sys::signal::killpg(group, None),
            Err(nix::errno::Errno::ESRCH),
            "{program}: a process of joulebench's group outlived it"
        );
    }
}
