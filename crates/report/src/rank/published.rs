//! The study's published figures (SCP 2021, Table 4, the same as SLE 2017 Table 4) for all
//! 27 of its languages, carried as data with their source (`data/published-scp2021.toml`
//! in this crate); and the study's languages that joulebench's systems cannot run, with
//! what they would need.

use crate::ReportError;
use serde::{Deserialize, Serialize};

const SCP2021_TOML: &str = include_str!("../../data/published-scp2021.toml");

/// How the report names the study's languages that these results do not have because the
/// system cannot run them.
pub const NOT_AVAILABLE: &str = "not available on this system";

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
    /// Memory, relative to the least-memory language of the study (Pascal).
    pub memory: f64,
}

/// A language of the study that joulebench's systems cannot run, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnavailableLanguage {
    /// Language name as the study writes it.
    #[serde(rename = "name")]
    pub language: String,
    /// Why it cannot run (e.g. "no Debian 12 package").
    pub reason: String,
    /// What running it would need.
    pub needs: String,
}

impl UnavailableLanguage {
    /// "Chapel: no Debian 12 package; needs the Chapel compiler (chpl) from ...".
    pub fn sentence(&self) -> String {
        format!("{}: {}; needs {}", self.language, self.reason, self.needs)
    }
}

/// A published table and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedTable {
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
    /// The study's languages that joulebench's systems cannot run.
    #[serde(default)]
    pub unavailable: Vec<UnavailableLanguage>,
}

impl PublishedTable {
    /// The row for `language`, matched by canonical name (case and punctuation aside;
    /// `cpp`/`C++`, `csharp`/`C#`, `js`/`JavaScript`, ... alike).
    pub fn find(&self, language: &str) -> Option<&PublishedRow> {
        let want = canonical(language);
        self.languages
            .iter()
            .find(|r| canonical(&r.language) == want)
    }

    /// The unavailable languages of which `present` (the languages of some results) has
    /// none, in the data's order: a language that did run is not listed.
    pub fn not_available<'a, I, S>(&self, present: I) -> Vec<&UnavailableLanguage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str> + 'a,
    {
        let have: Vec<String> = present.into_iter().map(|l| canonical(l.as_ref())).collect();
        self.unavailable
            .iter()
            .filter(|u| !have.contains(&canonical(&u.language)))
            .collect()
    }

    /// A published energy figure relative to `reference` instead of C: the language's
    /// figure over the reference's. None when either is not in the table.
    pub fn energy_relative_to(&self, language: &str, reference: &str) -> Option<f64> {
        let mine = self.find(language)?.energy;
        let theirs = self.find(reference)?.energy;
        (theirs > 0.0).then(|| mine / theirs)
    }
}

/// A language name reduced for matching: lower case, without spaces, `-`, `_` or `.`, and
/// common aliases (suite ids, file names, implementations) folded to the study's name.
pub fn canonical(name: &str) -> String {
    let l: String = name
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    let folded = match l.as_str() {
        "cpp" | "cxx" | "c++" | "cplusplus" | "g++" => "c++",
        "js" | "node" | "nodejs" | "javascript" => "javascript",
        "ts" | "typescript" | "tsc" => "typescript",
        "py" | "python3" | "cpython" | "python" => "python",
        "golang" | "go" => "go",
        "csharp" | "c#" | "cs" => "c#",
        "fsharp" | "f#" | "fs" => "f#",
        "lisp" | "commonlisp" | "sbcl" => "lisp",
        "ruby" | "rb" | "cruby" | "mri" => "ruby",
        "pascal" | "freepascal" | "fpc" | "objectpascal" => "pascal",
        "ada" | "gnat" => "ada",
        "haskell" | "ghc" | "hs" => "haskell",
        "erlang" | "erl" => "erlang",
        "fortran" | "gfortran" | "f90" => "fortran",
        "perl" | "perl5" => "perl",
        "racket" | "rkt" => "racket",
        "chapel" | "chpl" => "chapel",
        "hack" | "hhvm" => "hack",
        "swift" | "swiftc" => "swift",
        "rust" | "rs" => "rust",
        "java" | "openjdk" => "java",
        _ => return l,
    };
    folded.to_string()
}

