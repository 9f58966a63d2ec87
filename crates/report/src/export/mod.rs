//! Exports of a `run` session, as hyperfine writes them plus energy: JSON, CSV, Markdown.
//! Each is a pure function of the records and the session.

mod csv;
mod json;
mod markdown;

pub use self::csv::export_csv;
pub use self::json::{export_json, EXPORT_FORMAT};
pub use self::markdown::{export_markdown, export_markdown_with};
