//! `joulebench sensors` end to end: on this machine, on a machine with no counters, and
//! on fake Intel and AMD trees whose counters tick while the command runs.

mod common;

use assert_cmd::Command;
use joulebench_testkit::fake::{FakeTree, FakeTreeBuilder};
use serde_json::Value;
use std::path::Path;

const BACKENDS: [&str; 5] = ["rapl-perf", "rapl-powercap", "rapl-msr", "nvml", "estimate"];

fn on_tree(tree: &FakeTree) -> Command {
    let mut c = common::jb();
    c.arg("--sysfs-root")
        .arg(tree.sysfs_root())
        .arg("--dev-root")
        .arg(tree.dev_root())
        .arg("--procfs-root")
        .arg(tree.procfs_root());
    c
}

fn stdout(c: &mut Command, code: i32) -> String {
    let out = c.output().unwrap();
    let so = String::from_utf8_lossy(&out.stdout).into_owned();
    let se = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{so}\nstderr:\n{se}"
    );
    so
}

fn json(c: &mut Command, code: i32) -> Value {
    let so = stdout(c.args(["sensors", "--format", "json"]), code);
    serde_json::from_str(&so).unwrap_or_else(|e| panic!("not JSON ({e}):\n{so}"))
}

fn backend<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["backends"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == name)
        .unwrap_or_else(|| panic!("no backend {name} in {v}"))
}

fn host_has_rapl() -> bool {
    Path::new("/sys/class/powercap/intel-rapl:0").exists()
        || Path::new("/sys/bus/event_source/devices/power/type").exists()
        || Path::new("/dev/cpu/0/msr").exists()
}

#[test]
fn this_machine_lists_every_backend_with_a_reason() {
    let so = stdout(common::jb().arg("sensors"), 0);
    for b in BACKENDS {
        assert!(so.contains(b), "{b} missing:\n{so}");
    }
    assert!(so.contains("selected: "), "{so}");
    let v = json(&mut common::jb(), 0);
    let names: Vec<&str> = v["backends"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, BACKENDS);
    for b in v["backends"].as_array().unwrap() {
        if b["status"] != "usable" {
            assert!(
                b["reason"].as_str().is_some_and(|r| !r.is_empty()),
                "no reason: {b}"
            );
        }
    }
    assert_eq!(backend(&v, "nvml")["status"], "unavailable");
    assert!(backend(&v, "nvml")["reason"]
        .as_str()
        .unwrap()
        .contains("no NVIDIA driver"));
    if host_has_rapl() {
        println!("note: this host has RAPL files: the estimate-selection assertion is skipped");
    } else {
        assert!(
            so.contains("selected: estimate (ESTIMATED, not measured: model "),
            "{so}"
        );
        assert_eq!(v["selected"]["name"], "estimate");
        assert_eq!(v["selected"]["provenance"], "estimated");
    }
}

#[test]
fn machine_without_counters_selects_the_labelled_estimate() {
    let empty = tempfile::tempdir().unwrap();
    let so = stdout(
        common::jb()
            .arg("--sysfs-root")
            .arg(empty.path())
            .arg("--dev-root")
            .arg(empty.path())
            .arg("sensors"),
        0,
    );
    assert!(
        so.contains("selected: estimate (ESTIMATED, not measured: model row "),
        "{so}"
    );
    assert!(so.contains("sudo modprobe msr"), "{so}");
    assert!(so.contains("no NVIDIA driver"), "{so}");
}

