//! The ranking on a small synthetic study whose answers are known.

mod common;

use joulebench_model::ranking::{ProblemFacts, Ranking};
use joulebench_report::Loaded;
use joulebench_report::{analyze, RankOptions, PROBLEM_SET_NOTE};
use joulebench_report::{render, Format};

fn analysis(runs: u32) -> joulebench_report::RankAnalysis {
    let (r, s) = common::ranking(runs);
    analyze(&r, &[s], &RankOptions::default()).unwrap()
}

#[test]
fn study_table_is_a_ratio_of_totals_and_geomean_differs() {
    let a = analysis(5);
    assert_eq!(a.reference, "C");
    let slow = a.languages.iter().find(|l| l.language == "Slow").unwrap();
    // Totals: (10*50 + 1*10 + 0.1*10) / (10 + 1 + 0.1) = 511 / 11.1 = 46.0
    let t = slow.energy_ratio_total.unwrap();
    assert!((t / 46.04 - 1.0).abs() < 0.03, "{t}");
    // Geometric mean of 50, 10, 10 = 17.1
    let g = slow.energy_ratio_geomean.unwrap();
    assert!((g / 17.1 - 1.0).abs() < 0.03, "{g}");
    let [lo, hi] = slow.energy_ratio_geomean_ci.unwrap();
    assert!(lo < g && g < hi);
    assert_eq!(slow.rank, Some(3));
    assert_eq!(slow.problems, 3);
    // Time follows energy here (same power), memory is 3x C's.
    assert!((slow.memory_ratio_total.unwrap() - 3.0).abs() < 0.01);
}

#[test]
fn reference_is_exactly_one_and_close_languages_are_not_distinguishable() {
    let a = analysis(5);
    let c = a.languages.iter().find(|l| l.language == "C").unwrap();
    assert_eq!(c.energy_ratio_geomean, Some(1.0));
    assert_eq!(c.energy_ratio_geomean_ci, Some([1.0, 1.0]));
    let fast = a.languages.iter().find(|l| l.language == "Fast").unwrap();
    assert!(
        fast.not_distinguishable_from.contains(&"C".to_string()),
        "{fast:?}"
    );
    let slow = a.languages.iter().find(|l| l.language == "Slow").unwrap();
    assert!(slow.not_distinguishable_from.is_empty());
}

#[test]
fn the_bootstrap_is_reproducible_and_seeded() {
    let (r, s) = common::ranking(5);
    let opts = RankOptions::default();
    let a = analyze(&r, std::slice::from_ref(&s), &opts).unwrap();
    let b = analyze(&r, std::slice::from_ref(&s), &opts).unwrap();
    assert_eq!(a, b);
    let other = analyze(
        &r,
        &[s],
        &RankOptions {
            seed: 1,
            ..RankOptions::default()
        },
    )
    .unwrap();
    let ci = |x: &joulebench_report::RankAnalysis| {
        x.languages
            .iter()
            .find(|l| l.language == "Slow")
            .and_then(|l| l.energy_ratio_geomean_ci)
    };
    assert_ne!(ci(&a), ci(&other));
}

#[test]
fn failed_runs_and_other_problems_are_left_out_and_listed() {
    let (mut r, mut s) = common::ranking(3);
    r[0].exit_code = Some(1);
    let mut extra = r[1].clone();
    extra.problem = Some("thread-ring".into());
    r.push(extra);
    // The typed ranking a session records, and the note older results files carry.
    let mut old = s.clone();
    old.notes
        .insert(PROBLEM_SET_NOTE.into(), "long,mid,short".into());
    s.ranking = Some(Ranking {
        problems: ["long", "mid", "short"]
            .map(|id| ProblemFacts {
                id: id.into(),
                size: None,
            })
            .to_vec(),
        ..Ranking::default()
    });
    for session in [s, old] {
        let a = analyze(&r, &[session], &RankOptions::default()).unwrap();
        assert_eq!(a.problems, vec!["long", "mid", "short"]);
        let reasons: Vec<&str> = a.excluded.iter().map(|e| e.reason.as_str()).collect();
        assert!(reasons.contains(&"failed (exit code 1)"), "{reasons:?}");
        assert!(
            reasons.contains(&"not one of the ranked problems"),
            "{reasons:?}"
        );
    }
}

