//! Regressions of the reliability issue: nothing a measured program, a bad path or a
//! failing counter does may corrupt, forge or lose a result. Each test names the defect
//! it guards against; each failed before its fix.

mod common;

use joulebench_testkit::fake::FakeTreeBuilder;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `joulebench run --sensor rapl-powercap`, once, of `true`, on a fake tree.
fn powercap_once(tree: &joulebench_testkit::fake::FakeTree) -> assert_cmd::Command {
    let mut c = common::jb();
    c.arg("--sysfs-root").arg(tree.sysfs_root()).args([
        "run",
        "--sensor",
        "rapl-powercap",
        "--runs",
        "1",
        "--idle",
        "0",
        "true",
    ]);
    c
}

/// A run reply as the launcher writes it, claiming 1 ns and 1 byte.
const FORGED: &str = r#"{"Exited":{"code":0,"signal":null,"user_us":0,"system_us":0,"peak_rss_bytes":1,"wall_ns":1,"leftover":[]}}"#;

/// The launcher's pipes (fds 3 and 4) reached the measured command.
#[test]
fn the_command_sees_only_its_standard_fds() {
    let mut jb = common::jb_std();
    // Start joulebench itself with only 0, 1 and 2 (the test harness may hold others
    // without close-on-exec): any other fd the command sees came from joulebench.
    // SAFETY: close is async-signal-safe.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut jb, || {
            for fd in 3..1024 {
                libc::close(fd);
            }
            Ok(())
        });
    }
    let out = assert_cmd::Command::from_std(jb)
        .args(["run", "--runs", "1", "--idle", "0", "--sensor", "estimate"])
        .arg("--show-output")
        .arg("for fd in 3 4 5 6 7 8 9 10 11 12; do [ -e /proc/$$/fd/$fd ] && echo OPEN''FD $fd; done; true")
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert!(
        !text(&out.stdout).contains("OPENFD"),
        "{}",
        text(&out.stdout)
    );
}

/// A command that wrote a well-formed reply line on fd 4 replaced its own time, peak
/// memory and exit code.
#[test]
fn a_forged_reply_on_the_protocol_fd_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("r.json");
    let out = common::run_once()
        .arg("--export-json")
        .arg(&export)
        .arg(format!("printf '%s\\n' '{FORGED}' >&4 2>/dev/null; printf '%s\\n' '{FORGED}' >&3 2>/dev/null; sleep 0.3"))
        .output()
        .unwrap();
    common::assert_ok(&out);
    let run = &json(&export)["results"][0]["runs"][0];
    assert!(run["wall_s"].as_f64().unwrap() >= 0.3, "{run}");
    assert!(run["peak_rss_bytes"].as_u64().unwrap() > 100_000, "{run}");
}

/// As the same user, a command could reopen the launcher's (and joulebench's) pipes
/// through /proc/<pid>/fd and forge its report. Both are non-dumpable now.
#[test]
fn a_same_user_command_cannot_forge_through_proc() {
    if !is_root()
        || std::process::Command::new("setpriv")
            .arg("--version")
            .output()
            .is_err()
    {
        eprintln!("skipped: needs root and setpriv to run joulebench as an ordinary user");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("joulebench");
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o777),
    )
    .unwrap();
    let export = dir.path().join("r.json");
    let attack = format!(
        "for p in $PPID $(cut -d' ' -f4 /proc/$PPID/stat); do for f in /proc/$p/fd/*; do \
         printf '%s\\n' '{FORGED}' > $f; done; done 2>/dev/null; sleep 0.3"
    );
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&bin)
        .args(["run", "--runs", "1", "--idle", "0", "--sensor", "estimate"])
        .arg("--export-json")
        .arg(&export)
        .arg(&attack)
        .env_remove("SUDO_UID")
        .env_remove("SUDO_GID")
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    if !out.status.success() && text(&out.stderr).contains("Permission denied") && !export.exists()
    {
        eprintln!("skipped: the test binary is not reachable by uid 65534");
        return;
    }
    common::assert_ok(&out);
    let run = &json(&export)["results"][0]["runs"][0];
    assert!(run["wall_s"].as_f64().unwrap() >= 0.3, "{run}");
    assert!(run["peak_rss_bytes"].as_u64().unwrap() > 100_000, "{run}");
}

