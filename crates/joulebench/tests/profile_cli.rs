//! `joulebench profile` end to end: real perf sampling (software cpu-clock works in this
//! VM), a real C program with known shares, a fake powercap tree whose power steps when
//! the program moves on, real phase marks, the exports read by inferno and Chromium.

mod common;

use joulebench_sensors::{Domain, DomainKind};
use joulebench_testkit::burn;
use joulebench_testkit::fake::FakeTreeBuilder;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The function named `name` in a JSON profile.
fn function<'a>(p: &'a Value, name: &str) -> &'a Value {
    p["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no function {name} in {:#}", p["functions"]))
}

fn share(p: &Value, name: &str, key: &str) -> f64 {
    function(p, name)[key].as_f64().unwrap()
}

/// Sampling needs perf: root here, or perf_event_paranoid <= 2 for user-only sampling of
/// one's own processes. Every test here profiles user space and kernel (root) unless it
/// says otherwise.
fn profile() -> assert_cmd::Command {
    let mut c = common::jb();
    c.arg("profile");
    c
}

/// The tests burn CPU for known shares; run in parallel on two cores they would steal
/// each other's CPU time and turn the power steps of the fake tree (which follow wall
/// time) into noise. One at a time.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

/// A temp dir with testkit's burn.c built in it, with or without frame pointers.
fn burn_in_temp(frame_pointers: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let bin = burn::build(dir.path(), frame_pointers).unwrap();
    (dir, bin)
}

/// `part NAME wall SECONDS` lines of burn's stderr.
fn part_walls(stderr: &str) -> std::collections::HashMap<String, f64> {
    stderr
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("part ")?;
            let (name, secs) = rest.split_once(" wall ")?;
            Some((name.to_string(), secs.trim().parse().ok()?))
        })
        .collect()
}

