//! The machine comparison as Markdown (also what `report --by-machine` prints).

use super::agreement::Agreement;
use super::{MachineComparison, MachineRatio};
use crate::format::{self, na};
use crate::rank::markdown::geomean_table;
use std::fmt::Write as _;

/// `1.23 [1.10 … 1.40]`, or why there is none.
pub fn ratio_cell(m: Option<&MachineRatio>) -> String {
    let Some(m) = m else {
        return na("not measured");
    };
    let value = m
        .ratio
        .map(format::ratio)
        .unwrap_or_else(|| na("no energy"));
    match m.ci95 {
        Some([lo, hi]) => format!("{value} [{} … {}]", format::ratio(lo), format::ratio(hi)),
        None => format!("{value} [{}]", na("no interval")),
    }
}

/// `0.67 [0.33 … 1.00]`, or why there is none.
pub fn tau_text(a: &Agreement) -> String {
    let Some(t) = a.kendall_tau else {
        return na("fewer than two languages in a strict order");
    };
    match a.kendall_tau_ci {
        Some([lo, hi]) => format!("{t:.2} [{lo:.2} … {hi:.2}]"),
        None => format!("{t:.2} [{}]", na("no interval")),
    }
}

/// The flipped pairs in words, or `none`.
pub fn flips_text(c: &MachineComparison, a: &Agreement) -> String {
    if a.flips.is_empty() {
        return "none".into();
    }
    let (la, lb) = (&c.machines[a.a].label, &c.machines[a.b].label);
    a.flips
        .iter()
        .map(|f| {
            let noise = if f.within_intervals {
                "within the intervals"
            } else {
                "beyond the intervals"
            };
            format!(
                "{} before {} on {la}, after on {lb} ({noise})",
                f.first_on_a, f.first_on_b
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn machines_list(c: &MachineComparison) -> String {
    let mut s = String::new();
    for m in &c.machines {
        let hosts = match m.hosts.is_empty() {
            true => String::new(),
            false => format!("; hosts {}", m.hosts.join(", ")),
        };
        let _ = writeln!(
            s,
            "- **{}**: {} ({}{hosts}); plan {}; from {}",
            m.label,
            m.machine,
            m.provenance.provenance,
            m.plan,
            m.parts.join(", ")
        );
    }
    s
}

fn ratios_table(c: &MachineComparison) -> String {
    let labels: Vec<&str> = c.machines.iter().map(|m| m.label.as_str()).collect();
    let mut s = format!(
        "| Language | {} |\n|:---|{}\n",
        labels.join(" | "),
        "---:|".repeat(labels.len())
    );
    for l in &c.languages {
        let cells: Vec<String> = l.machines.iter().map(|m| ratio_cell(m.as_ref())).collect();
        let _ = writeln!(s, "| {} | {} |", l.language, cells.join(" | "));
    }
    s
}

fn agreement_table(c: &MachineComparison) -> String {
    let mut s = String::from(
        "| Machines | Languages | Problems | Kendall's tau-b [95 % CI] | Pairs whose order flips |\n\
         |:---|---:|---:|---:|:---|\n",
    );
    for a in &c.agreements {
        let _ = writeln!(
            s,
            "| {} vs {} | {} | {} | {} | {} |",
            c.machines[a.a].label,
            c.machines[a.b].label,
            a.languages.len(),
            a.problems.len(),
            tau_text(a),
            flips_text(c, a)
        );
    }
    s
}

/// The text under the agreement table: what tau and its interval mean.
pub const AGREEMENT_NOTE: &str = "Kendall's tau-b over the languages measured on both \
machines, each scored by the geometric mean of its mean energy over the problems all of \
them have: 1 is the same order, -1 the reverse. The interval resamples every cell's runs \
on both machines (a percentile bootstrap); an interval reaching far below 1 says the \
order could be noise. A flip \"within the intervals\" is a pair that one machine cannot \
tell apart anyway.";

/// The whole comparison as Markdown.
pub fn render(c: &MachineComparison) -> String {
    let mut s = String::from("# Languages ranked by energy, machine by machine\n\n");
    s.push_str(&machines_list(c));
    let _ = write!(
        s,
        "\n## Energy relative to {}, per machine\n\nGeometric mean of per-problem ratios, \
         with its 95 % bootstrap interval.\n\n{}",
        c.reference,
        ratios_table(c)
    );
    let _ = write!(
        s,
        "\n## Do the machines agree on the order?\n\n{}\n{AGREEMENT_NOTE}\n",
        agreement_table(c)
    );
    for m in &c.machines {
        let _ = write!(
            s,
            "\n## {}: {}\n\n{}",
            m.label,
            m.machine,
            geomean_table(&m.analysis)
        );
        if m.analysis.provenance.provenance != "measured" {
            let _ = writeln!(
                s,
                "\nEnergy on {} is {}: a model, not a measurement.",
                m.label, m.analysis.provenance.provenance
            );
        }
    }
    s
}