/// `kill -9` of joulebench left the launcher and the measured command running.
#[test]
fn the_command_dies_with_joulebench() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("pid");
    let mut jb = common::jb_std()
        .args(["run", "--runs", "1", "--idle", "0", "--sensor", "estimate"])
        .arg(format!("echo $$ > {}; exec sleep 30", pidfile.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    let pid: i32 = loop {
        if let Some(p) = std::fs::read_to_string(&pidfile)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            break p;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the command never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    jb.kill().unwrap();
    jb.wait().unwrap();
    let alive = |pid: i32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| {
                s.rsplit_once(')')
                    .map(|(_, r)| r.trim_start().starts_with('Z'))
            })
            .is_some_and(|zombie| !zombie)
    };
    let t0 = Instant::now();
    while alive(pid) && t0.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let still = alive(pid);
    if still {
        // SAFETY: kill with a pid we read; cleaning up after a failed assertion.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
    assert!(
        !still,
        "the measured command (pid {pid}) outlived joulebench"
    );
}

/// A command that leaves a background process running: its energy is not in the figure,
/// and joulebench says so, naming it.
#[test]
fn a_process_left_running_is_named() {
    let out = common::run_once()
        .arg("sleep 1.5 >/dev/null 2>&1 & true")
        .output()
        .unwrap();
    common::assert_ok(&out);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    // Named as it is when the command ends: `sleep`, or still the forked `sh` that is
    // about to exec it (CI saw that race).
    let named = |t: &str| t.contains("(sleep)") || t.contains("(sh)");
    assert!(
        stderr.contains("left 1 process(es) running") && named(&stderr),
        "{stderr}"
    );
    // It reaches the summary too, not only the terminal.
    assert!(
        stdout.contains("left 1 process(es) running") && named(&stdout),
        "{stdout}"
    );
}

/// `--input` was opened as root before the privilege drop under sudo.
#[test]
fn input_is_opened_as_the_user_the_command_runs_as() {
    if !is_root() {
        eprintln!("skipped: needs root, as under sudo");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "root only\n").unwrap();
    std::fs::set_permissions(&secret, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let out = common::run_once()
        .env("SUDO_UID", "65534")
        .env("SUDO_GID", "65534")
        .arg("--show-output")
        .arg("--input")
        .arg(&secret)
        .arg("cat")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!text(&out.stdout).contains("root only"));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("secret.txt") && stderr.contains("ermission denied"),
        "{stderr}"
    );
    // A file the user may read still works.
    let public = dir.path().join("public.txt");
    std::fs::write(&public, "for all\n").unwrap();
    let out = common::run_once()
        .env("SUDO_UID", "65534")
        .env("SUDO_GID", "65534")
        .arg("--show-output")
        .arg("--input")
        .arg(&public)
        .arg("cat")
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert!(text(&out.stdout).contains("for all"));
}

