//! The energy-languages importer on small files written to show each quirk.

use joulebench_model::{Domain, DomainKind};
use joulebench_report::{
    import_energy_languages, parse_energy_languages_file, ENERGY_LANGUAGES_WRAP_J,
};

fn line(b: &str, p: f64, c: f64, g: f64, d: f64, t: f64) -> String {
    format!("{b} ; {p:.15} ; {c:.15} ; {g:.15} ; {d:.15} ;  {t} \n")
}

fn ten(b: &str, p: f64) -> String {
    (0..10)
        .map(|i| {
            line(
                b,
                p + f64::from(i) * 0.01,
                p * 0.7,
                0.0,
                1.0,
                1000.0 + f64::from(i),
            )
        })
        .collect()
}

#[test]
fn a_wrapped_counter_is_corrected_and_said_so() {
    let mut text = ten("n-body", 50.0);
    text.push_str(&line("n-body", -262_094.0, 35.0, 0.0, 1.0, 1003.0));
    let (rep, runs) = parse_energy_languages_file("C.csv", &text);
    assert_eq!(runs.len(), 11);
    let last = runs.last().unwrap();
    let pkg = last.energy_j[&Domain::new(DomainKind::Package, 0)];
    assert!((pkg - 50.0).abs() < 1e-9, "{pkg}");
    assert_eq!(
        last.energy_total_j,
        Some(-262_094.0 + ENERGY_LANGUAGES_WRAP_J + 1.0)
    );
    assert_eq!(rep.corrected.len(), 1);
    assert_eq!(rep.corrected[0].line, 11);
    assert!(rep.corrected[0].message.contains("+262144 J"));
    assert!(rep.render().contains("corrected C.csv:11: package"));
    // Mapping of the columns.
    let r = &runs[0];
    assert_eq!(r.language.as_deref(), Some("C"));
    assert_eq!(r.problem.as_deref(), Some("n-body"));
    assert_eq!(r.command, "n-body/C");
    assert!((r.wall_s - 1.0).abs() < 1e-12);
    assert!(r.energy_j.contains_key(&Domain::new(DomainKind::Uncore, 0)));
    assert!(r.energy_j.contains_key(&Domain::new(DomainKind::Core, 0)));
    assert!(r.energy_j.contains_key(&Domain::new(DomainKind::Dram, 0)));
    assert_eq!(r.sensor, "rapl (2017 study, Intel Core i5-4460)");
}

#[test]
fn a_bad_line_is_skipped_with_its_line_number() {
    let mut text = ten("fasta", 20.0);
    text.push_str("fasta ; twenty ; 1 ; 0 ; 1 ; 1000\n");
    text.push_str("fasta ; 20 ; 1 ; 0\n");
    let (rep, runs) = parse_energy_languages_file("Go.csv", &text);
    assert_eq!(runs.len(), 10);
    assert_eq!(rep.skipped.len(), 2);
    assert_eq!(rep.skipped[0].line, 11);
    assert!(rep.skipped[0]
        .message
        .contains("\"twenty\" is not a number"));
    assert_eq!(rep.skipped[1].line, 12);
    assert!(rep.skipped[1].message.contains("expected 6 fields"));
    let text = rep.render();
    assert!(text.contains("skipped   Go.csv:11:"), "{text}");
    assert!(text.contains("skipped   Go.csv:12:"), "{text}");
}

#[test]
fn an_empty_file_is_reported() {
    let (rep, runs) = parse_energy_languages_file("Empty.csv", "\n  \n");
    assert!(runs.is_empty());
    assert_eq!(rep.error.as_deref(), Some("empty file"));
    assert!(rep
        .render()
        .starts_with("Empty.csv: not imported: empty file"));
}

#[test]
fn an_unknown_layout_is_reported_not_guessed() {
    let text = "name|joules|ms\nn-body|12.5|1000\nfasta|3.2|400\n";
    let (rep, runs) = parse_energy_languages_file("Odd.csv", text);
    assert!(runs.is_empty());
    assert!(
        rep.error.as_deref().unwrap().starts_with("unknown layout"),
        "{rep:?}"
    );
    let text = "n-body ; 12.5 ; 1000\nfasta ; 3.2 ; 400\n";
    let (rep, runs) = parse_energy_languages_file("Three.csv", text);
    assert!(runs.is_empty());
    assert!(rep.error.as_deref().unwrap().starts_with("unknown layout"));
    assert_eq!(rep.skipped.len(), 2);
}

#[test]
fn a_header_with_commas_and_no_dram_is_read_without_a_total() {
    let mut text = String::from("benchmark-name, PKG (Joules), CPU (J), DRAM (J) , Time (ms)\n");
    for i in 0..10 {
        text.push_str(&format!(
            "binary-trees , {}, 60.5,  ,  ,  {}\n",
            75.0 + f64::from(i),
            4100 + i
        ));
    }
    let (rep, runs) = parse_energy_languages_file("GraalVM.csv", &text);
    assert_eq!(runs.len(), 10);
    assert!(rep.layout.contains("header row"));
    assert!(rep.layout.contains("','-separated"));
    assert_eq!(rep.skipped[0].line, 1);
    assert!(runs.iter().all(|r| r.energy_total_j.is_none()));
    assert!(rep
        .flagged
        .iter()
        .any(|n| n.message.contains("no DRAM reading")));
}

