//! The report renders results: it must not build hardware or process code (redesign
//! issue: it compiled perf-event2, nvml-wrapper and libloading to draw a chart).

#[test]
fn report_depends_on_the_data_model_not_on_hardware_crates() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            "joulebench-report",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("joulebench-model"), "{tree}");
    for crate_name in [
        "perf-event2",
        "nvml-wrapper",
        "libloading",
        "joulebench-sensors",
        "joulebench-measure",
        "nix",
    ] {
        assert!(
            !tree
                .lines()
                .any(|l| l.starts_with(&format!("{crate_name} "))),
            "joulebench-report pulls in {crate_name}:\n{tree}"
        );
    }
}