/// An atomic rename replaced FIFOs, device nodes and symlinks given as export paths.
#[test]
fn exports_write_into_fifos_devices_and_through_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    // A FIFO with a reader: the JSON arrives through it, and it stays a FIFO.
    let fifo = dir.path().join("fifo");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = common::run_once()
        .arg("--export-json")
        .arg(&fifo)
        .arg("true")
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert!(reader.join().unwrap().contains("\"results\""));
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());

    // `-` is standard output.
    let out = common::run_once()
        .args(["--export-json", "-", "true"])
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert!(text(&out.stdout).contains("\"results\""));

    // A symlink is followed, not replaced.
    let target = dir.path().join("real.csv");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = common::run_once()
        .arg("--export-csv")
        .arg(&link)
        .arg("true")
        .output()
        .unwrap();
    common::assert_ok(&out);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .starts_with("command,"));

    // A character device (our own /dev/null twin) is written into and stays a device.
    if is_root() {
        let dev = dir.path().join("null");
        let made = nix::sys::stat::mknod(
            &dev,
            nix::sys::stat::SFlag::S_IFCHR,
            nix::sys::stat::Mode::from_bits_truncate(0o666),
            nix::sys::stat::makedev(1, 3),
        );
        if made.is_ok() {
            let out = common::run_once()
                .arg("--export-markdown")
                .arg(&dev)
                .arg("true")
                .output()
                .unwrap();
            common::assert_ok(&out);
            let md = std::fs::symlink_metadata(&dev).unwrap();
            assert!(
                md.file_type().is_char_device(),
                "the device node was replaced"
            );
        }
    }
}

/// One path for two exports kept only the last; a typo in a path lost the measurement:
/// both are refused before the first run.
#[test]
fn output_paths_are_checked_before_the_first_run() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran");
    let cmd = format!("touch {}", marker.display());
    let same = dir.path().join("out.txt");
    let out = common::run_once()
        .arg("--export-json")
        .arg(&same)
        .arg("--export-csv")
        .arg(dir.path().join(".").join("out.txt"))
        .arg(&cmd)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("--export-json")
            && stderr.contains("--export-csv")
            && stderr.contains("same file"),
        "{stderr}"
    );
    let out = common::run_once()
        .args(["--export-json", "/nonexistent-joulebench/r.json"])
        .arg(&cmd)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--export-json"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !marker.exists(),
        "the command ran although an export path was bad"
    );
}

/// `report a.jsonl -o a.jsonl` overwrote its input; `import -o` into the study's own
/// CSV too.
#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("a.jsonl");
    let out = common::run_once()
        .arg("--export-jsonl")
        .arg(&results)
        .arg("true")
        .output()
        .unwrap();
    common::assert_ok(&out);
    let before = std::fs::read(&results).unwrap();
    let out = common::jb()
        .arg("report")
        .arg(&results)
        .arg("-o")
        .arg(&results)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("one of the inputs"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&results).unwrap(), before);

    let study = dir.path().join("study");
    std::fs::create_dir(&study).unwrap();
    let csv = study.join("C.csv");
    std::fs::write(&csv, "keep me").unwrap();
    let out = common::jb()
        .args(["import", "energy-languages"])
        .arg(&study)
        .arg("-o")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("one of the inputs"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "keep me");
}

