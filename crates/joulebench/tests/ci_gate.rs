//! `deploy/ci/joulebench-gate.sh` end to end: two local builds of a small C program, one
//! slower, measured with the real binary and judged by the real `compare`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/ci/joulebench-gate.sh")
}

/// Builds a program that spins for `iterations` steps (kept by `volatile`).
fn build(dir: &Path, name: &str, iterations: u64) -> PathBuf {
    let src = dir.join(format!("{name}.c"));
    std::fs::write(
        &src,
        format!(
            "int main(void) {{ volatile unsigned long x = 0; \
             for (unsigned long i = 0; i < {iterations}UL; i++) x += i; return 0; }}\n"
        ),
    )
    .unwrap();
    let exe = dir.join(name);
    let ok = Command::new("gcc")
        .args(["-O1", "-o"])
        .arg(&exe)
        .arg(&src)
        .status()
        .expect("gcc runs");
    assert!(ok.success());
    exe
}

fn gate(out: &Path, runs: &str, base: &Path, head: &str) -> Output {
    Command::new("sh")
        .arg(script())
        .args([
            "--runs", runs, "--warmup", "1", "--idle", "0", "--sensor", "estimate",
        ])
        .arg("--out")
        .arg(out)
        .arg(base)
        .arg(head)
        .env("JOULEBENCH", env!("CARGO_BIN_EXE_joulebench"))
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn the_gate_fails_a_slower_build_passes_the_same_one_and_refuses_to_guess() {
    let dir = tempfile::tempdir().unwrap();
    let base = build(dir.path(), "base", 20_000_000);
    let slow = build(dir.path(), "slow", 200_000_000);

    let o = gate(
        &dir.path().join("gate-slow"),
        "10",
        &base,
        slow.to_str().unwrap(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("REGRESSION"), "{}", text(&o));
    // Both builds are recorded under one name, so compare paired them.
    let head: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("gate-slow/head.json")).unwrap())
            .unwrap();
    assert_eq!(head["results"][0]["command"], "bench");

    let o = gate(
        &dir.path().join("gate-same"),
        "10",
        &base,
        base.to_str().unwrap(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("no supported regression"), "{}", text(&o));

    // One run a side cannot support a verdict: undecided, not a pass.
    let o = gate(
        &dir.path().join("gate-one"),
        "1",
        &base,
        slow.to_str().unwrap(),
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));

    // A head that does not run is bad input, named, not a pass.
    let o = gate(
        &dir.path().join("gate-bad"),
        "3",
        &base,
        "./no-such-program",
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("measuring the head build failed"),
        "{}",
        text(&o)
    );
}
