//! Exporters, tables, charts and the HTML report of joulebench results; the import of the
//! 2017 energy-languages study's raw data; and the `compare` gate.
//!
//! Everything here is a pure function from records ([`joulebench_model::record`]) to
//! bytes or strings, so that it can be snapshot-tested. The modules are private; this
//! file re-exports, once each, what the other crates and the tests use, by topic:
//!
//! - Reading results files (JSON Lines from `rank`/`import`, `run --export-json`):
//!   [`load_path`], [`load_paths`], [`parse_results`] into [`Loaded`].
//! - A `run` session: per-command statistics ([`summarize`]), hyperfine-compatible
//!   exports ([`export_json`], [`export_csv`], [`export_markdown`], [`export_asciidoc`],
//!   [`export_orgmode`], [`export_html`]) and the human summary
//!   `run` prints ([`render_terminal_summary`]).
//! - One entry point that renders loaded results in a chosen [`Format`] ([`render`]),
//!   every rendering of a ranking at once ([`rank_outputs`]), and the self-contained HTML
//!   report ([`render_html`]).
//! - The language ranking ([`analyze`] into a [`RankAnalysis`]): the study's table, the
//!   geometric-mean table with bootstrap intervals, per-problem cells and "what drives
//!   energy", beside the study's published table ([`scp2021`]).
//! - Several machines: shards of one plan merged ([`merge_shards`]), and full rankings
//!   side by side with their rank agreement ([`compare_machines`]).
//! - [`compare`]: old vs new, and whether a regression is statistically supported.
//! - SVG charts ([`bar_chart`], [`scatter_chart`], [`timeline_chart`]; plotters' SVG
//!   backend, text as `<text>` elements).
//! - The 2017 study's raw CSV files as records ([`import_energy_languages`]).
//! - Two sets of programs (joulebench's, the study's) side by side ([`tracks_markdown`] and
//!   its kin).

#![warn(missing_docs)]

mod chart;
mod compare;
mod error;
mod export;
mod fleet;
mod format;
mod html;
mod import;
mod load;
mod machines;
mod rank;
mod render;
mod summary;
mod terminal;
mod tracks;
mod view;

pub use error::ReportError;

// Reading results.
pub use load::{load_path, load_paths, parse_results, Loaded, SourceKind};

// A `run` session: statistics, exports and the terminal summary.
pub use export::{
    export_asciidoc, export_asciidoc_with, export_csv, export_json, export_markdown,
    export_markdown_with, export_orgmode, export_orgmode_with,
};
pub use format::terminal_safe;
pub use summary::{
    summarize, warning_group_key, CommandSummary, CommandWarning, EnergyStats, Relative,
    WarningKind,
};
pub use terminal::{render_terminal_summary, render_terminal_summary_with};
pub use view::{Figure, SortOrder, TimeUnit, View};

// Rendering loaded results.
pub use html::CSS as REPORT_CSS;
pub use html::{export_html, render_html, render_machines_html};
pub use render::{rank_outputs, render, Format, RankOutputs};

// Rankings from several machines: shards merged, machines compared.
pub use fleet::{applies as shards_apply, merge as merge_shards, MachineRanking};
pub use machines::agreement::{kendall_tau_b, Agreement, Flip};
pub use machines::markdown::render as render_machines_markdown;
pub use machines::{
    compare_machines, LanguageAcross, MachineColumn, MachineComparison, MachineRatio,
};

// The language ranking.
pub use rank::cells::{RankCell, RunFigures};
pub use rank::drivers::{power_law, DriverPoint, Drivers, Fit, FitKind, LanguageDrivers};
pub use rank::markdown::render_rank_markdown;
pub use rank::published::{scp2021, PublishedRow, PublishedTable, UnavailableLanguage};
pub use rank::text::{drivers_text, not_available_text};
pub use rank::{
    analyze, BootstrapInfo, Excluded, LanguageRow, RankAnalysis, RankOptions, SourceInfo,
    PROBLEM_SET_NOTE,
};

// `compare`.
pub use compare::{
    compare, parse_threshold, CompareOptions, Comparison, ComparisonRow, FigureChange, Metric,
    Verdict, EXIT_REGRESSION, EXIT_UNDECIDED,
};

// Charts.
pub use chart::{
    bar_chart, scatter_chart, timeline_chart, Bar, BarOptions, ScatterOptions, Series,
};
pub use tracks::{
    compare as compare_tracks, html as tracks_html, html_section as tracks_html_section,
    markdown as tracks_markdown, LanguageRow as TrackLanguageRow, ProblemRow as TrackProblemRow,
    TrackCell, Tracks,
};

// Importing the 2017 study's raw measurements.
pub use import::energy_languages::{
    import_energy_languages, parse_energy_languages_file, ImportOutcome, ENERGY_LANGUAGES_WRAP_J,
};
pub use import::{ImportFileReport, ImportNote};