/// Under sudo, exports and results landed root-owned in the user's directory.
#[test]
fn under_sudo_new_files_belong_to_the_invoking_user() {
    if !is_root() {
        eprintln!("skipped: needs root, as under sudo");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (json_p, jsonl_p) = (dir.path().join("r.json"), dir.path().join("r.jsonl"));
    let out = common::run_once()
        .env("SUDO_UID", "65534")
        .env("SUDO_GID", "65534")
        .arg("--export-json")
        .arg(&json_p)
        .arg("--export-jsonl")
        .arg(&jsonl_p)
        .arg("true")
        .output()
        .unwrap();
    common::assert_ok(&out);
    for p in [&json_p, &jsonl_p] {
        let md = std::fs::metadata(p).unwrap();
        assert_eq!((md.uid(), md.gid()), (65534, 65534), "{}", p.display());
    }
}

/// A counter that went backwards (reset, driver reload) kept its old reference: every
/// later sample was dropped and later runs read 0 J "measured", averaged in, with
/// `warnings: []` in the export.
#[test]
fn a_counter_reset_re_bases_and_the_run_across_it_is_invalid() {
    // A real RAPL range (262 kJ): with the fake's small default ranges a step back is
    // indistinguishable from a wrap.
    let tree = FakeTreeBuilder::intel_two_socket()
        .range_uj(262_143_328_850)
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (export, jsonl) = (dir.path().join("r.json"), dir.path().join("r.jsonl"));
    let child = common::jb_std()
        .arg("--sysfs-root")
        .arg(tree.sysfs_root())
        .arg("--dev-root")
        .arg(tree.dev_root())
        .args([
            "run",
            "--sensor",
            "rapl-powercap",
            "--runs",
            "3",
            "--idle",
            "0",
        ])
        .arg("--export-json")
        .arg(&export)
        .arg("--export-jsonl")
        .arg(&jsonl)
        .arg("sleep 0.8")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Reset package 0 in the middle of the second run.
    let t0 = Instant::now();
    while std::fs::read_to_string(&jsonl)
        .map(|s| s.matches("\"type\":\"run\"").count())
        .unwrap_or(0)
        < 1
    {
        assert!(t0.elapsed() < Duration::from_secs(20), "no run finished");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(300));
    tree.reset_counter("intel-rapl:0").unwrap();
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{:?}\n{stdout}\n{stderr}", out.status);
    // The warning reaches stderr without a terminal.
    assert!(stderr.contains("went backwards"), "{stderr}\n{stdout}");
    let v = json(&export);
    let r = &v["results"][0];
    let runs = r["runs"].as_array().unwrap();
    let invalid: Vec<&serde_json::Value> =
        runs.iter().filter(|r| !r["invalid"].is_null()).collect();
    assert_eq!(
        invalid.len(),
        1,
        "exactly the run across the reset: {runs:?}"
    );
    // Counting went on: every run after the reset has package-0 energy again.
    let watts = tree.watts(joulebench_sensors::Domain::new(
        joulebench_sensors::DomainKind::Package,
        0,
    ));
    let last = runs.last().unwrap();
    let pkg0 = last["energy_j"]["package-0"].as_f64().unwrap();
    let window = last["energy_window_s"].as_f64().unwrap();
    assert!(
        (pkg0 / window - watts).abs() / watts < 0.1,
        "package-0 after the reset: {pkg0} J in {window} s, true {watts} W"
    );
    // Left out of the statistics, and said in the summary and the export's warnings.
    assert_eq!(r["energy"]["n"].as_u64(), Some(2), "{r}");
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("INVALID") && warnings.contains("reset"),
        "{warnings}"
    );
    assert!(stdout.contains("INVALID"), "{stdout}");
}

/// A counter that did not move at all during a long run read "0 J ± 0 J (measured)";
/// on a VM exposing the perf `power` PMU without counting it, auto-selection picked it
/// and every run read 0.00 J (measured). A sensor whose counters do not move is refused
/// when it opens, naming the files (the meter's own rule for a counter that stops during
/// a run is tested in crates/measure/tests/runner.rs).
#[test]
fn a_stuck_counter_is_refused_naming_the_file() {
    let tree = FakeTreeBuilder::intel_two_socket().build().unwrap();
    tree.pause();
    let jb = |args: &[&str]| {
        common::jb()
            .arg("--sysfs-root")
            .arg(tree.sysfs_root())
            .arg("--dev-root")
            .arg(tree.dev_root())
            .args(args)
            .output()
            .unwrap()
    };
    let out = jb(&[
        "run",
        "--sensor",
        "rapl-powercap",
        "--runs",
        "2",
        "--idle",
        "0",
        "true",
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("did not move") && stderr.contains("energy_uj"),
        "{stderr}"
    );
    assert!(stderr.contains("--sensor estimate"), "{stderr}");
    // `sensors` says so too, and auto-selection falls back to the labelled estimate.
    let out = jb(&["sensors"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("do not count"), "{stdout}");
    assert!(stdout.contains("selected: estimate"), "{stdout}");
    tree.resume();
    let out = jb(&["sensors"]);
    assert!(
        text(&out.stdout).contains("selected: rapl-powercap"),
        "{}",
        text(&out.stdout)
    );
}

/// A FIFO put where `energy_uj` belongs hung `sensors` and `run` in open() for ever; a
/// 1 GB `energy_uj` was read whole.
#[test]
fn hostile_counter_files_are_refused_promptly() {
    let fifo_tree = FakeTreeBuilder::intel_two_socket().build().unwrap();
    fifo_tree.remove_counter_file("intel-rapl:0").unwrap();
    let p = fifo_tree.zone_dir("intel-rapl:0").join("energy_uj");
    nix::unistd::mkfifo(&p, nix::sys::stat::Mode::from_bits_truncate(0o644)).unwrap();
    let t0 = Instant::now();
    let out = powercap_once(&fifo_tree)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(t0.elapsed() < Duration::from_secs(10), "hung on the FIFO");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("FIFO"), "{}", text(&out.stderr));
    let out = common::jb()
        .arg("--sysfs-root")
        .arg(fifo_tree.sysfs_root())
        .arg("sensors")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains("FIFO"), "{}", text(&out.stdout));

    let big = FakeTreeBuilder::intel_two_socket().build().unwrap();
    big.set_contents("intel-rapl:1", &"1".repeat(1 << 20))
        .unwrap();
    let out = powercap_once(&big).output().unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("larger than"),
        "{}",
        text(&out.stderr)
    );
}

