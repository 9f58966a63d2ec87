//! One ranking over several machines, on the tiny shell suite at check size: `rank
//! --shard K/N`, shards merged by `report DIR...` and `rank --merge`, the refusals (a
//! missing shard, another plan, machines that differ), and `report --by-machine` of two
//! fake machines (two `--procfs-root` trees with different CPUs, the estimate sensor).

mod common;

use joulebench_testkit::fake::{FakeTree, FakeTreeBuilder};
use joulebench_testkit::tiny_suite::TinySuite;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `rank` of the tiny suite's two shell languages, two runs a cell (unless `extra` says
/// `--runs`), into `out`.
fn rank(t: &TinySuite, out: &Path, extra: &[&str], procfs: Option<&Path>) -> std::process::Output {
    let runs = if extra.contains(&"--runs") {
        &[][..]
    } else {
        &["--runs", "2"][..]
    };
    let mut c = common::jb();
    c.env("JOULEBENCH_CACHE_DIR", t.cache());
    if let Some(p) = procfs {
        c.arg("--procfs-root").arg(p);
    }
    c.args(["rank", "--profile", "check", "--idle", "0"])
        .args(runs)
        .args([
            "--sensor",
            "estimate",
            "--languages",
            "sh,sh2",
            "--suite-dir",
        ])
        .arg(t.path())
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn ok(o: std::process::Output) -> std::process::Output {
    common::assert_ok(&o);
    o
}

/// The problem x language cells of `report --format json` over `dirs`.
fn cells(dirs: &[PathBuf]) -> BTreeSet<(String, String, u64)> {
    let o = ok(common::jb()
        .args(["report", "--format", "json", "--resamples", "50"])
        .args(dirs)
        .output()
        .unwrap());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            (s("problem"), s("language"), c["runs"].as_u64().unwrap())
        })
        .collect()
}

