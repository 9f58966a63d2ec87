//! Org-mode export: the same table as the Markdown one ([`super::table`]), as an Org
//! table (a rule under the header row), then the notes and warnings.

use super::table::{table, Table};
use crate::summary::summarize;
use crate::view::View;
use crate::ReportError;
use joulebench_model::record::{RunRecord, Session};

/// The Org-mode export of a `run` session.
pub fn export_orgmode(records: &[RunRecord], session: &Session) -> Result<Vec<u8>, ReportError> {
    export_orgmode_with(records, session, &View::default())
}

/// [`export_orgmode`] laid out as `view` says (`run --sort`, `--time-unit`), as the
/// Markdown export is.
pub fn export_orgmode_with(
    records: &[RunRecord],
    session: &Session,
    view: &View,
) -> Result<Vec<u8>, ReportError> {
    Ok(orgmode(&table(&summarize(records, session), view)).into_bytes())
}

/// A cell's text: `|` would end the cell; Org's entity for it reads back as `|`.
fn cell(s: &str) -> String {
    s.replace('|', "\\vert{}")
}

/// A command as Org verbatim (`=...=`), whose contents Org does not interpret.
fn code(s: &str) -> String {
    format!("={}=", cell(s))
}

fn orgmode(t: &Table) -> String {
    let titles: Vec<String> = t.columns.iter().map(|c| cell(&c.title)).collect();
    let rule = vec!["---"; t.columns.len()].join("+");
    let mut out = format!("| {} |\n|{rule}|\n", titles.join(" | "));
    for (command, cells) in &t.rows {
        let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} | {} |\n", code(command), cells.join(" | ")));
    }
    if let Some(note) = &t.energy_note {
        out.push_str(&format!("\n{note}\n"));
    }
    for (command, sci) in &t.sci {
        out.push_str(&format!("\nSCI of {}: {sci}.\n", code(command)));
    }
    if !t.warnings.is_empty() {
        out.push_str("\n*Warnings*\n\n");
        for (command, w) in &t.warnings {
            out.push_str(&format!("- {}: {w}\n", code(command)));
        }
    }
    out
}