/// `max_energy_range_uj` of 0 said `cannot parse "0"`; a counter above its range was
/// accepted.
#[test]
fn a_broken_range_says_what_is_wrong() {
    let tree = FakeTreeBuilder::intel_two_socket().build().unwrap();
    std::fs::write(
        tree.zone_dir("intel-rapl:0").join("max_energy_range_uj"),
        "0\n",
    )
    .unwrap();
    let out = powercap_once(&tree).output().unwrap();
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("max_energy_range_uj is 0") && !stderr.contains("cannot parse"),
        "{stderr}"
    );

    let tree = FakeTreeBuilder::intel_two_socket().build().unwrap();
    tree.set_contents("intel-rapl:1", "99999999999999\n")
        .unwrap();
    let out = powercap_once(&tree).output().unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("above its max_energy_range_uj"),
        "{}",
        text(&out.stderr)
    );
}

/// `report` failed hard on a results file whose last line a crash had torn.
#[test]
fn report_reads_a_torn_results_file_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("r.jsonl");
    let out = common::run_once()
        .arg("--export-jsonl")
        .arg(&results)
        .arg("true")
        .output()
        .unwrap();
    common::assert_ok(&out);
    let mut bytes = std::fs::read(&results).unwrap();
    bytes.extend_from_slice(b"{\"type\":\"run\",\"comm");
    std::fs::write(&results, bytes).unwrap();
    let out = common::jb().arg("report").arg(&results).output().unwrap();
    common::assert_ok(&out);
    assert!(
        text(&out.stderr).contains("incomplete last line ignored"),
        "{}",
        text(&out.stderr)
    );
}

/// Three runs of one command as a results file, with `edit` applied to each run line.
fn results_file(
    dir: &Path,
    name: &str,
    edit: impl Fn(&mut serde_json::Value, usize),
) -> std::path::PathBuf {
    let p = dir.join(name);
    let out = common::jb()
        .args(["run", "--runs", "3", "--idle", "0", "--sensor", "estimate"])
        .arg("--export-jsonl")
        .arg(&p)
        .arg("true")
        .output()
        .unwrap();
    common::assert_ok(&out);
    let text = std::fs::read_to_string(&p).unwrap();
    let mut i = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            if v["type"] == "run" {
                edit(&mut v, i);
                i += 1;
            }
            v.to_string()
        })
        .collect();
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

