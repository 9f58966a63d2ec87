//! Exporters, tables, charts and the HTML report of joulebench results; the import of the
//! 2017 energy-languages study's raw data; and the `compare` gate.
//!
//! Everything here is a pure function from records ([`joulebench_model::record`]) to
//! bytes or strings, so that it can be snapshot-tested:
//!
//! - [`summary`]: per-command statistics of a `run` session ([`summary::summarize`]).
//! - [`export`]: hyperfine-compatible JSON, CSV and Markdown exports of a `run` session.
//! - [`terminal`]: the human summary `run` prints.
//! - [`load`]: reading results files (JSON Lines from `rank`/`import`, `run --export-json`).
//! - [`rank`]: the language ranking: the study's table, the geometric-mean table with
//!   bootstrap intervals, per-problem tables and "what drives energy".
//! - [`chart`]: SVG charts (plotters, SVG backend, text as `<text>` elements).
//! - [`html`]: the self-contained HTML report.
//! - [`import`]: the 2017 study's raw CSV files as records.
//! - [`compare`]: old vs new, and whether a regression is statistically supported.
//! - [`tracks`]: two sets of programs (joulebench's, the study's) side by side.
//! - [`mod@render`]: one entry point ([`render()`]) that renders loaded results in a chosen
//!   [`Format`].

pub mod chart;
pub mod compare;
pub mod error;
pub mod export;
pub mod format;
pub mod html;
pub mod import;
pub mod load;
pub mod rank;
pub mod render;
pub mod summary;
pub mod terminal;
pub mod tracks;

pub use error::ReportError;
pub use export::{export_csv, export_json, export_markdown};
pub use load::{load_path, load_paths, Loaded};
pub use render::{rank_outputs, render, Format, RankOutputs};

pub use summary::{summarize, CommandSummary};
pub use terminal::render_terminal_summary;
