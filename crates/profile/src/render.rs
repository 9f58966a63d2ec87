//! The profile on a terminal: totals with their provenance, then the top functions,
//! then the phases.

use crate::profile::Profile;
use std::fmt::Write;

/// The terminal report, `top` functions long.
pub fn terminal(p: &Profile, top: usize) -> String {
    let mut o = String::new();
    let samples: u64 = p.runs.iter().map(|r| r.samples).sum();
    let _ = writeln!(
        o,
        "Profile of {}: {} run(s), {} stack samples at {} Hz ({} stacks)",
        p.command,
        p.runs.len(),
        samples,
        p.frequency,
        p.call_graph
    );
    let source = match &p.model {
        Some(_) if p.provenance == joulebench_sensors::Provenance::Estimated => format!(
            "ESTIMATED by the {} sensor's model (the model in full: `joulebench sensors`, \
             the JSON and HTML exports)",
            p.sensor
        ),
        _ => format!("{} by {}", p.provenance.as_str(), p.sensor),
    };
    let _ = writeln!(o, "  Energy source: {source}");
    let spread = |f: &dyn Fn(&crate::RunFigures) -> f64| match p.summary(f) {
        Some(s) if s.n > 1 => format!(
            "{:.3} J ± {:.3} (95 % CI {:.3}…{:.3}, n = {})",
            s.mean, s.stddev, s.ci95[0], s.ci95[1], s.n
        ),
        Some(s) => format!("{:.3} J (n = 1)", s.mean),
        None => "none".into(),
    };
    let _ = writeln!(o, "  Gross:    {}", spread(&|r| r.gross_j));
    match p.idle_watts {
        Some(w) => {
            let _ = writeln!(
                o,
                "  Idle:     {} ({w:.2} W idle, not given to functions)",
                spread(&|r| r.idle_j)
            );
        }
        None => {
            let _ = writeln!(
                o,
                "  Idle:     not measured (--idle 0): dynamic below is gross"
            );
        }
    }
    let _ = writeln!(o, "  Dynamic:  {}", spread(&|r| r.dynamic_j));
    let unattributed = p.mean(|r| r.unattributed_j);
    if unattributed.abs() >= 0.0005 {
        let _ = writeln!(
            o,
            "  Not attributed: {unattributed:.3} J (intervals with no sample of the command on \
             the package, or power below idle)"
        );
    }
    let wall = p.mean(|r| r.wall_s);
    let cpu = p.mean(|r| r.cpu_s);
    let _ = writeln!(
        o,
        "  Time:     {wall:.3} s wall, {cpu:.3} s CPU (mean per run)"
    );
    if !p.functions.is_empty() {
        let _ = writeln!(
            o,
            "\nTop functions by self energy (dynamic, mean per run; % of the attributed energy \
             and of the sampled time, callees included):\n  {:>10} {:>10} {:>8} {:>8} {:>8}  function",
            "self J", "total J", "energy%", "time%", "W"
        );
        for f in p.functions.iter().take(top) {
            let ci = match &f.total_over_runs {
                Some(s) if s.n > 1 => format!(" ±{:.3}", s.ci_half_width()),
                _ => String::new(),
            };
            let _ = writeln!(
                o,
                "  {:>10.4} {:>10.4} {:>7.1}% {:>7.1}% {:>8}  {}{ci}",
                f.self_j,
                f.total_j,
                100.0 * f.energy_share,
                100.0 * f.time_share,
                f.watts.map_or("-".to_string(), |w| format!("{w:.2}")),
                f.name
            );
        }
    }
    if !p.phases.is_empty() {
        let _ = writeln!(o, "\nPhases (dynamic energy per run):");
        for ph in &p.phases {
            let _ = writeln!(
                o,
                "  {:<24} {:>9.4} J ± {:.4} (95 % CI ±{:.4}, n = {})  {:.3} s",
                ph.name,
                no_negative_zero(ph.energy.mean),
                ph.energy.stddev,
                ph.energy.ci_half_width(),
                ph.energy.n,
                ph.seconds
            );
        }
    }
    for w in &p.warnings {
        let _ = writeln!(o, "warning: {w}");
    }
    o
}

/// `-0.0000` reads like a negative energy; a rounding residue below the printed
/// precision is shown as 0.
fn no_negative_zero(j: f64) -> f64 {
    if j.abs() < 5e-5 {
        0.0
    } else {
        j
    }
}
