//! Markdown export: hyperfine's table (`Command | Mean | Min | Max | Relative`) with
//! energy columns, then the notes and warnings. The cells are [`super::table`]'s, shared
//! with the AsciiDoc and Org exports.

use super::table::{table, Table};
use crate::summary::summarize;
use crate::view::View;
use crate::ReportError;
use joulebench_model::record::{RunRecord, Session};

/// The Markdown export of a `run` session.
pub fn export_markdown(records: &[RunRecord], session: &Session) -> Result<Vec<u8>, ReportError> {
    export_markdown_with(records, session, &View::default())
}

/// [`export_markdown`] laid out as `view` says (`run --sort`, `--time-unit`).
pub fn export_markdown_with(
    records: &[RunRecord],
    session: &Session,
    view: &View,
) -> Result<Vec<u8>, ReportError> {
    Ok(markdown(&table(&summarize(records, session), view)).into_bytes())
}

fn markdown(t: &Table) -> String {
    let titles: Vec<&str> = t.columns.iter().map(|c| c.title.as_str()).collect();
    let rules: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if c.right { "---:" } else { ":---" })
        .collect();
    let mut out = format!("| {} |\n|{}|\n", titles.join(" | "), rules.join("|"));
    for (command, cells) in &t.rows {
        out.push_str(&format!(
            "| `{}` | {} |\n",
            command.replace('|', "\\|"),
            cells.join(" | ")
        ));
    }
    if let Some(note) = &t.energy_note {
        out.push_str(&format!("\n{note}\n"));
    }
    for (command, sci) in &t.sci {
        out.push_str(&format!(
            "\nSCI of `{}`: {sci}.\n",
            command.replace('`', "'")
        ));
    }
    if !t.warnings.is_empty() {
        out.push_str("\n**Warnings**\n\n");
        for (command, w) in &t.warnings {
            out.push_str(&format!("- `{command}`: {w}\n"));
        }
    }
    out
}