/// The problem x language cells of a rank directory's run lines.
fn run_cells(dir: &Path) -> BTreeSet<(String, String)> {
    std::fs::read_to_string(dir.join("results.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "run")
        .map(|v| {
            (
                v["problem"].as_str().unwrap().into(),
                v["language"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn session(results: &Path) -> Value {
    let first = std::fs::read_to_string(results).unwrap();
    serde_json::from_str(first.lines().next().unwrap()).unwrap()
}

#[test]
fn three_shards_merge_into_the_unsharded_ranking() {
    let t = TinySuite::new();
    let d = tempfile::tempdir().unwrap();
    let whole = d.path().join("whole");
    ok(rank(&t, &whole, &[], None));
    let shards: Vec<PathBuf> = (1..=3).map(|k| d.path().join(format!("s{k}"))).collect();
    for (k, dir) in shards.iter().enumerate() {
        let o = ok(rank(&t, dir, &["--shard", &format!("{}/3", k + 1)], None));
        assert!(text(&o.stderr).contains(&format!("Shard {}/3 of plan", k + 1)));
    }
    // Each results file records its plan, its shard and its machine.
    let s2 = session(&shards[1].join("results.jsonl"));
    let plan = s2["ranking"]["plan"].as_str().unwrap().to_string();
    assert_eq!(s2["ranking"]["shard"], "2/3");
    assert_eq!(plan.len(), 16);
    assert!(s2["machine"]["logical_cpus"].as_u64().is_some(), "{s2}");
    assert_eq!(s2["sensor"], "estimate");
    assert_eq!(
        session(&whole.join("results.jsonl"))["ranking"]["plan"],
        plan
    );

    let merged = cells(&shards);
    assert_eq!(merged, cells(std::slice::from_ref(&whole)));
    assert_eq!(merged.len(), 6, "3 problems x 2 languages: {merged:?}");
    // Round-robin over six sorted cells: two each, no cell twice.
    let per_shard: Vec<usize> = shards.iter().map(|s| run_cells(s).len()).collect();
    assert_eq!(per_shard, [2, 2, 2]);
    // A shard alone is not the ranking: `report` names what is missing.
    let o = common::jb().arg("report").arg(&shards[0]).output().unwrap();
    assert!(text(&o.stderr).contains("shard 2/3 missing, shard 3/3 missing"));

    // `rank --merge` writes the merged ranking as a rank directory of its own.
    let out = d.path().join("merged");
    let o = ok(common::jb()
        .args(["rank", "--merge"])
        .args(&shards)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap());
    assert!(text(&o.stdout).contains("Shell"), "{}", text(&o.stdout));
    assert!(out.join("report.html").is_file());
    assert_eq!(cells(std::slice::from_ref(&out)), merged);
    let s = session(&out.join("results.jsonl"));
    assert!(
        s["ranking"].get("shard").is_none(),
        "the merge is the whole plan: {s}"
    );
    assert!(
        s["notes"]["shards"].as_str().unwrap().contains("3/3"),
        "{s}"
    );
}

#[test]
fn a_missing_shard_another_plan_and_a_duplicate_are_refused() {
    let t = TinySuite::new();
    let d = tempfile::tempdir().unwrap();
    let dir = |n: &str| d.path().join(n);
    ok(rank(&t, &dir("s1"), &["--shard", "1/3"], None));
    ok(rank(&t, &dir("s3"), &["--shard", "3/3"], None));
    ok(rank(
        &t,
        &dir("other2"),
        &["--shard", "2/3", "--runs", "3"],
        None,
    ));
    let report = |dirs: &[&str]| {
        let mut c = common::jb();
        c.arg("report");
        for n in dirs {
            c.arg(dir(n));
        }
        c.output().unwrap()
    };
    let o = report(&["s1", "s3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("shard 2/3 missing"),
        "{}",
        text(&o.stderr)
    );

    let o = report(&["s1", "other2", "s3"]);
    assert!(!o.status.success());
    let e = text(&o.stderr);
    assert!(
        e.contains("shards of different plans") && e.contains("runs: Some(2) vs Some(3)"),
        "{e}"
    );

    let o = report(&["s1", "s1", "s3"]);
    assert!(
        text(&o.stderr).contains("shard 1/3 given twice"),
        "{}",
        text(&o.stderr)
    );

    // The same refusal from `rank --merge`, and nothing written.
    let o = common::jb()
        .args(["rank", "--merge"])
        .arg(dir("s1"))
        .arg(dir("s3"))
        .arg("--out")
        .arg(dir("merged"))
        .output()
        .unwrap();
    assert!(text(&o.stderr).contains("shard 2/3 missing"));
    assert!(!dir("merged").join("results.jsonl").exists());
}

#[test]
fn a_bad_shard_names_the_flag() {
    let t = TinySuite::new();
    let d = tempfile::tempdir().unwrap();
    for bad in ["0/3", "4/3", "x", "1/0"] {
        let o = rank(&t, &d.path().join("r"), &["--shard", bad], None);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let e = text(&o.stderr);
        assert!(e.contains("--shard") && e.contains(bad), "{bad}: {e}");
    }
    // More shards than cells: the empty shard is refused before anything is measured.
    let o = rank(&t, &d.path().join("r"), &["--shard", "7/7"], None);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("--shard 7/7: the plan has only 6 cells"),
        "{}",
        text(&o.stderr)
    );
}

fn fake(b: FakeTreeBuilder) -> FakeTree {
    b.build().unwrap()
}

#[test]
fn two_machines_side_by_side() {
    let t = TinySuite::new();
    let d = tempfile::tempdir().unwrap();
    let (intel, amd) = (
        fake(FakeTreeBuilder::intel_two_socket()),
        fake(FakeTreeBuilder::amd()),
    );
    let (a, b) = (d.path().join("intel"), d.path().join("amd"));
    ok(rank(&t, &a, &["--runs", "3"], Some(&intel.procfs_root())));
    ok(rank(&t, &b, &["--runs", "3"], Some(&amd.procfs_root())));
    assert_eq!(
        session(&a.join("results.jsonl"))["machine"]["cpu"],
        "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"
    );

    // Without --by-machine: refused, both machines named.
    let o = common::jb().arg("report").arg(&a).arg(&b).output().unwrap();
    assert!(!o.status.success());
    let e = text(&o.stderr);
    assert!(
        e.contains("2 different machines") && e.contains("--by-machine"),
        "{e}"
    );
    assert!(e.contains("Gold 6148") && e.contains("EPYC 7763"), "{e}");

    let o = ok(common::jb()
        .args(["report", "--by-machine", "--resamples", "200"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap());
    let md = text(&o.stdout);
    for want in [
        "**M1**: Intel(R) Xeon(R) Gold 6148",
        "**M2**: AMD EPYC 7763",
        "| Language | M1 | M2 |",
        "| M1 vs M2 | 2 | 3 |",
        "Kendall's tau-b",
        "## M2: AMD EPYC 7763",
    ] {
        assert!(md.contains(want), "{want}:\n{md}");
    }

    let html = d.path().join("machines.html");
    ok(common::jb()
        .args(["report", "--by-machine", "--resamples", "200"])
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&html)
        .output()
        .unwrap());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Estimated energy.") && page.contains("EPYC 7763"));
    let o = common::jb()
        .args(["report", "--by-machine", "-f", "csv"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert!(text(&o.stderr).contains("--by-machine: no CSV form"));
}
