//! hyperfine-compatible JSON with energy fields.
//!
//! `results[]` keeps hyperfine's fields and meanings (`command`, `mean`, `stddev`,
//! `median`, `user`, `system`, `min`, `max` in seconds, `times`, `exit_codes`,
//! `memory_usage_byte`), so tools that read hyperfine's JSON keep working; energy fields
//! are added beside them, and `results[].runs` carries every run record so that
//! `joulebench report` and `compare` can read the file back without loss.

use crate::summary::{summarize, CommandSummary, Relative};
use crate::ReportError;
use joulebench_model::record::{RunRecord, Session};
use joulebench_model::stats::Summary;
use serde_json::{json, Map, Value};

/// The value of the top-level `joulebench.format` field of a JSON export.
pub const EXPORT_FORMAT: &str = "joulebench-run-export/1";

/// The JSON export of a `run` session (pretty-printed, trailing newline).
pub fn export_json(records: &[RunRecord], session: &Session) -> Result<Vec<u8>, ReportError> {
    let results: Vec<Value> = summarize(records, session).iter().map(result).collect();
    let doc = json!({
        "results": results,
        "session": session,
        "joulebench": {
            "format": EXPORT_FORMAT,
            "version": session.tool_version,
            "energy_unit": "J",
            "energy_default": "package + dram of every socket (psys where there is no package)",
        },
    });
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn result(s: &CommandSummary) -> Value {
    let mut m = Map::new();
    let t = s.time.as_ref();
    // hyperfine's fields, same names and meanings (seconds; stddev null for one run).
    m.insert("command".into(), json!(s.command));
    m.insert("mean".into(), json!(t.map(|t| t.mean)));
    m.insert(
        "stddev".into(),
        json!(t.filter(|t| t.n > 1).map(|t| t.stddev)),
    );
    m.insert("median".into(), json!(t.map(|t| t.median)));
    m.insert("user".into(), json!(s.user_mean_s));
    m.insert("system".into(), json!(s.system_mean_s));
    m.insert("min".into(), json!(t.map(|t| t.min)));
    m.insert("max".into(), json!(t.map(|t| t.max)));
    m.insert("times".into(), json!(s.times));
    m.insert("exit_codes".into(), json!(s.exit_codes));
    m.insert("memory_usage_byte".into(), json!(s.memory_bytes));
    if !s.parameters.is_empty() {
        // hyperfine's `parameters`: name to value, only for a parameterised benchmark.
        let params: Map<String, Value> = s
            .parameters
            .iter()
            .map(|p| (p.name.clone(), json!(p.value)))
            .collect();
        m.insert("parameters".into(), Value::Object(params));
    }
    // Energy and the rest: a hyperfine reader ignores these.
    m.insert("time_ci95".into(), json!(t.map(|t| t.ci95)));
    m.insert("provenance".into(), json!(s.provenance.as_str()));
    m.insert("sensor".into(), json!(s.sensor));
    match &s.energy {
        Some(e) => {
            m.insert("energy".into(), summary_json(&e.gross, "J"));
            m.insert(
                "energy_net".into(),
                e.net
                    .as_ref()
                    .map(|n| summary_json(n, "J"))
                    .unwrap_or(Value::Null),
            );
            m.insert("energy_j".into(), json!(e.values));
            let domains: Map<String, Value> = s
                .records
                .iter()
                .filter(|r| !r.timed_out)
                .flat_map(|r| r.energy_j.keys())
                .map(|d| {
                    let per_run: Vec<Option<f64>> = s
                        .records
                        .iter()
                        .filter(|r| !r.timed_out)
                        .map(|r| r.energy_j.get(d).copied())
                        .collect();
                    (d.to_string(), json!(per_run))
                })
                .collect();
            m.insert("energy_per_domain_j".into(), Value::Object(domains));
            let per_domain: Map<String, Value> = e
                .per_domain
                .iter()
                .map(|(d, s)| (d.to_string(), summary_json(s, "J")))
                .collect();
            m.insert("energy_per_domain".into(), Value::Object(per_domain));
        }
        None => {
            m.insert("energy".into(), Value::Null);
            m.insert(
                "energy_missing".into(),
                json!(s.energy_missing.as_deref().unwrap_or("unknown")),
            );
        }
    }
    m.insert(
        "power_w".into(),
        s.power_w
            .as_ref()
            .map(|p| summary_json(p, "W"))
            .unwrap_or(Value::Null),
    );
    m.insert(
        "peak_memory_bytes".into(),
        json!({ "max": s.memory_max_bytes, "mean": s.memory_mean_bytes }),
    );
    m.insert("co2e_g_per_run".into(), json!(s.co2e_g_per_run));
    m.insert("grid_intensity".into(), json!(s.grid));
    if let Some(sci) = &s.sci {
        m.insert("sci".into(), json!(sci));
    }
    m.insert(
        "energy_relative".into(),
        s.energy_relative
            .as_ref()
            .map(relative)
            .unwrap_or(Value::Null),
    );
    m.insert(
        "time_relative".into(),
        s.time_relative
            .as_ref()
            .map(relative)
            .unwrap_or(Value::Null),
    );
    m.insert("timed_out_runs".into(), json!(s.timed_out));
    m.insert("warnings".into(), json!(s.warnings));
    m.insert("runs".into(), json!(s.records));
    Value::Object(m)
}

fn summary_json(s: &Summary, unit: &str) -> Value {
    json!({
        "unit": unit,
        "n": s.n,
        "mean": s.mean,
        "stddev": s.stddev,
        "median": s.median,
        "min": s.min,
        "max": s.max,
        "ci95": s.ci95,
    })
}

fn relative(r: &Relative) -> Value {
    json!({
        "vs": r.reference,
        "ratio": r.ratio.ratio,
        "stddev": r.ratio.stddev,
        "ci95": r.ratio.ci95,
        "distinguishable": r.ratio.distinguishable,
        "is_reference": r.is_reference,
    })
}
