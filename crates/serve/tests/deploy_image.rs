//! The cluster image and CI rank with the same toolchains: both read
//! deploy/image/packages.txt. (Before, .ci/run listed them and the image had none, so a
//! ranking Job could not build a single program.)

mod common;

use std::path::PathBuf;

fn repo() -> PathBuf {
    common::deploy_dir().join("..")
}

fn packages() -> Vec<String> {
    std::fs::read_to_string(repo().join("deploy/image/packages.txt"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn the_image_and_ci_install_the_suites_toolchains_from_one_list() {
    let pkgs = packages();
    // The compilers of languages the suite ranks by default and of the study's breadth.
    for needed in [
        "gcc",
        "golang-go",
        "pypy3",
        "ghc",
        "sbcl",
        "racket",
        "gfortran",
    ] {
        assert!(pkgs.iter().any(|p| p == needed), "{needed} missing");
    }
    let dockerfile = std::fs::read_to_string(repo().join("deploy/image/Dockerfile")).unwrap();
    assert!(
        dockerfile.contains("COPY deploy/image/packages.txt"),
        "the image does not install the list"
    );
    assert!(dockerfile.contains("JOULEBENCH_SUITE_DIR=/opt/joulebench/suite"));
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(
        ci.contains("deploy/image/packages.txt"),
        ".ci/run does not install the list"
    );
    // The Jobs point the suite where the image puts it.
    for job in ["rank-job.yaml", "rank-per-node.yaml"] {
        let text = std::fs::read_to_string(repo().join("deploy/kubernetes").join(job)).unwrap();
        assert!(text.contains("/opt/joulebench/suite"), "{job}");
    }
}

#[test]
fn every_listed_package_exists_in_debian() {
    // apt-cache knows every name (a typo would fail the image build and CI's install).
    let Ok(out) = std::process::Command::new("apt-cache")
        .arg("show")
        .args(packages())
        .output()
    else {
        eprintln!("SKIPPED: no apt-cache here");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No packages found") && !stderr.contains("Unable to locate"),
        "{stderr}"
    );
}
