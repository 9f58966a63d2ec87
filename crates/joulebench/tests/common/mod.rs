//! Helpers shared by the command-line tests.
#![allow(dead_code)] // each test file uses a different subset

use std::process::Output;

/// The joulebench binary, with an environment that cannot change the results: no sensor
/// roots from the developer's shell, no sudo identity, no real GPU.
pub fn jb_std() -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("joulebench"));
    c.env_remove("JOULEBENCH_SYSFS_ROOT")
        .env_remove("JOULEBENCH_DEV_ROOT")
        .env_remove("JOULEBENCH_PROCFS_ROOT")
        .env_remove("SUDO_UID")
        .env_remove("SUDO_GID")
        .env(
            "JOULEBENCH_NVML_LIB",
            "/nonexistent/joulebench-test/libnvidia-ml.so.1",
        );
    c
}

/// [`jb_std`] as an `assert_cmd` command.
pub fn jb() -> assert_cmd::Command {
    assert_cmd::Command::from_std(jb_std())
}

/// Panic with the command's stderr unless it succeeded.
pub fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `joulebench run --runs 1 --idle 0 --sensor estimate`: one quick run on the sensor every
/// machine has; add the options and commands of the test.
pub fn run_once() -> assert_cmd::Command {
    let mut c = jb();
    c.args(["run", "--runs", "1", "--idle", "0", "--sensor", "estimate"]);
    c
}

/// The one CI check (joulebench-testkit).
#[allow(unused_imports)] // each test file uses a different subset
pub use joulebench_testkit::in_ci;
