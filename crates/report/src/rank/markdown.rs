//! The ranking as Markdown.

use super::{text, RankAnalysis};
use crate::format::{self, na};
use std::fmt::Write as _;

fn opt_ratio(v: Option<f64>, why: &str) -> String {
    v.map(format::ratio).unwrap_or_else(|| na(why))
}

fn ci(v: Option<[f64; 2]>) -> String {
    v.map(|c| format!("{} … {}", format::ratio(c[0]), format::ratio(c[1])))
        .unwrap_or_else(|| na("no interval"))
}

/// The study's table (ratio of totals) beside the published figures.
pub fn study_table(a: &RankAnalysis) -> String {
    let r = &a.reference;
    let mut s = format!(
        "| Language | Problems | Energy | Time | Memory | Energy, same problems as {r} | Published energy | Published time | Published memory |\n\
         |:---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    );
    for l in &a.languages {
        let (pe, pt, pm) = match &l.published {
            Some(p) => (
                format::ratio(p.energy),
                format::ratio(p.time),
                format::ratio(p.memory),
            ),
            None => ("—".into(), "—".into(), "—".into()),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {pe} | {pt} | {pm} |",
            l.language,
            l.problems,
            opt_ratio(
                l.energy_ratio_total,
                l.energy_missing.as_deref().unwrap_or("no energy")
            ),
            opt_ratio(l.time_ratio_total, "no time"),
            opt_ratio(l.memory_ratio_total, "no memory data"),
            opt_ratio(l.energy_ratio_total_same_problems, "no shared problem"),
        );
    }
    s
}

/// The geometric-mean table with intervals, ranks and distinguishability.
pub fn geomean_table(a: &RankAnalysis) -> String {
    let mut s = String::from(
        "| Rank | Language | Energy (geomean) | 95 % CI | Time (geomean) | 95 % CI | Problems | Not distinguishable from |\n\
         |---:|:---|---:|---:|---:|---:|---:|:---|\n",
    );
    for l in a.by_rank() {
        let nd = if l.not_distinguishable_from.is_empty() {
            "—".to_string()
        } else {
            l.not_distinguishable_from.join(", ")
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {nd} |",
            l.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
            l.language,
            opt_ratio(
                l.energy_ratio_geomean,
                l.energy_missing.as_deref().unwrap_or("no shared problem")
            ),
            ci(l.energy_ratio_geomean_ci),
            opt_ratio(l.time_ratio_geomean, "no shared problem"),
            ci(l.time_ratio_geomean_ci),
            l.geomean_problems,
        );
    }
    s
}

/// One table per problem: J, s, MB, W (mean ± sd), energy vs the reference, runs.
pub fn problem_tables(a: &RankAnalysis) -> String {
    let mut s = String::new();
    for p in &a.problems {
        let _ = writeln!(s, "### {p}\n");
        let _ = writeln!(
            s,
            "| Language | Energy [J] | Time [s] | Memory [MB] | Power [W] | Energy vs {} | Runs |\n|:---|---:|---:|---:|---:|---:|---:|",
            a.reference
        );
        let mut cells: Vec<_> = a.cells.iter().filter(|c| &c.problem == p).collect();
        cells.sort_by(|x, y| {
            let ex = x.energy_j.as_ref().map_or(f64::INFINITY, |e| e.mean);
            let ey = y.energy_j.as_ref().map_or(f64::INFINITY, |e| e.mean);
            ex.total_cmp(&ey)
        });
        for c in cells {
            let f = |v: &Option<joulebench_model::stats::Summary>, why: &str| {
                v.as_ref()
                    .map(|x| format::pm(x.mean, x.stddev))
                    .unwrap_or_else(|| na(why))
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} |",
                c.language,
                f(&c.energy_j, "no energy"),
                f(&c.time_s, "no time"),
                f(&c.memory_mb, "not recorded"),
                f(&c.power_w, "no energy"),
                opt_ratio(
                    c.energy_vs_reference,
                    if c.energy_j.is_none() {
                        "no energy"
                    } else {
                        "no reference"
                    }
                ),
                c.runs
            );
        }
        s.push('\n');
    }
    s
}

/// "What drives energy" as text and a per-language table.
pub fn drivers_section(a: &RankAnalysis) -> String {
    let d = &a.drivers;
    let mut s = String::new();
    for p in text::drivers_text(a) {
        let _ = writeln!(s, "{p}\n");
    }
    let unit = if d.uses_cpu_time {
        "J per CPU-second"
    } else {
        "J per second (W)"
    };
    let _ = writeln!(
        s,
        "\n| Language | {unit} | Mean active cores | Runs |\n|:---|---:|---:|---:|"
    );
    for l in &d.languages {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            l.language,
            format::num(l.joules_per_x),
            l.mean_cores
                .map(format::num)
                .unwrap_or_else(|| na("no CPU time")),
            l.runs
        );
    }
    s
}

/// The whole ranking report as Markdown.
pub fn render_rank_markdown(a: &RankAnalysis) -> String {
    let mut s = String::from("# joulebench: languages ranked by energy\n\n");
    if let Some(b) = text::estimated_banner(a) {
        let _ = writeln!(s, "> **{b}**\n");
    }
    let _ = writeln!(
        s,
        "Energy: package + DRAM, {} ({}). Reference: {} = 1.00.\n",
        a.provenance.provenance, a.provenance.sensor, a.reference
    );
    let _ = writeln!(
        s,
        "## The study's table: ratio of totals\n\n{}\nPublished: {} (doi:{}); energy and time relative to {}, memory relative to {}.\n",
        study_table(a),
        a.published.source,
        a.published.doi,
        a.published.energy_time_normalized_to,
        a.published.memory_normalized_to
    );
    let _ = writeln!(
        s,
        "## A sounder table: geometric mean of per-problem ratios\n\n{}",
        geomean_table(a)
    );
    let unavailable = text::not_available_text(a);
    if !unavailable.is_empty() {
        let _ = writeln!(
            s,
            "## Not available on this system\n\n{}\n",
            text::not_available_lead()
        );
        for u in &unavailable {
            let _ = writeln!(s, "- {u}");
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Why the two tables differ\n");
    for p in text::why_tables_differ(a) {
        let _ = writeln!(s, "{p}\n");
    }
    let _ = writeln!(s, "## Per problem\n\n{}", problem_tables(a));
    let _ = writeln!(s, "## What drives energy\n\n{}", drivers_section(a));
    let _ = writeln!(s, "## Method\n");
    for p in text::methodology(a) {
        let _ = writeln!(s, "{p}\n");
    }
    if !a.caveats.is_empty() || !a.excluded.is_empty() {
        let _ = writeln!(s, "## Caveats and exclusions\n");
        for c in &a.caveats {
            let _ = writeln!(s, "- {c}");
        }
        for e in &a.excluded {
            let _ = writeln!(
                s,
                "- Excluded: {} / {}: {} runs, {}.",
                e.problem, e.language, e.runs, e.reason
            );
        }
    }
    s
}
