//! The import of the 2017 study's raw files, on the real data in `../shared` (skipped with
//! a message where it is absent, as in a user's clone).

use joulebench_report::import_energy_languages;
use joulebench_report::Loaded;
use joulebench_report::{analyze, RankOptions};
use std::path::PathBuf;

fn study_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let dir = root.join("shared/data/energy-languages-2017");
    if dir.join("C.csv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: the study's raw data are not at {} (they are in CI, not in a user's clone)",
            dir.display()
        );
        None
    }
}

fn row<'a>(a: &'a joulebench_report::RankAnalysis, l: &str) -> &'a joulebench_report::LanguageRow {
    a.languages.iter().find(|r| r.language == l).unwrap()
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got / want - 1.0).abs() <= rel
}

#[test]
fn study_ratios_are_reproduced_from_the_raw_files() {
    let Some(dir) = study_dir() else { return };
    let out = import_energy_languages(&dir).unwrap();
    eprintln!("{}", out.render());
    let loaded = Loaded {
        warnings: Vec::new(),
        sessions: vec![out.session.clone()],
        runs: out.runs.clone(),
        sources: vec![],
    };
    let a = analyze(&loaded.runs, &loaded.sessions, &RankOptions::default()).unwrap();
    assert_eq!(a.reference, "C");
    assert_eq!(a.problems.len(), 10, "{:?}", a.problems);
    for l in &a.languages {
        eprintln!(
            "{:<12} n={:>2} total={:>8.2} time={:>8.2} geomean={:>8.2} ci={:?} rank={:?}",
            l.language,
            l.problems,
            l.energy_ratio_total.unwrap_or(f64::NAN),
            l.time_ratio_total.unwrap_or(f64::NAN),
            l.energy_ratio_geomean.unwrap_or(f64::NAN),
            l.energy_ratio_geomean_ci,
            l.rank
        );
    }
    let rust = row(&a, "Rust");
    let python = row(&a, "Python");
    let rust_total = rust.energy_ratio_total.unwrap();
    let py_total = python.energy_ratio_total.unwrap();
    let py_geo = python.energy_ratio_geomean.unwrap();
    assert!(close(rust_total, 1.06, 0.03), "Rust/C total {rust_total}");
    assert!(close(py_total, 75.5, 0.03), "Python/C total {py_total}");
    assert!(close(py_geo, 33.0, 0.05), "Python/C geomean {py_geo}");
    let ci = python.energy_ratio_geomean_ci.unwrap();
    assert!(ci[0] < py_geo && py_geo < ci[1]);
    // Published figures are carried beside the recomputed ones.
    assert_eq!(python.published.as_ref().unwrap().energy, 75.88);
}

#[test]
fn every_language_of_the_study_stands_beside_its_published_figures() {
    let Some(dir) = study_dir() else { return };
    let out = import_energy_languages(&dir).unwrap();
    let a = analyze(
        &out.runs,
        std::slice::from_ref(&out.session),
        &RankOptions {
            resamples: 50,
            ..RankOptions::default()
        },
    )
    .unwrap();
    let table = joulebench_report::scp2021().unwrap();
    assert_eq!(table.languages.len(), 27);
    let mut matched = 0;
    for p in &table.languages {
        match a.languages.iter().find(|l| l.language == p.language) {
            Some(l) => {
                assert_eq!(l.published.as_ref(), Some(p), "{}", p.language);
                matched += 1;
            }
            // The study's artifact has no Java.csv.
            None => assert_eq!(p.language, "Java", "{} has no runs", p.language),
        }
    }
    assert!(matched >= 26, "{matched}");
    // Only the later studies' extra files have no published row (Smalltalk.csv has no
    // plausible run).
    let mut without: Vec<&str> = a
        .languages
        .iter()
        .filter(|l| l.published.is_none())
        .map(|l| l.language.as_str())
        .collect();
    without.sort();
    assert_eq!(without, ["GraalVM", "Julia"]);
    // The study's data have every language: none is called unavailable.
    assert!(joulebench_report::not_available_text(&a).is_empty());
    let md = joulebench_report::render_rank_markdown(&a);
    assert!(!md.contains("Not available on this system"));
    assert!(md.contains("| 3.10 | 3.55 | 2.45 |"), "Haskell: {md}");
    assert!(md.contains("| 46.54 | 43.44 | 19.84 |"), "JRuby: {md}");
    let text = out.render();
    assert!(
        text.contains("  C#: energy 3.14, time 3.14, memory 2.85\n"),
        "{text}"
    );
    assert!(
        text.contains("  Pascal: energy 2.14, time 3.02, memory 1.00\n"),
        "{text}"
    );
}
