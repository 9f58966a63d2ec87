//! The suite-to-measure step: a selection becomes typed facts and invocations.

mod common;

use joulebench_suite::{Suite, SuiteError};

fn ids(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn choose_skips_a_missing_default_toolchain_but_refuses_a_named_one() {
    let t = common::TinySuite::new();
    let suite = Suite::load(t.path()).unwrap();
    let all = suite.choose(&["all".into()], &[]).unwrap();
    let chosen: Vec<String> = all.languages.iter().map(|l| l.id.clone()).collect();
    assert_eq!(ids(&chosen), ["sh", "sh2"]);
    assert_eq!(all.skipped.len(), 1);
    assert!(
        all.skipped[0].reason.contains("apt-get install nope-lang"),
        "{:?}",
        all.skipped
    );
    assert_eq!(all.languages[0].toolchain, "sh version 1.2.3");
    assert_eq!(ids(&all.problems), ["fasta", "echo", "count"]);
    match suite.choose(&["sh".into(), "nope".into()], &[]) {
        Err(SuiteError::MissingToolchain { language, hint, .. }) => {
            assert_eq!(
                (language.as_str(), hint.as_str()),
                ("nope", "apt-get install nope-lang")
            )
        }
        other => panic!("expected MissingToolchain, got {other:?}"),
    }
    assert!(matches!(
        suite.choose(&["cobol".into()], &[]),
        Err(SuiteError::UnknownLanguage(..))
    ));
}

#[test]
fn plan_lists_exclusions_sizes_and_invocations_at_the_profile() {
    let t = common::TinySuite::new();
    // sh2's count prints the wrong thing: excluded, with its reason; sh's passes.
    t.write("count/sh2/main.sh", "echo wrong\n");
    let suite = Suite::load(t.path()).unwrap();
    let choice = suite
        .choose(
            &["sh".into(), "sh2".into()],
            &["count".into(), "fasta".into()],
        )
        .unwrap();
    let plan = suite.plan(&choice, "quick", &t.cache()).unwrap();
    let got: Vec<(&str, &str)> = plan
        .programs
        .iter()
        .map(|p| (p.problem.as_str(), p.language.as_str()))
        .collect();
    assert_eq!(got, [("fasta", "sh"), ("fasta", "sh2"), ("count", "sh")]);
    let count = plan.programs.iter().find(|p| p.problem == "count").unwrap();
    assert_eq!(count.invocation.argv.last().map(String::as_str), Some("4"));
    assert_eq!(count.language_name, "Shell");
    let r = &plan.ranking;
    assert_eq!(r.profile, "quick");
    assert_eq!(r.excluded.len(), 1, "{:?}", r.excluded);
    assert_eq!(
        (
            r.excluded[0].problem.as_str(),
            r.excluded[0].language.as_str()
        ),
        ("count", "sh2")
    );
    let sizes: Vec<(String, Option<u64>)> =
        r.problems.iter().map(|p| (p.id.clone(), p.size)).collect();
    assert_eq!(
        sizes,
        [
            ("fasta".to_string(), Some(5)),
            ("count".to_string(), Some(4))
        ]
    );
    match suite.plan(&choice, "huge", &t.cache()) {
        Err(SuiteError::UnknownProfile(p, known)) => {
            assert_eq!((p.as_str(), known.as_str()), ("huge", "check, quick"))
        }
        other => panic!("expected UnknownProfile, got {other:?}"),
    }
}
