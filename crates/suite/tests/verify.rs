//! Verification compares byte for byte, names the first differing line, skips missing
//! toolchains unless they are required, and cross-checks languages.

mod common;

use joulebench_suite::{Against, Outcome, Suite, VerifyOptions, VerifyReport};

fn verify(t: &common::TinySuite, f: impl FnOnce(&mut VerifyOptions)) -> VerifyReport {
    let s = Suite::load(t.path()).unwrap();
    let mut opts = VerifyOptions {
        cache_dir: t.cache(),
        ..Default::default()
    };
    f(&mut opts);
    s.verify(&opts).unwrap()
}

#[test]
fn correct_programs_pass_and_missing_toolchains_skip() {
    let t = common::TinySuite::new();
    let r = verify(&t, |_| {});
    assert!(r.ok(), "{:#?}", r.failures().collect::<Vec<_>>());
    // fasta, echo: 1 size; count: 2 sizes; for sh and sh2; plus one skip per problem.
    assert_eq!(r.rows.len(), 2 * 4 + 3);
    assert!(r.passed("count", "sh") && r.passed("echo", "sh2"));
    assert!(!r.passed("count", "nope"));
    let skip = r.rows.iter().find(|r| r.language == "nope").unwrap();
    assert_eq!(skip.outcome.label(), "SKIP");
    assert!(skip.outcome.detail().contains("apt-get install nope-lang"));

    let r = verify(&t, |o| o.require_all = true);
    assert!(!r.ok());
    assert_eq!(r.failures().count(), 3);
    assert!(r.failures().all(|f| f.language == "nope"));
}

#[test]
fn a_mismatch_names_the_first_differing_line() {
    let t = common::TinySuite::new();
    t.write("count/sh2/main.sh", "seq 1 \"$1\" | sed 2s/2/two/\n");
    let r = verify(&t, |o| o.langs = vec!["sh".into(), "sh2".into()]);
    assert!(!r.ok());
    let bad: Vec<_> = r.failures().collect();
    assert_eq!(bad.len(), 2, "{bad:#?}");
    let row = bad.iter().find(|r| r.size == Some(3)).unwrap();
    assert_eq!(
        (row.problem.as_str(), row.language.as_str()),
        ("count", "sh2")
    );
    assert!(matches!(&row.against, Some(Against::Expected(p)) if p.ends_with("count.3.out")));
    let Outcome::Mismatch(d) = &row.outcome else {
        panic!("{row:?}");
    };
    assert_eq!(
        (d.line, d.expected.as_str(), d.got.as_str()),
        (2, "`2`", "`two`")
    );
    let detail = row.outcome.detail();
    assert!(
        detail.contains("line 2, column 1: expected `2`, got `two`"),
        "{detail}"
    );
    assert!(r.passed("count", "sh"));
}

#[test]
fn crashes_and_hangs_fail_with_their_reason() {
    let t = common::TinySuite::new();
    t.write("fasta/sh2/main.sh", "echo oops >&2; exit 3\n");
    t.write("count/sh2/main.sh", "exec sleep 5\n");
    let r = verify(&t, |o| {
        o.langs = vec!["sh2".into()];
        o.timeout = std::time::Duration::from_millis(300);
    });
    let fasta = r.rows.iter().find(|r| r.problem == "fasta").unwrap();
    match &fasta.outcome {
        Outcome::RunFailed { status, stderr } => {
            assert_eq!(status, "exit code 3");
            assert_eq!(stderr, "oops");
        }
        other => panic!("{other:?}"),
    }
    let count = r.rows.iter().find(|r| r.problem == "count").unwrap();
    assert!(matches!(count.outcome, Outcome::TimedOut(_)), "{count:?}");
    assert!(r.passed("echo", "sh2"));
}

#[test]
fn cross_check_compares_languages_at_the_larger_size() {
    let t = common::TinySuite::new();
    // Right at the check sizes (2, 3), wrong at the quick size (4).
    t.write("count/sh2/main.sh", "seq 1 \"$1\" | sed 4s/4/four/\n");
    let r = verify(&t, |o| o.cross_check = Some("quick".into()));
    let quick: Vec<_> = r.rows.iter().filter(|r| r.profile == "quick").collect();
    // 3 problems x 2 languages (nope was skipped, so it is not run).
    assert_eq!(quick.len(), 6);
    let reference = quick
        .iter()
        .find(|r| r.problem == "count" && r.language == "sh")
        .unwrap();
    assert_eq!(reference.against, Some(Against::Reference));
    let other = quick
        .iter()
        .find(|r| r.problem == "count" && r.language == "sh2")
        .unwrap();
    assert_eq!(other.against, Some(Against::Language("sh".into())));
    let Outcome::Mismatch(d) = &other.outcome else {
        panic!("{other:?}");
    };
    assert_eq!((d.line, d.got.as_str()), (4, "`four`"));
    assert!(!r.ok());
    assert!(!r.passed("count", "sh2"));
    // The stdin problem ran on a generated input of the quick size.
    let echo = quick
        .iter()
        .find(|r| r.problem == "echo" && r.language == "sh2")
        .unwrap();
    assert_eq!((echo.size, &echo.outcome), (Some(5), &Outcome::Pass));
    assert!(t.cache().join("inputs/fasta.5.fa").is_file());
}
