//! Exports of a `run` session, as hyperfine writes them plus energy: JSON, CSV, and the
//! tables (Markdown, AsciiDoc, Org). Each is a pure function of the records and the
//! session.

mod asciidoc;
mod csv;
mod json;
mod markdown;
mod orgmode;
pub(crate) mod table;

pub use self::asciidoc::{export_asciidoc, export_asciidoc_with};
pub use self::csv::export_csv;
pub use self::json::{export_json, EXPORT_FORMAT};
pub use self::markdown::{export_markdown, export_markdown_with};
pub use self::orgmode::{export_orgmode, export_orgmode_with};