#[test]
fn time_shares_of_two_functions_match_what_the_program_burns() {
    let _serial = one_at_a_time();
    let (dir, bin) = burn_in_temp(true);
    let out = dir.path().join("p.json");
    let assert = profile()
        .args(["--sensor", "estimate", "--export-json"])
        .arg(&out)
        .arg("--")
        .arg(&bin)
        .args(["1.0", "-", "alpha:0.7", "beta:0.3"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let p = json(&out);
    let (a, b) = (
        share(&p, "alpha", "time_share"),
        share(&p, "beta", "time_share"),
    );
    assert!((a - 0.7).abs() < 0.05, "alpha {a}\n{stdout}");
    assert!((b - 0.3).abs() < 0.05, "beta {b}\n{stdout}");
    // Under the model, energy shares are time shares, and the output says ESTIMATED.
    let ea = share(&p, "alpha", "energy_share");
    assert!((ea - a).abs() < 1e-9, "{ea} vs {a}");
    assert_eq!(p["provenance"], "estimated");
    assert!(stdout.contains("ESTIMATED"), "{stdout}");
    assert!(
        stdout.contains("energy shares equal time shares"),
        "{stdout}"
    );
    // Idle is apart: gross = idle + dynamic, idle never given to functions.
    let run = &p["runs"][0];
    let (g, i, d) = (
        run["gross_j"].as_f64().unwrap(),
        run["idle_j"].as_f64().unwrap(),
        run["dynamic_j"].as_f64().unwrap(),
    );
    assert!(i > 0.0 && d > 0.0 && (g - i - d).abs() < 1e-9, "{run}");
    let attributed: f64 = p["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["energy_j"].as_f64().unwrap())
        .sum();
    assert!(
        (attributed - d).abs() < 1e-6 * d.max(1.0),
        "{attributed} vs {d}"
    );
}

#[test]
fn energy_moves_to_the_function_that_ran_while_the_power_stepped_up() {
    let _serial = one_at_a_time();
    let (dir, bin) = burn_in_temp(true);
    let marks = dir.path().join("marks");
    std::fs::create_dir(&marks).unwrap();
    let pkg = Domain::new(DomainKind::Package, 0);
    // One socket, powercap only: idle 5 W; alpha runs at 10 W, beta at 40 W. Dynamic
    // energy: alpha 5 W x 0.7 s = 3.5 J, beta 35 W x 0.3 s = 10.5 J, so beta gets 75 %
    // of the energy for 30 % of the time.
    let tree = FakeTreeBuilder::amd()
        .perf_pmu(false)
        .msr(false)
        .watts(pkg, 5.0)
        .tick(Duration::from_millis(2))
        .build()
        .unwrap();
    let out = dir.path().join("p.json");
    let mut cmd = common::jb_std();
    cmd.args(["--sysfs-root"])
        .arg(tree.sysfs_root())
        .args([
            "profile",
            "--sensor",
            "rapl-powercap",
            "--idle",
            "0.5",
            "--export-json",
        ])
        .arg(&out)
        .arg("--")
        .arg(&bin)
        .arg("1.0")
        .arg(&marks)
        .args(["alpha:0.7", "beta:0.3"]);
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Follow the program: the power steps when it says a part starts.
    let watch = std::thread::spawn({
        let marks = marks.clone();
        move || {
            let deadline = std::time::Instant::now() + Duration::from_secs(60);
            let mut stage = 0;
            while stage < 2 && std::time::Instant::now() < deadline {
                if stage == 0 && marks.join("alpha").exists() {
                    tree.set_watts(pkg, 10.0);
                    stage = 1;
                }
                if stage == 1 && marks.join("beta").exists() {
                    tree.set_watts(pkg, 40.0);
                    stage = 2;
                }
                std::thread::sleep(Duration::from_micros(500));
            }
            tree
        }
    });
    let output = child.wait_with_output().unwrap();
    let _tree = watch.join().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let p = json(&out);
    assert_eq!(p["provenance"], "measured", "{stdout}");
    let idle = p["idle_watts"].as_f64().unwrap();
    assert!((idle - 5.0).abs() < 0.5, "idle {idle} W\n{stdout}");
    let (ta, tb) = (
        share(&p, "alpha", "time_share"),
        share(&p, "beta", "time_share"),
    );
    let (ea, eb) = (
        share(&p, "alpha", "energy_share"),
        share(&p, "beta", "energy_share"),
    );
    assert!(
        (ta - 0.7).abs() < 0.05 && (tb - 0.3).abs() < 0.05,
        "{stdout}"
    );
    // The fake power follows wall time: on a loaded machine a part lasts longer than
    // its CPU time, so the expected share comes from the walls burn reports.
    let walls = part_walls(&String::from_utf8_lossy(&output.stderr));
    let (wa, wb) = (walls["alpha"], walls["beta"]);
    let want_b = 35.0 * wb / (5.0 * wa + 35.0 * wb);
    assert!(
        (eb - want_b).abs() < 0.08,
        "beta energy share {eb}, expected {want_b:.3} (walls {wa:.3} s, {wb:.3} s)\n{stdout}"
    );
    assert!(
        (ea - (1.0 - want_b)).abs() < 0.08,
        "alpha energy share {ea}\n{stdout}"
    );
    assert!(
        eb > 0.6,
        "beta ran at 7x alpha's dynamic power: {eb}\n{stdout}"
    );
    // The idle part is separate: about 5 W over the run, not in any function.
    let run = &p["runs"][0];
    let wall = run["wall_s"].as_f64().unwrap();
    let idle_j = run["idle_j"].as_f64().unwrap();
    assert!((idle_j / wall - 5.0).abs() < 1.0, "{run}");
    let beta_w = function(&p, "beta")["watts"].as_f64().unwrap();
    let alpha_w = function(&p, "alpha")["watts"].as_f64().unwrap();
    assert!(beta_w > 4.0 * alpha_w, "beta {beta_w} W, alpha {alpha_w} W");
}

#[test]
fn three_marked_phases_add_up_to_the_dynamic_energy() {
    let _serial = one_at_a_time();
    let (dir, bin) = burn_in_temp(true);
    let out = dir.path().join("p.json");
    let assert = profile()
        .args(["--sensor", "estimate", "--runs", "3", "--export-json"])
        .arg(&out)
        .arg("--")
        .arg(&bin)
        .args(["0.6", "-", "alpha:0.5", "beta:0.2", "gamma:0.3"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let p = json(&out);
    let phases = p["phases"].as_array().unwrap();
    let named: Vec<&str> = phases
        .iter()
        .map(|ph| ph["name"].as_str().unwrap())
        .filter(|n| !n.starts_with('('))
        .collect();
    assert_eq!(named, ["alpha", "beta", "gamma"], "{stdout}");
    for ph in phases {
        assert_eq!(ph["energy"]["n"], 3, "{ph}");
    }
    let mean = |name: &str| {
        phases.iter().find(|ph| ph["name"] == name).unwrap()["energy"]["mean"]
            .as_f64()
            .unwrap()
    };
    let sum: f64 = phases
        .iter()
        .map(|ph| ph["energy"]["mean"].as_f64().unwrap())
        .sum();
    let dynamic: f64 = p["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["dynamic_j"].as_f64().unwrap())
        .sum::<f64>()
        / 3.0;
    assert!((sum - dynamic).abs() < 1e-6 * dynamic, "{sum} vs {dynamic}");
    // And in the proportions the program burns.
    assert!((mean("alpha") / dynamic - 0.5).abs() < 0.06, "{stdout}");
    assert!((mean("gamma") / dynamic - 0.3).abs() < 0.06, "{stdout}");
    assert!(stdout.contains("Phases"), "{stdout}");
    assert!(stdout.contains("n = 3"), "{stdout}");
}

#[test]
fn phases_from_a_regex_on_standard_output() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.json");
    // A program one cannot change: its output says where it is.
    let script = "echo 'stage: warm'; i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done; \
                  echo 'stage: hot'; i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done";
    let assert = profile()
        .args(["--sensor", "estimate", "--phase-regex", "^stage: (\\w+)"])
        .arg("--export-json")
        .arg(&out)
        .arg(script)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    // The output is passed on.
    assert!(
        stdout.contains("stage: warm") && stdout.contains("stage: hot"),
        "{stdout}"
    );
    let p = json(&out);
    let names: Vec<&str> = p["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ph| ph["name"].as_str().unwrap())
        .filter(|n| !n.starts_with('('))
        .collect();
    assert_eq!(names, ["warm", "hot"], "{stdout}");
}

#[test]
fn folded_export_is_what_inferno_reads_and_the_svg_renders_in_chromium() {
    let _serial = one_at_a_time();
    let (dir, bin) = burn_in_temp(true);
    let folded = dir.path().join("p.folded");
    let svg = dir.path().join("p.svg");
    let html = dir.path().join("p.html");
    profile()
        .args(["--sensor", "estimate", "--export-folded"])
        .arg(&folded)
        .arg("--export-svg")
        .arg(&svg)
        .arg("--html")
        .arg(&html)
        .arg("--")
        .arg(&bin)
        .args(["0.5", "-", "alpha:0.6", "beta:0.4"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&folded).unwrap();
    // The collapse format: `frame;frame VALUE`, VALUE a whole number (µJ).
    for line in text.lines() {
        let (stack, value) = line.rsplit_once(' ').unwrap();
        assert!(value.parse::<u64>().is_ok(), "{line}");
        assert!(stack.starts_with("burn;"), "{line}");
    }
    assert!(text.lines().any(|l| l.contains(";alpha;spin")), "{text}");
    // inferno's own flamegraph reads it.
    let mut opts = inferno::flamegraph::Options::default();
    let mut drawn = Vec::new();
    inferno::flamegraph::from_lines(&mut opts, text.lines(), &mut drawn).unwrap();
    assert!(String::from_utf8_lossy(&drawn).contains("alpha"));
    let svg_text = std::fs::read_to_string(&svg).unwrap();
    assert!(svg_text.contains("<svg") && svg_text.contains("alpha") && svg_text.contains("µJ"));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("ESTIMATED") && page.contains("<svg") && page.contains("alpha"));
    let Some(chromium) = chromium() else { return };
    let shot = dir.path().join("shot.png");
    let out = std::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1200,700",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", svg.display()))
        .output()
        .unwrap();
    let png = std::fs::read(&shot).unwrap_or_default();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "no screenshot of the SVG: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The HTML page (the flamegraph's own script inline) logs no console error. The
    // capture is checked first on a page that does log one.
    let probe = dir.path().join("probe.html");
    std::fs::write(
        &probe,
        "<script>console.error('probe'); missing();</script>",
    )
    .unwrap();
    assert!(
        console(&chromium, &probe).contains("probe"),
        "console capture broken"
    );
    let logged = console(&chromium, &html);
    assert!(
        logged.is_empty(),
        "console messages on the profile page:\n{logged}"
    );
}

/// The page's console messages, as headless Chromium logs them at verbosity 1.
fn console(chromium: &Path, page: &Path) -> String {
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=1",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn chromium() -> Option<std::path::PathBuf> {
    for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(p).is_file() {
            return Some(p.into());
        }
    }
    if joulebench_testkit::in_ci() {
        panic!("CI=true but no chromium found: install Debian's `chromium` package");
    }
    eprintln!("SKIPPED: chromium is not installed; the SVG was not opened in a browser");
    None
}

#[test]
fn shallow_stacks_say_how_to_get_frame_pointers() {
    let _serial = one_at_a_time();
    let (_dir, bin) = burn_in_temp(false);
    let assert = profile()
        .args(["--sensor", "estimate", "--user-only", "--"])
        .arg(&bin)
        .args(["0.4", "-", "alpha:0.5", "beta:0.5"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    // Without frame pointers the walk from the leaf runs into garbage: the callers
    // (alpha, beta) are lost, and the output says how to get them back.
    assert!(stdout.contains("no frame pointers"), "{stdout}");
    assert!(stdout.contains("--call-graph dwarf"), "{stdout}");
    assert!(stdout.contains("-fno-omit-frame-pointer"), "{stdout}");
}

#[test]
fn dwarf_unwinding_finds_the_callers_without_frame_pointers() {
    let _serial = one_at_a_time();
    let (dir, bin) = burn_in_temp(false);
    let out = dir.path().join("p.json");
    profile()
        .args([
            "--sensor",
            "estimate",
            "--call-graph",
            "dwarf",
            "--export-json",
        ])
        .arg(&out)
        .arg("--")
        .arg(&bin)
        .args(["0.6", "-", "alpha:0.7", "beta:0.3"])
        .assert()
        .success();
    let p = json(&out);
    assert_eq!(p["call_graph"], "dwarf");
    let (a, b) = (
        share(&p, "alpha", "time_share"),
        share(&p, "beta", "time_share"),
    );
    assert!((a - 0.7).abs() < 0.06 && (b - 0.3).abs() < 0.06, "{a} {b}");
    // The whole chain, from the C runtime's entry down to the leaf.
    let deepest = p["stacks"][0]["frames"].as_array().unwrap();
    let names: Vec<&str> = deepest.iter().map(|f| f.as_str().unwrap()).collect();
    assert!(
        names.contains(&"main") && names.contains(&"spin"),
        "{names:?}"
    );
}

#[test]
fn a_stripped_binary_is_named_as_such() {
    let _serial = one_at_a_time();
    let (_dir, bin) = burn_in_temp(true);
    let status = std::process::Command::new("strip")
        .arg(&bin)
        .status()
        .unwrap();
    assert!(status.success());
    let assert = profile()
        .args(["--sensor", "estimate", "--user-only", "--"])
        .arg(&bin)
        .args(["0.4", "-", "alpha:0.5", "beta:0.5"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    // No symbol table: the frames are the file's name, and the output says why.
    assert!(stdout.contains("[burn]"), "{stdout}");
    assert!(!stdout.contains(" alpha\n"), "{stdout}");
    assert!(
        stdout.contains("have no symbol: a stripped binary"),
        "{stdout}"
    );
}

#[test]
fn ctrl_c_stops_the_command_and_keeps_the_profile() {
    let _serial = one_at_a_time();
    let (dir, bin) = burn_in_temp(true);
    let out = dir.path().join("p.json");
    let mut cmd = common::jb_std();
    cmd.args([
        "profile",
        "--sensor",
        "estimate",
        "--runs",
        "3",
        "--export-json",
    ])
    .arg(&out)
    .arg("--")
    .arg(&bin)
    .args(["30", "-", "alpha:1"])
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    // SAFETY: kill(2) on our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let started = std::time::Instant::now();
    let output = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(20), "did not stop");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(130), "{stdout}");
    assert!(stdout.contains("interrupted by signal 2"), "{stdout}");
    let p = json(&out);
    assert_eq!(p["runs"].as_array().unwrap().len(), 1, "one run, cut short");
    assert!(p["runs"][0]["samples"].as_u64().unwrap() > 100, "{stdout}");
    assert!(share(&p, "alpha", "time_share") > 0.9, "{stdout}");
    // The command is gone: nothing burns on after joulebench.
    let ps = std::process::Command::new("pgrep")
        .args(["-f", &bin.display().to_string()])
        .output()
        .unwrap();
    assert!(
        ps.stdout.is_empty(),
        "left running: {}",
        String::from_utf8_lossy(&ps.stdout)
    );
}

#[test]
fn a_program_too_short_to_sample_gets_the_fix() {
    let _serial = one_at_a_time();
    let assert = profile()
        .args(["--sensor", "estimate", "--frequency", "10", "--", "true"])
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("no stack sample"), "{stderr}");
    assert!(
        stderr.contains("--runs") && stderr.contains("--frequency"),
        "{stderr}"
    );
}

#[test]
fn bad_flags_are_named() {
    let _serial = one_at_a_time();
    for (args, want) in [
        (vec!["--frequency", "0", "true"], "--frequency"),
        (vec!["--runs", "0", "true"], "--runs"),
        (vec!["--phase-regex", "(", "true"], "--phase-regex"),
        (vec!["--sample-rate", "0", "true"], "--sample-rate"),
        (vec![], "nothing to profile"),
    ] {
        let assert = profile()
            .args(["--sensor", "estimate"])
            .args(&args)
            .assert()
            .failure();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(want), "{args:?}: {stderr}");
    }
}

#[test]
fn a_user_without_perf_rights_is_told_the_sysctl() {
    let _serial = one_at_a_time();
    let paranoid: i32 = std::fs::read_to_string("/proc/sys/kernel/perf_event_paranoid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(2);
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if paranoid < 2 || !root || !Path::new("/usr/bin/setpriv").exists() {
        eprintln!(
            "SKIPPED: needs root (to become nobody), setpriv and perf_event_paranoid >= 2 \
             (it is {paranoid})"
        );
        return;
    }
    // The binary must be reachable by nobody: copy it somewhere world-readable.
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("joulebench");
    std::fs::copy(assert_cmd::cargo::cargo_bin("joulebench"), &bin).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .args(["profile", "--sensor", "estimate", "--", "sleep", "0.1"])
        .env_remove("SUDO_UID")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("perf_event_paranoid"), "{stderr}");
    assert!(
        stderr.contains("sysctl kernel.perf_event_paranoid=1"),
        "{stderr}"
    );
    assert!(stderr.contains("--user-only"), "{stderr}");
}
