//! Every Kubernetes file under deploy/ is validated against the Kubernetes API's own
//! schemas, offline, with `kubernetes-validate` (PyPI; `.ci/run` installs it): parsing
//! alone accepts a typo'd field, which the API server would then reject (or, with
//! client-side apply, silently drop: a `readOnlyRootFileSystem: true` protects nothing).

mod common;

use common::{deploy_dir, docs, output_text};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Kubernetes versions the files are validated against, `--strict` (unknown fields
/// are errors). 1.33 is the oldest the rank Jobs can run on (`backoffLimitPerIndex` and
/// `podFailurePolicy` are GA there); 1.37 is the newest the pinned kubernetes-validate
/// 1.37.0 ships. A field removed or renamed in between fails one of the two.
const VERSIONS: [&str; 2] = ["1.33.0", "1.37.0"];

/// Kinds with no schema in kubernetes-validate (custom resources: it ships the core
/// API only). They are not schema-validated here; deploy.rs checks their fields.
/// Any other kind without a schema, e.g. a typo'd apiVersion, is an error.
const CUSTOM_RESOURCES: [(&str, &str); 1] = [("monitoring.coreos.com/v1", "ServiceMonitor")];

/// The YAML files under `dir` (recursively) that hold Kubernetes objects: documents
/// with `apiVersion` and `kind`. deploy/ also holds Prometheus configs and a GitHub
/// action, which are not.
fn kubernetes_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(kubernetes_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && docs(&path)
                .iter()
                .any(|d| d.get("apiVersion").is_some() && d.get("kind").is_some())
        {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// How to run kubernetes-validate here: its script, or the module under python3 (pip
/// may install the script outside PATH, e.g. ~/.local/bin).
fn validator() -> Option<Vec<String>> {
    let candidates = [
        vec!["kubernetes-validate".to_string()],
        vec![
            "python3".to_string(),
            "-m".to_string(),
            "kubernetes_validate".to_string(),
        ],
    ];
    candidates.into_iter().find(|c| {
        Command::new(&c[0])
            .args(&c[1..])
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Validate one file against one Kubernetes version. Ok: every object passed (custom
/// resources excepted). Err: the tool's output, or why it is not good enough.
fn validate(tool: &[String], version: &str, path: &Path) -> Result<(), String> {
    let out = Command::new(&tool[0])
        .args(&tool[1..])
        .args(["--strict", "--kubernetes-version", version])
        .arg(path)
        .output()
        .unwrap();
    let text = output_text(&out);
    if !out.status.success() {
        return Err(format!("{}:\n{text}", out.status));
    }
    // Exit status 0 also when an object has no schema at all (the tool only warns),
    // which is what a typo'd apiVersion or kind looks like.
    for line in text.lines() {
        if line.contains("Couldn't find schema")
            && !CUSTOM_RESOURCES
                .iter()
                .any(|(api, kind)| line.contains(&format!("kind {kind} with api version {api} ")))
        {
            return Err(format!("an object has no schema: {line}\n{text}"));
        }
    }
    let objects = docs(path);
    let expected = objects
        .iter()
        .filter(|d| {
            !CUSTOM_RESOURCES
                .iter()
                .any(|(api, kind)| d["apiVersion"] == *api && d["kind"] == *kind)
        })
        .count();
    let passed = text.lines().filter(|l| l.contains(" passed for ")).count();
    if passed != expected {
        return Err(format!(
            "{passed} object(s) passed, {expected} expected (of {}):\n{text}",
            objects.len()
        ));
    }
    Ok(())
}

/// The tool, or None after printing why the test is skipped; under CI its absence fails.
fn tool_or_skip() -> Option<Vec<String>> {
    let tool = validator();
    if tool.is_none() {
        assert!(
            !joulebench_testkit::in_ci(),
            "kubernetes-validate is not installed, and CI is set: \
             pip install kubernetes-validate (see .ci/run)"
        );
        eprintln!(
            "SKIP Kubernetes schema validation: kubernetes-validate is not installed \
             (pip install kubernetes-validate)"
        );
    }
    tool
}

#[test]
fn every_kubernetes_file_passes_schema_validation() {
    let files = kubernetes_files(&deploy_dir());
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    // The discovery must find at least these, or the test would validate nothing.
    for want in [
        "daemonset.yaml",
        "servicemonitor.yaml",
        "rank-job.yaml",
        "rank-per-node.yaml",
        "results-reader.yaml",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} not found: {names:?}"
        );
    }
    let Some(tool) = tool_or_skip() else { return };
    let mut failures = Vec::new();
    for file in &files {
        for version in VERSIONS {
            match validate(&tool, version, file) {
                Ok(()) => eprintln!("ok   {} against {version}", file.display()),
                Err(e) => failures.push(format!("{} against {version}: {e}", file.display())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The same check on broken copies of a real file: each must be rejected, or the test
/// above could not fail.
#[test]
fn broken_manifests_are_rejected() {
    let Some(tool) = tool_or_skip() else { return };
    let original = std::fs::read_to_string(deploy_dir().join("kubernetes/rank-job.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let version = VERSIONS[VERSIONS.len() - 1];
    // The copy itself passes, so each rejection below is the edit's doing.
    let same = dir.path().join("same.yaml");
    std::fs::write(&same, &original).unwrap();
    validate(&tool, version, &same).unwrap();
    let cases = [
        // A typo'd field: only --strict catches it (the schema allows no extra fields).
        (
            "readOnlyRootFilesystem: true",
            "readOnlyRootFileSystem: true",
            "readOnlyRootFileSystem",
        ),
        // A value of the wrong type.
        ("completions: 4", "completions: four", "four"),
        // A misspelt field of the Job itself (`completionMode: Indexd` would pass: the
        // schemas type enums such as completionMode only as strings; the API server
        // refuses it, this offline check cannot).
        (
            "backoffLimitPerIndex: 2",
            "backoffLimitsPerIndex: 2",
            "backoffLimitsPerIndex",
        ),
        // An apiVersion with no such kind: the tool only warns, validate() refuses.
        ("apiVersion: batch/v1", "apiVersion: batch/v2", "no schema"),
    ];
    for (from, to, named) in cases {
        assert!(original.contains(from), "rank-job.yaml has no `{from}`");
        let broken = dir.path().join("broken.yaml");
        std::fs::write(&broken, original.replacen(from, to, 1)).unwrap();
        let err = validate(&tool, version, &broken)
            .expect_err(&format!("`{to}` instead of `{from}` was accepted"));
        assert!(
            err.contains(named),
            "`{to}`: the error does not name {named}:\n{err}"
        );
    }
}
