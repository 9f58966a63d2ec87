//! Per-command statistics and the warnings `run` prints.

mod common;

use joulebench_model::record::Baseline;
use joulebench_report::summarize;

#[test]
fn relative_figures_point_at_the_best_command() {
    let s = summarize(&common::two_commands(), &common::session());
    assert_eq!(s.len(), 2);
    let (py, sleep) = (&s[0], &s[1]);
    let er = py.energy_relative.as_ref().unwrap();
    assert_eq!(er.reference, "sleep 0.5");
    assert!(!er.is_reference && er.ratio.distinguishable);
    assert!((er.ratio.ratio - 12.5 / 1.2).abs() < 1e-9);
    assert!(sleep.energy_relative.as_ref().unwrap().is_reference);
    assert!(py.time_relative.as_ref().unwrap().is_reference);
    let e = py.energy.as_ref().unwrap();
    assert_eq!(e.gross.n, 5);
    assert!(e.net.is_some());
    assert_eq!(e.per_domain.len(), 3);
    assert_eq!(py.memory_max_bytes, Some(10_400_000));
    assert!((py.co2e_g_per_run.unwrap() - 12.5 / 3.6e6 * 56.0).abs() < 1e-12);
    assert!(py.warnings.is_empty(), "{:?}", py.warnings);
}

#[test]
fn warnings_cold_first_run_outliers_short_runs_baseline_timeouts() {
    let mut runs: Vec<_> = (0..8)
        .map(|i| {
            common::run(
                "./quick",
                i,
                0.004 + 0.0001 * f64::from(i % 3),
                0.1 + 0.001 * f64::from(i),
                0.01,
            )
        })
        .collect();
    runs[0].wall_s = 0.05; // a cold first run
    runs[5].energy_total_j = Some(5.0); // an energy outlier (not the first run)
    let mut t = runs[7].clone();
    t.index = 8;
    t.timed_out = true;
    t.exit_code = None;
    runs.push(t);
    let mut session = common::session();
    session.baseline = Some(Baseline {
        seconds: 2.0,
        mean_w: 2.0,
        stddev_w: 0.5,
    });
    let s = &summarize(&runs, &session)[0];
    let w = s.warnings.join("\n");
    assert!(w.contains("The first run's time was much higher"), "{w}");
    assert!(
        w.contains("Statistical outliers in energy: 1 of 8 runs"),
        "{w}"
    );
    assert!(w.contains("about as long as ten updates"), "{w}");
    assert!(w.contains("idle baseline was noisy"), "{w}");
    assert!(w.contains("1 run timed out"), "{w}");
    assert_eq!(s.runs, 8);
    assert_eq!(s.timed_out, 1);
}

/// Very steady runs have a tiny MAD: a first run 0.04 % above the rest is not "much
/// higher" (seen on `sleep 0.5` under the estimate sensor).
#[test]
fn negligible_differences_are_not_called_outliers() {
    let energies = [5.435, 5.433, 5.433, 5.4332, 5.4331];
    let runs: Vec<_> = energies
        .iter()
        .enumerate()
        .map(|(i, &e)| {
            let mut r = common::run("sleep 0.5", i as u32, 0.5 + 1e-5 * i as f64, e, 0.0);
            r.wall_s = if i == 0 { 0.5025 } else { 0.5023 };
            r
        })
        .collect();
    let s = &summarize(&runs, &common::session())[0];
    let w = s.warnings.join("\n");
    assert!(!w.contains("first run"), "{w}");
    assert!(!w.contains("outliers"), "{w}");
}

/// The energy of a measured run covers its energy window (the readings around the
/// command), a little longer than its wall time: average power divides by the window,
/// in `run`'s summary and in `rank`'s cells alike.
#[test]
fn average_power_is_over_the_energy_window_not_the_wall_time() {
    use joulebench_report::{RankCell, RunFigures};
    let runs: Vec<_> = (0..3)
        .map(|i| {
            let mut r = common::run("./app", i, 1.0, 9.0, 1.0);
            r.energy_window_s = Some(1.25);
            r
        })
        .collect();
    assert_eq!(runs[0].avg_power_w(), Some(8.0));
    let s = summarize(&runs, &common::session());
    let p = s[0].power_w.as_ref().unwrap();
    assert!((p.mean - 8.0).abs() < 1e-9, "{p:?}");
    let cell = RankCell::new("p", "L", runs.iter().map(RunFigures::of).collect());
    let p = cell.power_w.unwrap();
    assert!((p.mean - 8.0).abs() < 1e-9, "{p:?}");
    // Without a window (estimated or imported runs) it is the wall time.
    let mut r = runs[0].clone();
    r.energy_window_s = None;
    assert_eq!(r.avg_power_w(), Some(10.0));
}

/// Run warnings that differ only in a number standing alone (a process id, a count) are
/// one warning; the numbers inside names (`package-0`, `/dev/cpu/0/msr`) tell them apart.
#[test]
fn warnings_that_differ_only_in_their_numbers_are_one() {
    use joulebench_report::warning_group_key as key;
    assert_eq!(
        key("left 1 process(es) running: 4242 (sleep); 17.5 J, (12) 3."),
        "left # process(es) running: # (sleep); # J, (#) #."
    );
    assert_eq!(
        key("left 2 process(es) running: 4250 (sleep)"),
        key("left 1 process(es) running: 77 (sleep)")
    );
    assert_ne!(
        key("package-0 went backwards"),
        key("package-1 went backwards")
    );
    assert_ne!(key("/dev/cpu/0/msr: EIO"), key("/dev/cpu/1/msr: EIO"));
    assert_ne!(key("intel-rapl:0 stuck"), key("intel-rapl:1 stuck"));
    assert_ne!(key("left 1 (sleep)"), key("left 1 (sh)"));
}

/// Every run of a stuck counter is invalid for the same reason: it is said once, not once
/// per run; different reasons are each said with their runs.
#[test]
fn the_same_reason_for_invalid_runs_is_said_once() {
    let stuck = |s: f64| {
        format!("the energy counter did not move in {s:.2} s (perf power/energy-psys/ on CPU 0)")
    };
    let mut runs: Vec<_> = (0..5)
        .map(|i| common::run("./app", i, 0.6, 9.0, 1.0))
        .collect();
    for (i, r) in runs.iter_mut().enumerate().skip(1) {
        r.invalid = Some(stuck(0.6 + 0.01 * i as f64));
    }
    let w = summarize(&runs, &common::session())[0].warnings.join("\n");
    assert_eq!(
        w,
        format!(
            "4 of 5 runs are INVALID and left out of the statistics ({}).",
            stuck(0.61)
        )
    );
    runs[4].invalid = Some("package-0 went backwards (a reset)".into());
    let w = summarize(&runs, &common::session())[0].warnings.join("\n");
    assert_eq!(
        w,
        format!(
            "4 of 5 runs are INVALID and left out of the statistics (3 runs (first run 2): {}; \
             run 5: package-0 went backwards (a reset)).",
            stuck(0.61)
        )
    );
}
