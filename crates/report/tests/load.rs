//! Reading results files: format detection and errors that name the file and line.

mod common;

use joulebench_model::record::Line;
use joulebench_report::{load_path, parse_results, SourceKind};

fn jsonl() -> String {
    let (runs, s) = common::ranking(2);
    let mut t = serde_json::to_string(&Line::Session(s)).unwrap();
    t.push('\n');
    for r in runs {
        t.push_str(&serde_json::to_string(&Line::Run(r)).unwrap());
        t.push('\n');
    }
    t
}

#[test]
fn json_lines_and_run_exports_are_detected() {
    let l = parse_results("r.jsonl", &jsonl()).unwrap();
    assert_eq!(l.sources[0].1, SourceKind::JsonLines);
    assert_eq!(l.runs.len(), 18);
    assert!(l.has_rank_data());
    let export =
        joulebench_report::export_json(&common::two_commands(), &common::session()).unwrap();
    let l = parse_results("run.json", std::str::from_utf8(&export).unwrap()).unwrap();
    assert_eq!(l.sources[0].1, SourceKind::RunExport);
    assert_eq!(l.runs.len(), 10);
    assert!(!l.has_rank_data());
}

#[test]
fn a_bad_line_is_named_by_file_and_line() {
    let mut t = jsonl();
    t.push_str("{\"type\":\"run\",\"command\":42}\n");
    let e = parse_results("results.jsonl", &t).unwrap_err().to_string();
    assert!(e.starts_with("results.jsonl:20: not a results line"), "{e}");
    let first = jsonl().lines().next().unwrap().to_string();
    let e = parse_results("x.jsonl", &format!("{first}\nnot json\n"))
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("x.jsonl:2:"), "{e}");
}

#[test]
fn empty_plain_hyperfine_and_foreign_files_are_refused() {
    assert!(parse_results("e.jsonl", "\n\n")
        .unwrap_err()
        .to_string()
        .contains("empty file"));
    let hf = r#"{"results":[{"command":"sleep 1","mean":1.0,"times":[1.0]}]}"#;
    let e = parse_results("hf.json", hf).unwrap_err().to_string();
    assert!(e.contains("plain hyperfine export"), "{e}");
    let e = parse_results("a.csv", "a,b,c\n1,2,3\n")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("a.csv:1:"), "{e}");
    let e = parse_results("o.json", "{\"foo\": 1}\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("without \"type\""), "{e}");
    let e = load_path(std::path::Path::new("/nonexistent/r.jsonl")).unwrap_err();
    assert!(e.to_string().contains("/nonexistent/r.jsonl"));
}
