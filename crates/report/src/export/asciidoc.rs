//! AsciiDoc export: the same table as the Markdown one ([`super::table`]), as an
//! AsciiDoc table with a header row, then the notes and warnings.

use super::table::{table, Table};
use crate::summary::summarize;
use crate::view::View;
use crate::ReportError;
use joulebench_model::record::{RunRecord, Session};

/// The AsciiDoc export of a `run` session.
pub fn export_asciidoc(records: &[RunRecord], session: &Session) -> Result<Vec<u8>, ReportError> {
    export_asciidoc_with(records, session, &View::default())
}

/// [`export_asciidoc`] laid out as `view` says (`run --sort`, `--time-unit`), as the
/// Markdown export is.
pub fn export_asciidoc_with(
    records: &[RunRecord],
    session: &Session,
    view: &View,
) -> Result<Vec<u8>, ReportError> {
    Ok(asciidoc(&table(&summarize(records, session), view)).into_bytes())
}

/// A cell's text: `|` would start a new cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// A command as literal monospace (`+...+` turns off AsciiDoc's other markup inside).
fn code(s: &str) -> String {
    format!("`+{}+`", cell(s))
}

fn asciidoc(t: &Table) -> String {
    let cols: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if c.right { ">" } else { "<" })
        .collect();
    let mut out = format!("[cols=\"{}\", options=\"header\"]\n|===\n", cols.join(","));
    let titles: Vec<String> = t.columns.iter().map(|c| cell(&c.title)).collect();
    out.push_str(&format!("| {}\n", titles.join(" | ")));
    for (command, cells) in &t.rows {
        let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("\n| {} | {}\n", code(command), cells.join(" | ")));
    }
    out.push_str("|===\n");
    if let Some(note) = &t.energy_note {
        out.push_str(&format!("\n{note}\n"));
    }
    for (command, sci) in &t.sci {
        out.push_str(&format!("\nSCI of {}: {sci}.\n", code(command)));
    }
    if !t.warnings.is_empty() {
        out.push_str("\n.Warnings\n");
        for (command, w) in &t.warnings {
            out.push_str(&format!("* {}: {w}\n", code(command)));
        }
    }
    out
}
