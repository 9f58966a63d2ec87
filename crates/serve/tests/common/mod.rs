//! Helpers the deploy/ tests share: where the files are, and reading their YAML.
#![allow(dead_code)] // each test file uses a different subset

use serde::Deserialize;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// `deploy/` of the repository.
pub fn deploy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy")
}

/// A file under `deploy/`.
pub fn deploy(rel: &str) -> PathBuf {
    deploy_dir().join(rel)
}

/// The YAML documents of a file (empty documents left out).
pub fn docs(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml::Deserializer::from_str(&text)
        .map(|d| Value::deserialize(d).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .filter(|v| !v.is_null())
        .collect()
}

/// The YAML documents of a file under `deploy/`.
pub fn yaml_docs(rel: &str) -> Vec<Value> {
    docs(&deploy(rel))
}

/// The first document of `kind`.
pub fn of_kind<'a>(docs: &'a [Value], kind: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind}"))
}

/// A YAML string.
pub fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v:?}"))
}

/// stdout and stderr of a finished command, together.
pub fn output_text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