#[test]
fn without_c_the_best_language_is_the_reference() {
    let (r, s) = common::ranking(3);
    let r: Vec<_> = r
        .into_iter()
        .filter(|x| x.language.as_deref() != Some("C"))
        .collect();
    let a = analyze(&r, &[s], &RankOptions::default()).unwrap();
    assert_eq!(a.reference, "Fast");
    assert!(a
        .caveats
        .iter()
        .any(|c| c.contains("C is not in these results")));
}

#[test]
fn drivers_fit_energy_against_cpu_time() {
    let a = analysis(5);
    let d = &a.drivers;
    assert!(d.uses_cpu_time);
    let f = d.fit.unwrap();
    assert!(f.r2 > 0.99, "{f:?}");
    assert!(
        (f.slope - 1.0).abs() < 0.02,
        "energy is proportional to CPU time: {f:?}"
    );
    assert_eq!(d.points.len(), 45);
}

#[test]
fn json_has_the_promised_fields() {
    let (r, s) = common::ranking(3);
    let loaded = Loaded {
        warnings: Vec::new(),
        sessions: vec![s],
        runs: r,
        sources: vec![],
    };
    let bytes = render(&loaded, Format::Json, &RankOptions::default()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let langs = v["languages"].as_array().unwrap();
    assert_eq!(langs.len(), 3);
    for l in langs {
        for k in [
            "language",
            "energy_ratio_total",
            "energy_ratio_geomean",
            "energy_ratio_geomean_ci",
            "time_ratio_total",
            "memory_ratio_total",
            "problems",
            "provenance",
        ] {
            assert!(l.get(k).is_some(), "missing {k} in {l}");
        }
        assert!(l["problems"].is_u64());
        assert_eq!(l["energy_ratio_geomean_ci"].as_array().unwrap().len(), 2);
        assert_eq!(l["provenance"]["provenance"], "measured");
        assert_eq!(l["provenance"]["sensor"], "rapl-powercap");
    }
    assert!(v["published"]["source"]
        .as_str()
        .unwrap()
        .contains("Table 4"));
}

#[test]
fn markdown_and_csv_snapshots() {
    let (r, s) = common::ranking(4);
    let loaded = Loaded {
        warnings: Vec::new(),
        sessions: vec![s],
        runs: r,
        sources: vec![],
    };
    let opts = RankOptions {
        resamples: 500,
        ..RankOptions::default()
    };
    let md = String::from_utf8(render(&loaded, Format::Markdown, &opts).unwrap()).unwrap();
    assert!(md.contains("## The study's table: ratio of totals"));
    assert!(md.contains("## A sounder table: geometric mean of per-problem ratios"));
    assert!(md.contains("## Why the two tables differ"));
    assert!(
        md.contains("| C | 3 | 1.00 | 1.00 | 1.00 | 1.00 | 1.00 | 1.00 | 1.17 |"),
        "{md}"
    );
    insta::assert_snapshot!("rank_markdown", md);
    let csv = String::from_utf8(render(&loaded, Format::Csv, &opts).unwrap()).unwrap();
    insta::assert_snapshot!("rank_csv", csv);
}

#[test]
fn estimated_data_say_so_first() {
    let (mut r, mut s) = common::ranking(3);
    common::estimated(&mut r, &mut s);
    s.model = Some("cpu-time x 10 W per core".into());
    let loaded = Loaded {
        warnings: Vec::new(),
        sessions: vec![s],
        runs: r,
        sources: vec![],
    };
    let md = String::from_utf8(render(&loaded, Format::Markdown, &RankOptions::default()).unwrap())
        .unwrap();
    let first_para = md.lines().nth(2).unwrap();
    assert!(
        first_para.contains("ESTIMATED by a model (cpu-time x 10 W per core)"),
        "{md}"
    );
}

#[test]
fn drivers_text_warns_that_an_estimated_fit_is_built_in_only_when_estimated() {
    use joulebench_report::drivers_text;
    let measured = analysis(5);
    assert_eq!(measured.provenance.provenance, "measured");
    assert!(!drivers_text(&measured)
        .iter()
        .any(|p| p.contains("estimated from CPU time")));
    let (mut r, mut s) = common::ranking(5);
    common::estimated(&mut r, &mut s);
    let est = analyze(&r, &[s], &RankOptions::default()).unwrap();
    assert_eq!(est.provenance.provenance, "estimated");
    assert!(
        drivers_text(&est)
            .iter()
            .any(|p| p.contains("estimated from CPU time")
                && p.contains("so a close fit is built in. Only a measured sensor")),
        "{:?}",
        drivers_text(&est)
    );
}

/// The synthetic ranking with its languages renamed to suite ids of the new languages.
fn renamed(runs: u32, names: [(&str, &str); 3]) -> Loaded {
    let (mut r, s) = common::ranking(runs);
    for x in &mut r {
        let l = x.language.clone().unwrap();
        if let Some((_, to)) = names.iter().find(|(from, _)| *from == l) {
            x.language = Some((*to).to_string());
            x.command = format!("{}/{to}", x.problem.as_deref().unwrap());
        }
    }
    Loaded {
        warnings: Vec::new(),
        sessions: vec![s],
        runs: r,
        sources: vec![],
    }
}

#[test]
fn the_new_languages_show_their_published_figures() {
    let loaded = renamed(3, [("C", "C"), ("Fast", "csharp"), ("Slow", "haskell")]);
    let opts = RankOptions {
        resamples: 200,
        ..RankOptions::default()
    };
    let md = String::from_utf8(render(&loaded, Format::Markdown, &opts).unwrap()).unwrap();
    assert!(md.contains("| 3.14 | 3.14 | 2.85 |"), "C# published: {md}");
    assert!(
        md.contains("| 3.10 | 3.55 | 2.45 |"),
        "Haskell published: {md}"
    );
    for (a, b, c) in [
        ("lisp", "jruby", "typescript"),
        ("ocaml", "pascal", "racket"),
    ] {
        let loaded = renamed(3, [("C", a), ("Fast", b), ("Slow", c)]);
        let an = analyze(&loaded.runs, &loaded.sessions, &opts).unwrap();
        for l in &an.languages {
            assert!(l.published.is_some(), "{} has no published row", l.language);
        }
    }
    let loaded = renamed(3, [("C", "C"), ("Fast", "lisp"), ("Slow", "typescript")]);
    let an = analyze(&loaded.runs, &loaded.sessions, &opts).unwrap();
    let p = |l: &str| {
        an.languages
            .iter()
            .find(|x| x.language == l)
            .and_then(|x| x.published.as_ref())
            .map(|p| (p.language.clone(), p.energy))
    };
    assert_eq!(p("lisp"), Some(("Lisp".into(), 2.27)));
    assert_eq!(p("typescript"), Some(("TypeScript".into(), 21.50)));
}

#[test]
fn the_studys_languages_debian_lacks_are_listed_as_not_available() {
    let (r, s) = common::ranking(3);
    let loaded = Loaded {
        warnings: Vec::new(),
        sessions: vec![s],
        runs: r,
        sources: vec![],
    };
    let opts = RankOptions {
        resamples: 200,
        ..RankOptions::default()
    };
    let chapel =
        "Chapel: no Debian 12 package; needs the Chapel compiler (chpl) from chapel-lang.org";
    let md = String::from_utf8(render(&loaded, Format::Markdown, &opts).unwrap()).unwrap();
    assert!(md.contains("## Not available on this system"), "{md}");
    assert!(md.contains(&format!("- {chapel}")), "{md}");
    for l in ["Dart: ", "F#: ", "Hack: ", "Swift: "] {
        assert!(
            md.contains(&format!("- {l}no Debian 12 package; needs ")),
            "{l} {md}"
        );
    }

    let out = joulebench_report::rank_outputs(&loaded, &opts).unwrap();
    assert!(
        out.terminal.contains("not available on this system"),
        "{}",
        out.terminal
    );
    assert!(out.terminal.contains(chapel), "{}", out.terminal);
    let html = String::from_utf8(out.files[0].1.clone()).unwrap();
    assert!(html.contains("Not available on this system"), "html");
    assert!(html.contains(&format!("<li>{chapel}</li>")), "html");
    assert!(
        html.contains("<li>F#: no Debian 12 package; needs the .NET SDK"),
        "html"
    );

    let v: serde_json::Value =
        serde_json::from_slice(&render(&loaded, Format::Json, &opts).unwrap()).unwrap();
    let na = v["not_available"]
        .as_array()
        .expect("not_available in JSON");
    let names: Vec<&str> = na.iter().map(|x| x["language"].as_str().unwrap()).collect();
    assert_eq!(names, ["Chapel", "Dart", "F#", "Hack", "Swift"]);
    for x in na {
        assert_eq!(x["status"], "not available on this system");
        assert!(x["reason"].as_str().unwrap().contains("Debian 12"));
        assert!(!x["needs"].as_str().unwrap().is_empty());
    }
    assert!(
        v["languages"].as_array().unwrap().len() == 3,
        "the rows are unchanged"
    );

    // A language that did run is not called unavailable.
    let ran = renamed(3, [("C", "C"), ("Fast", "Swift"), ("Slow", "chpl")]);
    let md = String::from_utf8(render(&ran, Format::Markdown, &opts).unwrap()).unwrap();
    assert!(!md.contains("- Swift: "), "{md}");
    assert!(!md.contains("- Chapel: "), "{md}");
    assert!(md.contains("- Dart: "), "{md}");
}

#[test]
fn the_energy_chart_tells_this_runs_ratio_from_the_published_figure() {
    let (mut r, s) = common::ranking(3);
    for x in &mut r {
        if x.language.as_deref() == Some("Slow") {
            x.language = Some("Python".into());
        }
    }
    let loaded = Loaded {
        warnings: Vec::new(),
        sessions: vec![s],
        runs: r,
        sources: vec![],
    };
    let opts = RankOptions {
        resamples: 200,
        ..RankOptions::default()
    };
    let html = String::from_utf8(render(&loaded, Format::Html, &opts).unwrap()).unwrap();
    assert!(!html.contains("the study's ratio of totals"), "old wording");
    let energy = &html[html.find("id=\"energy\"").unwrap()..html.find("id=\"study\"").unwrap()];
    assert!(
        energy.contains("this run, by the study&#x27;s method (ratio of totals)")
            || energy.contains("this run, by the study's method (ratio of totals)"),
        "{energy}"
    );
    assert!(energy.contains("published (SCP 2021 Table 4)"), "{energy}");
    assert!(
        energy.contains("Hollow diamonds"),
        "caption names the marker: {energy}"
    );
    // One hollow diamond per language with a published figure (C and Python, not Fast),
    // and one in the legend.
    assert_eq!(energy.matches("class=\"published\"").count(), 3, "{energy}");
}

/// With one run per cell the bootstrap has nothing to resample: the interval used to be
/// the point itself ("0.88 … 0.88"), a certainty the data do not have. Now there is none.
#[test]
fn one_run_per_cell_gives_no_interval_not_a_zero_width_one() {
    let one = analysis(1);
    for l in &one.languages {
        if l.language == "C" {
            assert_eq!(
                l.energy_ratio_geomean_ci,
                Some([1.0, 1.0]),
                "the reference is exact"
            );
        } else {
            assert!(l.energy_ratio_geomean.is_some(), "{}", l.language);
            assert_eq!(l.energy_ratio_geomean_ci, None, "{}", l.language);
            assert_eq!(l.time_ratio_geomean_ci, None, "{}", l.language);
        }
    }
    // With several runs the interval is back.
    let three = analysis(3);
    assert!(three
        .languages
        .iter()
        .all(|l| l.energy_ratio_geomean_ci.is_some()));
}