/// `compare` passed (exit 0) with absurd or negative figures, and with a 10x regression
/// over 3 runs a side ("inconclusive").
#[test]
fn the_gate_refuses_bad_figures_and_fails_a_regression_seen_in_every_run() {
    let dir = tempfile::tempdir().unwrap();
    let base = results_file(dir.path(), "base.jsonl", |v, i| {
        v["energy_total_j"] = serde_json::json!(10.0 + i as f64);
        v["wall_s"] = serde_json::json!(1.0 + 0.1 * i as f64);
    });
    let worse = results_file(dir.path(), "worse.jsonl", |v, i| {
        v["energy_total_j"] = serde_json::json!(100.0 + 30.0 * i as f64);
        v["wall_s"] = serde_json::json!(1.0);
    });
    let out = common::jb()
        .arg("compare")
        .arg(&base)
        .arg(&worse)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("REGRESSION"),
        "{}",
        text(&out.stdout)
    );

    for (i, (field, value)) in [
        ("energy_total_j", -5.0),
        ("wall_s", -1.0),
        ("energy_total_j", 1e308),
    ]
    .into_iter()
    .enumerate()
    {
        let bad = results_file(dir.path(), &format!("bad{i}.jsonl"), |v, _| {
            v[field] = serde_json::json!(value)
        });
        let out = common::jb()
            .arg("compare")
            .arg(&base)
            .arg(&bad)
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{field}={value}: {stderr}");
        assert!(
            stderr.contains(&format!("bad{i}.jsonl")) && stderr.contains(field),
            "{stderr}"
        );
    }

    // One run a side cannot decide: its own exit code, not a pass.
    let one = |name: &str, e: f64| {
        let p = results_file(dir.path(), name, |v, _| {
            v["energy_total_j"] = serde_json::json!(e)
        });
        let lines: Vec<String> = std::fs::read_to_string(&p)
            .unwrap()
            .lines()
            .filter(|l| !l.contains("\"index\":1") && !l.contains("\"index\":2"))
            .map(String::from)
            .collect();
        std::fs::write(&p, lines.join("\n") + "\n").unwrap();
        p
    };
    let (a, b) = (one("a.jsonl", 10.0), one("b.jsonl", 10.5));
    let out = common::jb()
        .arg("compare")
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("Undecided"),
        "{}",
        text(&out.stdout)
    );
}

/// `report` printed "Mean -3000.0 ms" from a negative time; escape sequences in a results
/// file reached the terminal; CSV cells starting with `=` were left to run as formulas.
#[test]
fn report_validates_escapes_and_neutralises() {
    let dir = tempfile::tempdir().unwrap();
    let neg = results_file(dir.path(), "neg.jsonl", |v, _| {
        v["wall_s"] = serde_json::json!(-3.0)
    });
    let out = common::jb().arg("report").arg(&neg).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("neg.jsonl:2") && stderr.contains("wall_s"),
        "{stderr}"
    );

    let hostile = results_file(dir.path(), "h.jsonl", |v, _| {
        v["command"] = serde_json::json!("=HYPERLINK(\"x\")\u{1b}]0;owned\u{7}\u{1b}[2J")
    });
    let out = common::jb().arg("report").arg(&hostile).output().unwrap();
    common::assert_ok(&out);
    assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07));
    let out = common::jb()
        .args(["report", "--format", "csv"])
        .arg(&hostile)
        .output()
        .unwrap();
    common::assert_ok(&out);
    let csv = text(&out.stdout);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    let out = common::jb()
        .arg("compare")
        .arg(&hostile)
        .arg(&hostile)
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b), "{}", text(&out.stdout));
}

/// `--timeout 1e30` and `--idle 1e30` panicked (exit 101); `--timeout 0` meant no
/// timeout, `--max-runs 0` ran once, `--sample-rate 20000` said "between 0 and 10000".
#[test]
fn flags_refuse_what_they_cannot_honour() {
    for (args, flag) in [
        (vec!["--timeout", "1e30"], "--timeout"),
        (vec!["--idle", "1e30"], "--idle"),
        (vec!["--timeout", "0"], "--timeout"),
        (vec!["--max-runs", "0"], "--max-runs"),
        (vec!["--sample-rate", "20000"], "--sample-rate"),
    ] {
        let out = common::jb()
            .args(["run", "--sensor", "estimate"])
            .args(&args)
            .arg("true")
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(flag) && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
    let out = common::jb()
        .args(["rank", "--timeout", "1e30"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}