#[test]
fn fake_two_socket_intel_selects_powercap() {
    let tree = FakeTree::intel_two_socket().unwrap();
    let so = stdout(on_tree(&tree).arg("sensors"), 0);
    assert!(
        so.contains("selected: rapl-powercap (measured: psys-0, package-0, package-1, core-0, core-1, uncore-0, dram-0, dram-1)"),
        "{so}"
    );
    assert!(so.contains("wraps at 40.0 J"), "{so}");
    assert!(
        !so.contains("mmio"),
        "the mmio duplicate must be ignored:\n{so}"
    );

    let v = json(&mut on_tree(&tree), 0);
    assert_eq!(v["selected"]["name"], "rapl-powercap");
    assert_eq!(v["selected"]["forced"], false);
    let pc = backend(&v, "rapl-powercap");
    assert_eq!(pc["status"], "usable");
    assert_eq!(pc["provenance"], "measured");
    let p1 = pc["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == "package-1")
        .unwrap();
    assert_eq!(p1["unit_joules"], 1e-6);
    assert!((p1["range_joules"].as_f64().unwrap() - 40.0).abs() < 1e-6);
    assert!((p1["max_safe_interval_s"].as_f64().unwrap() - 0.04).abs() < 1e-9);
    assert!((pc["max_interval_s"].as_f64().unwrap() - 0.04).abs() < 1e-9);
    // The MSR files are there too, and perf's fake PMU cannot be opened.
    assert_eq!(backend(&v, "rapl-msr")["status"], "usable");
    let perf = backend(&v, "rapl-perf");
    assert!(
        perf["status"] == "unavailable" || perf["status"] == "permission-denied",
        "{perf}"
    );
    assert_eq!(backend(&v, "estimate")["status"], "usable");
}

#[test]
fn fake_amd_layout_and_forced_msr() {
    let tree = FakeTree::amd().unwrap();
    let v = json(&mut on_tree(&tree), 0);
    assert_eq!(v["selected"]["name"], "rapl-powercap");
    assert_eq!(
        v["selected"]["domains"],
        serde_json::json!(["package-0", "core-0"])
    );
    let v = json(on_tree(&tree).args(["--sensor", "rapl-msr"]), 0);
    assert_eq!(v["selected"]["name"], "rapl-msr");
    assert_eq!(v["selected"]["forced"], true);
    let msr = backend(&v, "rapl-msr");
    let core = &msr["domains"][1];
    assert_eq!(core["domain"], "core-0");
    assert!(core["source"]
        .as_str()
        .unwrap()
        .contains("summed over 2 cores"));
}

#[test]
fn garbage_counter_is_reported_and_selection_moves_on() {
    let tree = FakeTree::intel_two_socket().unwrap();
    tree.set_contents("intel-rapl:1", "not-a-number\n").unwrap();
    let v = json(&mut on_tree(&tree), 0);
    let pc = backend(&v, "rapl-powercap");
    assert_eq!(pc["status"], "error");
    let reason = pc["reason"].as_str().unwrap();
    assert!(
        reason.contains("intel-rapl:1/energy_uj") && reason.contains("not-a-number"),
        "{reason}"
    );
    assert_eq!(v["selected"]["name"], "rapl-msr");
}

#[test]
fn unknown_sensor_exits_2() {
    let out = common::jb()
        .args(["--sensor", "rapl-magic", "sensors"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown sensor") && err.contains("rapl-powercap"),
        "{err}"
    );
}

#[test]
fn unusable_forced_sensor_exits_2_with_the_fix() {
    let empty = tempfile::tempdir().unwrap();
    let out = common::jb()
        .arg("--sysfs-root")
        .arg(empty.path())
        .args(["--sensor", "rapl-powercap", "sensors"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not usable") && err.contains("modprobe"),
        "{err}"
    );
    // The table is still printed, with the selection line saying none.
    assert!(String::from_utf8_lossy(&out.stdout).contains("selected: none"));
}

#[test]
fn roots_from_the_environment() {
    let tree = FakeTreeBuilder::intel_two_socket()
        .msr(false)
        .build()
        .unwrap();
    let mut c = common::jb();
    c.env("JOULEBENCH_SYSFS_ROOT", tree.sysfs_root())
        .env("JOULEBENCH_DEV_ROOT", tree.dev_root());
    let v = json(&mut c, 0);
    assert_eq!(v["selected"]["name"], "rapl-powercap");
    assert_eq!(backend(&v, "rapl-msr")["fix"], "sudo modprobe msr");
}
