//! What a ranking measured, as typed facts recorded in its session.
//!
//! Why typed: the ranking used to travel as string keys in [`Session::notes`]
//! (`toolchain.C`, `size.n-body`, `problem_set`, `selection.languages`) that the CLI wrote
//! and the report and `--resume` parsed back by name; a renamed key broke the reader
//! silently. Now the suite's plan fills a [`Ranking`], the session carries it, and readers
//! use fields.
//!
//! [`Session::notes`]: crate::record::Session::notes

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything a report or a resumed ranking needs to know about what was measured.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// Size profile (`check`, `quick`, `study`, or another the manifest defines).
    pub profile: String,
    /// Measured runs per problem x language (`None` for imported data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs: Option<u32>,
    /// Un-measured runs per problem x language before the measured ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warmup: Option<u32>,
    /// What the user asked for, so that `--resume` continues exactly it.
    pub selection: AskedFor,
    /// The languages measured (toolchain found, at least one program verified).
    pub languages: Vec<LanguageFacts>,
    /// The problems of the ranking, in table order, with their sizes at `profile`.
    pub problems: Vec<ProblemFacts>,
    /// Languages selected but not measured, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedLanguage>,
    /// Programs left out because they did not build or printed wrong output.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<ExcludedProgram>,
    /// The plan's identity, recorded by `rank` so that shards can be matched by eye and
    /// by tools ([`crate::fleet::PlanId`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::fleet::PlanId>,
    /// The part of the plan this results file measured (`rank --shard K/N`); `None`: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<crate::fleet::Shard>,
}

/// The user's selection as given on the command line: `None` is the default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskedFor {
    /// `--languages` ids as given (`all` included); `None`: the default languages.
    pub languages: Option<Vec<String>>,
    /// `--problems` as given; `None`: every problem.
    pub problems: Option<Vec<String>>,
}

impl AskedFor {
    /// A selection from flag values, where an empty list means "not given".
    pub fn from_flags(languages: &[String], problems: &[String]) -> AskedFor {
        let given = |v: &[String]| (!v.is_empty()).then(|| v.to_vec());
        AskedFor {
            languages: given(languages),
            problems: given(problems),
        }
    }
}

/// One measured language: its toolchain and how its programs were built.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LanguageFacts {
    /// Manifest id (`cpp`).
    pub id: String,
    /// Display name, as in the run records (`C++`).
    pub name: String,
    /// The toolchain's version line.
    pub toolchain: String,
    /// Compiler or interpreter flags, in words.
    pub flags: String,
    /// Libraries a problem's program uses (problem id → library), e.g. GMP for pidigits.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub libraries: BTreeMap<String, String>,
}

/// One problem of the ranking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemFacts {
    /// Problem id (`n-body`).
    pub id: String,
    /// The size measured (argument, or the input's fasta size); `None` when unknown, as
    /// for imported data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

/// A language selected but not measured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedLanguage {
    /// Manifest id.
    pub language: String,
    /// Why, with the fix (`toolchain missing (...); install: apt-get install ...`).
    pub reason: String,
}

/// A program left out of the ranking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedProgram {
    /// Problem id.
    pub problem: String,
    /// Manifest id of the language.
    pub language: String,
    /// Why (build failure, wrong output), in words.
    pub reason: String,
}

impl Ranking {
    /// The problem ids, in table order.
    pub fn problem_ids(&self) -> Vec<String> {
        self.problems.iter().map(|p| p.id.clone()).collect()
    }

    /// The measured languages' ids.
    pub fn language_ids(&self) -> Vec<String> {
        self.languages.iter().map(|l| l.id.clone()).collect()
    }

    /// The facts as labelled lines for a report's "how this was measured" list, in a
    /// stable order.
    pub fn facts(&self) -> Vec<(String, String)> {
        let mut f = vec![
            ("profile".to_string(), self.profile.clone()),
            ("plan".to_string(), self.plan_id().to_string()),
        ];
        if let Some(shard) = self.shard {
            f.push(("shard".to_string(), shard.to_string()));
        }
        for (what, n) in [("runs", self.runs), ("warmup", self.warmup)] {
            if let Some(n) = n {
                f.push((what.to_string(), n.to_string()));
            }
        }
        for l in &self.languages {
            f.push((format!("toolchain {}", l.name), l.toolchain.clone()));
            f.push((format!("flags {}", l.name), l.flags.clone()));
            for (problem, lib) in &l.libraries {
                f.push((format!("library {} {problem}", l.name), lib.clone()));
            }
        }
        for p in &self.problems {
            if let Some(size) = p.size {
                f.push((format!("size {}", p.id), size.to_string()));
            }
        }
        for s in &self.skipped {
            f.push((format!("skipped {}", s.language), s.reason.clone()));
        }
        if !self.excluded.is_empty() {
            let list: Vec<String> = self
                .excluded
                .iter()
                .map(|e| format!("{}/{}", e.problem, e.language))
                .collect();
            f.push(("excluded".to_string(), list.join(", ")));
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranking() -> Ranking {
        Ranking {
            profile: "quick".into(),
            runs: Some(3),
            warmup: Some(0),
            selection: AskedFor::from_flags(&["c".into(), "cpp".into()], &[]),
            languages: vec![LanguageFacts {
                id: "cpp".into(),
                name: "C++".into(),
                toolchain: "g++ 12.2.0".into(),
                flags: "g++ -O3".into(),
                libraries: [("pidigits".to_string(), "GMP".to_string())].into(),
            }],
            problems: vec![
                ProblemFacts {
                    id: "n-body".into(),
                    size: Some(3_500_000),
                },
                ProblemFacts {
                    id: "pidigits".into(),
                    size: None,
                },
            ],
            skipped: vec![SkippedLanguage {
                language: "c".into(),
                reason: "toolchain missing".into(),
            }],
            excluded: vec![ExcludedProgram {
                problem: "pidigits".into(),
                language: "cpp".into(),
                reason: "wrong output".into(),
            }],
            plan: None,
            shard: None,
        }
    }

    #[test]
    fn round_trips_through_json_and_reads_old_lines_without_lists() {
        let r = ranking();
        let back: Ranking = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
        // Empty lists are left out when written, and read back as empty.
        let plain = Ranking {
            skipped: vec![],
            excluded: vec![],
            ..r
        };
        let text = serde_json::to_string(&plain).unwrap();
        assert!(
            !text.contains("skipped") && !text.contains("excluded"),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Ranking>(&text).unwrap(), plain);
    }

    #[test]
    fn a_selection_not_given_is_none_and_facts_name_every_part() {
        let s = AskedFor::from_flags(&[], &["n-body".into()]);
        assert_eq!(s.languages, None);
        assert_eq!(s.problems, Some(vec!["n-body".to_string()]));
        let facts = ranking().facts();
        let get = |k: &str| {
            facts
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("toolchain C++"), Some("g++ 12.2.0"));
        assert_eq!(get("library C++ pidigits"), Some("GMP"));
        assert_eq!(get("size n-body"), Some("3500000"));
        assert_eq!(get("size pidigits"), None);
        assert_eq!(get("skipped c"), Some("toolchain missing"));
        assert_eq!(get("excluded"), Some("pidigits/cpp"));
        assert_eq!(ranking().problem_ids(), vec!["n-body", "pidigits"]);
    }
}
