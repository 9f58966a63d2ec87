//! `compare` on a real regression and on noise.

mod common;

use joulebench_model::record::RunRecord;
use joulebench_report::Loaded;
use joulebench_report::{compare, CompareOptions, Metric, Verdict};

fn runs(cmd: &str, n: u32, energy: f64, noise: f64, seed: u32) -> Vec<RunRecord> {
    (0..n)
        .map(|i| {
            let e = energy * (1.0 + noise * common::wiggle(seed * 1000 + i));
            let wall = 1.0 + 0.01 * common::wiggle(seed * 2000 + i);
            common::run(cmd, i, wall, e * 0.9, e * 0.1)
        })
        .collect()
}

fn loaded(r: Vec<RunRecord>) -> Loaded {
    Loaded {
        warnings: Vec::new(),
        sessions: vec![common::session()],
        runs: r,
        sources: vec![],
    }
}

#[test]
fn a_thirty_percent_regression_fails() {
    let old = loaded(runs("./app", 10, 100.0, 0.02, 1));
    let new = loaded(runs("./app", 10, 130.0, 0.02, 2));
    let c = compare(&old, &new, &CompareOptions::default()).unwrap();
    assert_eq!(c.exit_code(), 1, "{}", c.render());
    let e = c.rows[0].energy.as_ref().unwrap();
    assert_eq!(e.verdict, Verdict::Regression);
    assert!((e.ratio - 1.3).abs() < 0.02);
    assert!(e.ci95.unwrap()[0] > 1.05);
    assert!(c.render().contains("REGRESSION"));
    // Time did not change: gating on time alone passes.
    let t = compare(
        &old,
        &new,
        &CompareOptions {
            metric: Metric::Time,
            ..CompareOptions::default()
        },
    )
    .unwrap();
    assert_eq!(t.exit_code(), 0, "{}", t.render());
}

#[test]
fn noise_does_not_fail() {
    for seed in 0..20 {
        let old = loaded(runs("./app", 10, 100.0, 0.05, seed));
        let new = loaded(runs("./app", 10, 100.0, 0.05, seed + 100));
        let c = compare(&old, &new, &CompareOptions::default()).unwrap();
        assert_eq!(c.exit_code(), 0, "seed {seed}: {}", c.render());
    }
}

#[test]
fn an_increase_within_the_threshold_does_not_fail() {
    let old = loaded(runs("./app", 10, 100.0, 0.005, 1));
    let new = loaded(runs("./app", 10, 103.0, 0.005, 2));
    let c = compare(&old, &new, &CompareOptions::default()).unwrap();
    let e = c.rows[0].energy.as_ref().unwrap();
    assert_eq!(
        e.verdict,
        Verdict::IncreaseWithinThreshold,
        "{}",
        c.render()
    );
    assert_eq!(c.exit_code(), 0);
}

#[test]
fn one_run_a_side_is_inconclusive_not_a_failure() {
    let old = loaded(runs("./app", 1, 100.0, 0.0, 1));
    let new = loaded(runs("./app", 1, 200.0, 0.0, 2));
    let c = compare(&old, &new, &CompareOptions::default()).unwrap();
    assert!(matches!(
        c.rows[0].energy.as_ref().unwrap().verdict,
        Verdict::Inconclusive(_)
    ));
    // Not a failure, and not a pass either (reliability issue: a gate that passes what
    // it could not judge lets regressions through): its own exit status.
    assert_eq!(c.exit_code(), joulebench_report::EXIT_UNDECIDED);
}

#[test]
fn languages_are_compared_by_their_geometric_mean() {
    let (old, s) = common::ranking(5);
    let mut new = old.clone();
    for r in new
        .iter_mut()
        .filter(|r| r.language.as_deref() == Some("Slow"))
    {
        r.energy_total_j = r.energy_total_j.map(|e| e * 1.3);
    }
    let l = |r: Vec<RunRecord>| Loaded {
        warnings: Vec::new(),
        sessions: vec![s.clone()],
        runs: r,
        sources: vec![],
    };
    let c = compare(&l(old.clone()), &l(new), &CompareOptions::default()).unwrap();
    assert_eq!(c.mode, "languages");
    assert_eq!(c.exit_code(), 1, "{}", c.render());
    let bad: Vec<&str> = c.regressions().iter().map(|r| r.key.as_str()).collect();
    assert_eq!(bad, vec!["Slow"]);
    let same = compare(&l(old.clone()), &l(old), &CompareOptions::default()).unwrap();
    assert_eq!(same.exit_code(), 0, "{}", same.render());
}

#[test]
fn different_kinds_or_nothing_in_common_is_an_error() {
    let (rank, s) = common::ranking(2);
    let a = Loaded {
        warnings: Vec::new(),
        sessions: vec![s],
        runs: rank,
        sources: vec![],
    };
    let b = loaded(runs("./app", 3, 1.0, 0.0, 1));
    assert!(compare(&a, &b, &CompareOptions::default()).is_err());
    let c = loaded(runs("./other", 3, 1.0, 0.0, 1));
    let e = compare(&b, &c, &CompareOptions::default()).unwrap_err();
    assert!(e.to_string().contains("nothing to compare"), "{e}");
}