/// SCP 2021 Table 4 for all of the study's languages.
pub fn scp2021() -> Result<PublishedTable, ReportError> {
    toml::from_str(SCP2021_TOML)
        .map_err(|e| ReportError::Render(format!("bundled published-scp2021.toml: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The suite's language ids (the first 8 and the 15 added), with the study's names.
    const IDS: [(&str, &str); 22] = [
        ("c", "C"),
        ("cpp", "C++"),
        ("rust", "Rust"),
        ("go", "Go"),
        ("java", "Java"),
        ("javascript", "JavaScript"),
        ("python", "Python"),
        ("ada", "Ada"),
        ("csharp", "C#"),
        ("erlang", "Erlang"),
        ("fortran", "Fortran"),
        ("haskell", "Haskell"),
        ("jruby", "JRuby"),
        ("lisp", "Lisp"),
        ("lua", "Lua"),
        ("ocaml", "OCaml"),
        ("pascal", "Pascal"),
        ("perl", "Perl"),
        ("php", "PHP"),
        ("racket", "Racket"),
        ("ruby", "Ruby"),
        ("typescript", "TypeScript"),
    ];

    #[test]
    fn bundled_table_parses_and_matches_the_readme() {
        let p = scp2021().unwrap();
        assert!(p.source.contains("Science of Computer Programming"));
        assert_eq!(p.doi, "10.1016/j.scico.2021.102609");
        assert_eq!(p.find("python").unwrap().energy, 75.88);
        assert_eq!(p.find("cpp").unwrap().time, 1.56);
        assert_eq!(p.find("C").unwrap().memory, 1.17);
        let haskell = p.find("Haskell").unwrap();
        assert_eq!(
            (haskell.energy, haskell.time, haskell.memory),
            (3.10, 3.55, 2.45)
        );
    }

    #[test]
    fn all_27_languages_with_c_and_pascal_as_the_units() {
        let p = scp2021().unwrap();
        assert_eq!(p.languages.len(), 27);
        let c = p.find("C").unwrap();
        assert_eq!((c.energy, c.time), (1.0, 1.0));
        assert_eq!(p.find("Pascal").unwrap().memory, 1.0);
        let least = p
            .languages
            .iter()
            .map(|r| r.memory)
            .fold(f64::MAX, f64::min);
        assert_eq!(least, 1.0, "Pascal has the least memory");
        assert!(p.memory_normalized_to.contains("Pascal"));
        let mut names: Vec<String> = p.languages.iter().map(|r| canonical(&r.language)).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 27, "no two rows fold to the same name");
    }

    #[test]
    fn every_suite_id_finds_its_published_row() {
        let p = scp2021().unwrap();
        for (id, name) in IDS {
            let row = p.find(id).unwrap_or_else(|| panic!("{id} has no row"));
            assert_eq!(row.language, name, "{id}");
            assert_eq!(p.find(name).unwrap().language, name);
        }
        // The study data's file names and other spellings.
        for (alias, name) in [
            ("CSharp", "C#"),
            ("FSharp", "F#"),
            ("c-sharp", "C#"),
            ("Common Lisp", "Lisp"),
            ("common-lisp", "Lisp"),
            ("sbcl", "Lisp"),
            ("TS", "TypeScript"),
            ("JRUBY", "JRuby"),
            ("free-pascal", "Pascal"),
            ("fpc", "Pascal"),
            ("ghc", "Haskell"),
            ("Ocaml", "OCaml"),
            ("chpl", "Chapel"),
            ("hhvm", "Hack"),
            ("node.js", "JavaScript"),
        ] {
            assert_eq!(
                p.find(alias).map(|r| r.language.as_str()),
                Some(name),
                "{alias}"
            );
        }
        // JRuby and Ruby, Java and JavaScript stay apart.
        assert_eq!(p.find("ruby").unwrap().energy, 69.91);
        assert_eq!(p.find("jruby").unwrap().energy, 46.54);
        assert_eq!(p.find("java").unwrap().energy, 1.98);
        assert!(p.find("Julia").is_none());
        assert!(p.find("Smalltalk").is_none());
    }

    #[test]
    fn the_five_languages_debian_12_lacks_are_data_with_what_they_need() {
        let p = scp2021().unwrap();
        let names: Vec<&str> = p.unavailable.iter().map(|u| u.language.as_str()).collect();
        assert_eq!(names, ["Chapel", "Dart", "F#", "Hack", "Swift"]);
        for u in &p.unavailable {
            assert!(
                p.find(&u.language).is_some(),
                "{} is in the table",
                u.language
            );
            assert!(u.reason.contains("Debian 12"), "{u:?}");
            assert!(!u.needs.is_empty());
        }
        assert_eq!(
            p.unavailable[0].sentence(),
            "Chapel: no Debian 12 package; needs the Chapel compiler (chpl) from chapel-lang.org"
        );
        // A language that ran is not listed.
        let left: Vec<&str> = p
            .not_available(["C", "chapel", "Swift"])
            .iter()
            .map(|u| u.language.as_str())
            .collect();
        assert_eq!(left, ["Dart", "F#", "Hack"]);
        assert_eq!(p.not_available(Vec::<String>::new()).len(), 5);
    }

    #[test]
    fn published_energy_can_be_put_relative_to_another_reference() {
        let p = scp2021().unwrap();
        assert_eq!(p.energy_relative_to("Python", "C"), Some(75.88));
        let r = p.energy_relative_to("Python", "Rust").unwrap();
        assert!((r - 75.88 / 1.03).abs() < 1e-12);
        assert_eq!(p.energy_relative_to("Python", "Julia"), None);
    }

    /// The bundled table against the study's table in `shared/data` (where it is present).
    #[test]
    fn bundled_table_matches_the_normalized_table_in_shared_data() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/published-normalized-2017.md");
        let Ok(md) = std::fs::read_to_string(&path) else {
            eprintln!("SKIPPED: no {}", path.display());
            return;
        };
        let p = scp2021().unwrap();
        let mut rows = 0;
        for line in md
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| Energy"))
        {
            let f: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(f.len(), 6, "{line}");
            for (col, pair) in f.chunks(2).enumerate() {
                let want: f64 = pair[1].parse().unwrap();
                let row = p
                    .find(pair[0])
                    .unwrap_or_else(|| panic!("{} missing", pair[0]));
                let got = [row.energy, row.time, row.memory][col];
                assert_eq!(got, want, "{} column {col}", pair[0]);
            }
            rows += 1;
        }
        assert_eq!(rows, 27);
    }
}
