//! The study's published figures (SCP 2021, Table 4), carried as data with their source
//! (`data/published-scp2021.toml` in this crate).

use crate::ReportError;
use serde::{Deserialize, Serialize};

const SCP2021_TOML: &str = include_str!("../../data/published-scp2021.toml");

/// One language's published normalized figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedRow {
    /// Language name as the study writes it.
    #[serde(rename = "name")]
    pub language: String,
    /// Energy, C = 1.00.
    pub energy: f64,
    /// Time, C = 1.00.
    pub time: f64,
    /// Memory, relative to the least-memory language of the study.
    pub memory: f64,
}

/// A published table and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Published {
    /// Bibliographic source.
    pub source: String,
    /// DOI of the source.
    pub doi: String,
    /// What energy and time are normalized to.
    pub energy_time_normalized_to: String,
    /// What memory is normalized to.
    pub memory_normalized_to: String,
    /// The rows.
    #[serde(rename = "language")]
    pub languages: Vec<PublishedRow>,
}

impl Published {
    /// The row for `language` (case-insensitive; `cpp`/`c++`, `js`/`javascript` alike).
    pub fn find(&self, language: &str) -> Option<&PublishedRow> {
        let want = canonical(language);
        self.languages
            .iter()
            .find(|r| canonical(&r.language) == want)
    }
}

/// A language name reduced for matching: lower case, common aliases folded.
pub fn canonical(name: &str) -> String {
    let l = name.trim().to_ascii_lowercase();
    match l.as_str() {
        "cpp" | "cxx" | "c++" => "c++".into(),
        "js" | "node" | "nodejs" | "javascript" => "javascript".into(),
        "py" | "python3" | "cpython" | "python" => "python".into(),
        "golang" | "go" => "go".into(),
        "csharp" | "c#" => "c#".into(),
        "fsharp" | "f#" => "f#".into(),
        _ => l,
    }
}

/// SCP 2021 Table 4 for joulebench's languages.
pub fn scp2021() -> Result<Published, ReportError> {
    toml::from_str(SCP2021_TOML)
        .map_err(|e| ReportError::Render(format!("bundled published-scp2021.toml: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_table_parses_and_matches_the_readme() {
        let p = scp2021().unwrap();
        assert!(p.source.contains("Science of Computer Programming"));
        assert_eq!(p.find("python").unwrap().energy, 75.88);
        assert_eq!(p.find("cpp").unwrap().time, 1.56);
        assert_eq!(p.find("C").unwrap().memory, 1.17);
        assert!(p.find("Haskell").is_none());
    }
}
