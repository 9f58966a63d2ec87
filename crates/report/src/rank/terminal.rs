//! The ranking as terminal text (what `rank` prints at the end).

use super::{text, RankAnalysis};
use crate::format::{self, na};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};
use std::fmt::Write as _;

fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}

fn r(v: Option<f64>, why: &str) -> String {
    v.map(format::ratio).unwrap_or_else(|| na(why))
}

/// The two tables and the banner, for a terminal.
pub fn render(a: &RankAnalysis) -> String {
    let mut s = String::new();
    if let Some(b) = text::estimated_banner(a) {
        let _ = writeln!(s, "NOTE: {b}\n");
    }
    let _ = writeln!(
        s,
        "The study's table (ratio of totals; {} = 1.00; energy {}, {}), beside SCP 2021 Table 4:",
        a.reference, a.provenance.provenance, a.provenance.sensor
    );
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
        "Language",
        "Problems",
        "Energy",
        "Time",
        "Memory",
        "Published energy",
        "Published time",
    ]);
    for l in &a.languages {
        t.add_row(vec![
            Cell::new(&l.language),
            right(l.problems.to_string()),
            right(r(l.energy_ratio_total, "no energy")),
            right(r(l.time_ratio_total, "no time")),
            right(r(l.memory_ratio_total, "no memory data")),
            right(
                l.published
                    .as_ref()
                    .map(|p| format::ratio(p.energy))
                    .unwrap_or_else(|| "—".into()),
            ),
            right(
                l.published
                    .as_ref()
                    .map(|p| format::ratio(p.time))
                    .unwrap_or_else(|| "—".into()),
            ),
        ]);
    }
    let _ = writeln!(s, "{t}\n");
    let _ = writeln!(
        s,
        "Geometric mean of per-problem energy ratios, 95 % bootstrap interval ({} resamples, seed {}):",
        a.bootstrap.resamples, a.bootstrap.seed
    );
    let mut g = Table::new();
    g.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
        "Rank",
        "Language",
        "Energy",
        "95 % CI",
        "Not distinguishable from",
    ]);
    for l in a.by_rank() {
        g.add_row(vec![
            right(l.rank.map(|x| x.to_string()).unwrap_or_else(|| "—".into())),
            Cell::new(&l.language),
            right(r(l.energy_ratio_geomean, "no shared problem")),
            right(
                l.energy_ratio_geomean_ci
                    .map(|c| format!("{} … {}", format::ratio(c[0]), format::ratio(c[1])))
                    .unwrap_or_else(|| na("no interval")),
            ),
            Cell::new(if l.not_distinguishable_from.is_empty() {
                "—".to_string()
            } else {
                l.not_distinguishable_from.join(", ")
            }),
        ]);
    }
    let _ = writeln!(s, "{g}");
    let unavailable = text::not_available_text(a);
    if !unavailable.is_empty() {
        let _ = writeln!(s, "\n{}", text::not_available_lead());
        for u in &unavailable {
            let _ = writeln!(s, "  - {u}");
        }
    }
    for c in &a.caveats {
        let _ = writeln!(s, "Note: {c}");
    }
    s
}
