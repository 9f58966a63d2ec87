//! Reading results: JSON Lines files (written by `rank` and `import`) and
//! `run --export-json` files, detected by content.

use crate::export::EXPORT_FORMAT;
use crate::ReportError;
use joulebench_model::record::{Line, RunRecord, Session};
use serde_json::Value;
use std::path::Path;

/// What kind of file a results file was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// JSON Lines: session lines and run lines.
    JsonLines,
    /// A `joulebench run --export-json` file.
    RunExport,
}

/// Results read from one or more files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// Session lines, in file order.
    pub sessions: Vec<Session>,
    /// Runs, in file order.
    pub runs: Vec<RunRecord>,
    /// Each file read, and its kind.
    pub sources: Vec<(String, SourceKind)>,
    /// What was skipped while reading (a torn last line), for the reader to print.
    pub warnings: Vec<String>,
}

impl Loaded {
    /// Append another file's results.
    pub fn extend(&mut self, other: Loaded) {
        self.sessions.extend(other.sessions);
        self.runs.extend(other.runs);
        self.sources.extend(other.sources);
        self.warnings.extend(other.warnings);
    }

    /// The first session, or an empty one.
    pub fn session(&self) -> Session {
        self.sessions.first().cloned().unwrap_or_default()
    }

    /// True when some runs carry a problem and a language (rank or import results).
    pub fn has_rank_data(&self) -> bool {
        self.runs
            .iter()
            .any(|r| r.problem.is_some() && r.language.is_some())
    }
}

/// Read one results file (JSON Lines or a run export).
pub fn load_path(path: &Path) -> Result<Loaded, ReportError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_results(&path.display().to_string(), &text)
}

/// Read several results files into one.
pub fn load_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Loaded, ReportError> {
    let mut all = Loaded::default();
    for p in paths {
        all.extend(load_path(p.as_ref())?);
    }
    Ok(all)
}

/// Parse the text of a results file named `name` (used in error messages).
pub fn parse_results(name: &str, text: &str) -> Result<Loaded, ReportError> {
    let Some((first_no, first)) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty())
    else {
        return Err(ReportError::input(
            name,
            None,
            "empty file: no results in it",
        ));
    };
    // A JSON Lines file's first line is a whole object with a "type".
    if let Ok(Value::Object(o)) = serde_json::from_str::<Value>(first) {
        if o.contains_key("type") {
            return parse_jsonl(name, text);
        }
        if o.contains_key("results") {
            return parse_export(name, text);
        }
        return Err(ReportError::input(
            name,
            Some(first_no + 1),
            "not a results line: a JSON object without \"type\" (expected \"session\" or \"run\")",
        ));
    }
    if first.trim_start().starts_with('{') || first.trim_start().starts_with('[') {
        return parse_export(name, text);
    }
    Err(ReportError::input(
        name,
        Some(first_no + 1),
        "not a joulebench results file: expected JSON Lines (from `rank` or `import`) \
         or a `run --export-json` file",
    ))
}

fn parse_jsonl(name: &str, text: &str) -> Result<Loaded, ReportError> {
    let mut out = Loaded {
        sources: vec![(name.to_string(), SourceKind::JsonLines)],
        ..Loaded::default()
    };
    let last = text.lines().count();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(line) {
            Ok(Line::Session(s)) => out.sessions.push(s),
            Ok(Line::Run(r)) => {
                r.validate()
                    .map_err(|why| ReportError::input(name, Some(i + 1), why))?;
                out.runs.push(r);
            }
            // A crash while appending leaves the last line half-written, without its
            // newline: that run was never finished. `rank --resume` redoes it; here it
            // is skipped, loudly.
            Err(_) if i + 1 == last && !text.ends_with('\n') => out.warnings.push(format!(
                "{name}:{}: incomplete last line ignored (the run being written when \
                 the measurement stopped)",
                i + 1
            )),
            Err(e) => {
                return Err(ReportError::input(
                    name,
                    Some(i + 1),
                    format!("not a results line: {e}"),
                ))
            }
        }
    }
    if out.runs.is_empty() {
        return Err(ReportError::input(name, None, "no runs in this file"));
    }
    Ok(out)
}

fn parse_export(name: &str, text: &str) -> Result<Loaded, ReportError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| ReportError::input(name, Some(e.line()), format!("not valid JSON: {e}")))?;
    let results = doc
        .get("results")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ReportError::input(
                name,
                None,
                "JSON without a \"results\" array: not a run export",
            )
        })?;
    let mut out = Loaded {
        sources: vec![(name.to_string(), SourceKind::RunExport)],
        ..Loaded::default()
    };
    if let Some(s) = doc.get("session") {
        let s: Session = serde_json::from_value(s.clone())
            .map_err(|e| ReportError::input(name, None, format!("bad \"session\": {e}")))?;
        out.sessions.push(s);
    }
    let is_ours = doc
        .pointer("/joulebench/format")
        .and_then(Value::as_str)
        .is_some_and(|f| f == EXPORT_FORMAT);
    for (i, r) in results.iter().enumerate() {
        let Some(runs) = r.get("runs").and_then(Value::as_array) else {
            let why = if is_ours {
                "has no \"runs\""
            } else {
                "has no \"runs\": this looks like a plain hyperfine export, which has no energy figures"
            };
            return Err(ReportError::input(
                name,
                None,
                format!("results[{i}] {why}"),
            ));
        };
        for (j, run) in runs.iter().enumerate() {
            let rec: RunRecord = serde_json::from_value(run.clone()).map_err(|e| {
                ReportError::input(name, None, format!("results[{i}].runs[{j}]: {e}"))
            })?;
            rec.validate().map_err(|why| {
                ReportError::input(name, None, format!("results[{i}].runs[{j}]: {why}"))
            })?;
            out.runs.push(rec);
        }
    }
    if out.runs.is_empty() {
        return Err(ReportError::input(name, None, "no runs in this file"));
    }
    Ok(out)
}