#[test]
fn mixed_separators_a_misspelled_problem_and_a_year_suffix() {
    let mut text = String::new();
    for i in 0..10 {
        text.push_str(&format!(
            "spectral-norms ; 49.0{i}, 23.4, 0.0, 6.9,  {}\n",
            2814 + i
        ));
    }
    let (rep, runs) = parse_energy_languages_file("Julia_2020.csv", &text);
    assert_eq!(runs.len(), 10);
    assert!(rep.layout.contains("mixed separators"));
    assert_eq!(runs[0].language.as_deref(), Some("Julia"));
    assert_eq!(runs[0].problem.as_deref(), Some("spectral-norm"));
    assert!(rep
        .render()
        .contains("corrected Julia_2020.csv:1-10: problem name \"spectral-norms\""));
}

#[test]
fn extra_problems_are_kept_but_flagged_and_failed_sessions_skipped() {
    // A failed session: ten runs of 40 ms; later a real one of 10 s.
    let mut text = String::new();
    for _ in 0..10 {
        text.push_str(&line("mandelbrot", 1.0, 0.5, 0.0, 0.1, 40.0));
    }
    text.push_str(&ten("thread-ring", 5.0));
    for i in 0..10 {
        text.push_str(&line(
            "mandelbrot",
            400.0,
            300.0,
            0.0,
            20.0,
            10_000.0 + f64::from(i),
        ));
    }
    let (rep, runs) = parse_energy_languages_file("X.csv", &text);
    assert_eq!(runs.len(), 20);
    assert!(rep.flagged.iter().any(|n| n
        .message
        .starts_with("thread-ring: 10 runs of a problem outside the study's ten")));
    assert_eq!(rep.skipped.len(), 10);
    let text = rep.render();
    assert!(
        text.contains("skipped   X.csv:1-10: mandelbrot: a session whose median time"),
        "{text}"
    );
}

#[test]
fn a_cold_first_run_is_flagged_not_dropped() {
    let mut text = line("reverse-complement", 20.7, 6.2, 0.0, 5.4, 2057.0);
    for i in 0..9 {
        text.push_str(&line(
            "reverse-complement",
            7.85 + f64::from(i) * 0.01,
            5.6,
            0.0,
            0.9,
            230.0,
        ));
    }
    let (rep, runs) = parse_energy_languages_file("C.csv", &text);
    assert_eq!(runs.len(), 10);
    assert!(rep
        .flagged
        .iter()
        .any(|n| n.line == 1 && n.message.contains("looks cold")));
}

#[test]
fn a_directory_is_imported_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("C.csv"), ten("n-body", 50.0)).unwrap();
    std::fs::write(dir.path().join("Empty.csv"), "").unwrap();
    std::fs::write(dir.path().join("README.md"), "# notes").unwrap();
    let out = import_energy_languages(dir.path()).unwrap();
    assert_eq!(out.runs.len(), 10);
    assert_eq!(out.files.len(), 2);
    assert_eq!(out.ignored, vec!["README.md".to_string()]);
    assert_eq!(
        out.session.ranking.as_ref().map(|r| r.problems.len()),
        Some(10)
    );
    let text = out.render();
    assert!(
        text.contains("Empty.csv: not imported: empty file"),
        "{text}"
    );
    assert!(text.contains("imported 10 runs from 1 files"), "{text}");
    assert!(import_energy_languages(&dir.path().join("missing")).is_err());
}

#[test]
fn languages_are_named_as_the_study_writes_them_beside_their_published_figures() {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "CSharp.csv",
        "Lisp.csv",
        "JRuby.csv",
        "Haskell.csv",
        "Julia_2020.csv",
    ] {
        std::fs::write(dir.path().join(f), ten("n-body", 50.0)).unwrap();
    }
    let out = import_energy_languages(dir.path()).unwrap();
    let mut langs: Vec<&str> = out
        .runs
        .iter()
        .filter_map(|r| r.language.as_deref())
        .collect();
    langs.dedup();
    assert_eq!(langs, ["C#", "Haskell", "JRuby", "Julia", "Lisp"]);
    assert!(out.runs.iter().any(|r| r.command == "n-body/C#"));
    let cs = out.files.iter().find(|f| f.file == "CSharp.csv").unwrap();
    assert!(cs
        .flagged
        .iter()
        .any(|n| n.message.contains("\"CSharp\"") && n.message.contains("\"C#\"")));
    let text = out.render();
    for want in [
        "  C#: energy 3.14, time 3.14, memory 2.85\n",
        "  Haskell: energy 3.10, time 3.55, memory 2.45\n",
        "  JRuby: energy 46.54, time 43.44, memory 19.84\n",
        "  Lisp: energy 2.27, time 3.40, memory 1.92\n",
        "  Julia: not in the published table",
    ] {
        assert!(text.contains(want), "{want:?} in {text}");
    }
    assert!(text.contains("memory relative to Pascal"), "{text}");
}
