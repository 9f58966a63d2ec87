//! `report --by-machine`: two machines' rankings side by side, their agreement on the
//! order of languages, and the merge's refusals.

mod common;

use joulebench_report::{compare_machines, merge_shards, render_machines_markdown, RankOptions};

fn opts() -> RankOptions {
    RankOptions {
        resamples: 400,
        ..RankOptions::default()
    }
}

#[test]
fn two_machines_side_by_side_with_the_flip_named() {
    let machines = merge_shards(common::two_machines(), true).unwrap();
    assert_eq!(machines.len(), 2);
    let c = compare_machines(&machines, &opts()).unwrap();
    assert_eq!(c.reference, "C");
    let a = &c.agreements[0];
    assert_eq!(a.languages, ["C", "Fast", "Slow"]);
    // C and Fast swap; Slow stays last: (2 - 1) / 3.
    let tau = a.kendall_tau.unwrap();
    assert!((tau - 1.0 / 3.0).abs() < 1e-9, "{tau}");
    let [lo, hi] = a.kendall_tau_ci.unwrap();
    assert!(lo <= tau && tau <= hi, "{lo} {tau} {hi}");
    assert_eq!(a.flips.len(), 1);
    assert_eq!(
        (
            a.flips[0].first_on_a.as_str(),
            a.flips[0].first_on_b.as_str()
        ),
        ("C", "Fast")
    );
    insta::assert_snapshot!("by_machine_markdown", render_machines_markdown(&c));
}

#[test]
fn machines_that_differ_are_refused_without_by_machine() {
    let e = merge_shards(common::two_machines(), false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("2 different machines"), "{e}");
    assert!(
        e.contains("Example Intel 8000") && e.contains("Example AMD 9000"),
        "{e}"
    );
    assert!(e.contains("--by-machine"), "{e}");
}

#[test]
fn one_machine_merges_alone_and_plans_that_differ_are_named() {
    let mut inputs = common::two_machines();
    let mut other = inputs.pop().unwrap();
    // The same machine, another profile: not one plan.
    other.sessions[0].machine = inputs[0].sessions[0].machine.clone();
    if let Some(r) = other.sessions[0].ranking.as_mut() {
        r.profile = "quick".into();
    }
    inputs.push(other);
    let e = merge_shards(inputs, false).unwrap_err().to_string();
    assert!(e.contains("shards of different plans"), "{e}");
    assert!(e.contains("profile: check vs quick"), "{e}");
}
