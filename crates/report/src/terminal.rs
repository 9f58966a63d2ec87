//! The human summary `joulebench run` prints, in hyperfine's layout, with energy first.

use crate::format::{self, na};
use crate::summary::{summarize, CommandSummary, Relative, WarningKind};
use crate::view::{Figure, View};
use joulebench_model::record::{RunRecord, Session};
use joulebench_model::Provenance;
use std::fmt::Write as _;

/// The longest a model's short name gets in a block's source line (characters).
const SHORT_MODEL_CHARS: usize = 48;

/// The terminal summary of a `run` session: per command where the energy comes from (one
/// short line: measured by which sensor, or estimated by which model row), energy (mean
/// ± σ, 95 % CI), net energy, per-domain joules, time, power, peak memory, CO2e and the
/// warnings, each once; then, with several commands, the energy and time comparisons.
///
/// The estimate's whole model is not repeated here: `run` says it once before the first
/// run, and `joulebench sensors`, the exports and the reports carry it.
pub fn render_terminal_summary(records: &[RunRecord], session: &Session) -> String {
    render_summaries(&summarize(records, session), session, &View::default())
}

/// [`render_terminal_summary`] laid out as `view` says (`run --sort`, `--time-unit`).
pub fn render_terminal_summary_with(
    records: &[RunRecord],
    session: &Session,
    view: &View,
) -> String {
    render_summaries(&summarize(records, session), session, view)
}

/// [`render_terminal_summary_with`] for already summarised commands.
pub fn render_summaries(sums: &[CommandSummary], session: &Session, view: &View) -> String {
    let mut out = String::new();
    for (i, s) in sums.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        command_block(&mut out, i + 1, s, session, view);
    }
    if sums.len() > 1 {
        comparison(&mut out, sums, session, view, Figure::Energy);
        comparison(&mut out, sums, session, view, Figure::Time);
    }
    out
}

fn command_block(out: &mut String, n: usize, s: &CommandSummary, session: &Session, view: &View) {
    let _ = writeln!(out, "Benchmark {n}: {}", s.command);
    let _ = writeln!(out, "  Energy source:       {}", source_label(s, session));
    energy_lines(out, s, session);
    time_lines(out, s, view);
    let power = s
        .power_w
        .as_ref()
        .map(|p| format!("{} W ± {} W", format::num(p.mean), format::num(p.stddev)))
        .unwrap_or_else(|| na("no energy figure"));
    let _ = writeln!(out, "  Power (average):     {power}");
    let mem = match (s.memory_max_bytes, s.memory_mean_bytes) {
        (Some(max), Some(mean)) => format!(
            "{} MB max, {} MB mean (per-run peak resident set)",
            format::num(format::mb(max as f64)),
            format::num(format::mb(mean))
        ),
        _ => na("not recorded"),
    };
    let _ = writeln!(out, "  Peak memory:         {mem}");
    let co2 = s
        .co2e_g_per_run
        .map(|g| {
            format!(
                "{} g per run at {} g/kWh ({}; {})",
                format::num(g),
                format::num(s.grid.g_per_kwh),
                s.grid.region,
                s.grid.source,
            )
        })
        .unwrap_or_else(|| na("no energy figure"));
    let _ = writeln!(out, "  CO2e:                {co2}");
    if let Some(sci) = &s.sci {
        let _ = writeln!(out, "  SCI:                 {}", sci_text(sci));
    }
    warning_lines(out, s);
}

/// Where a command's energy comes from, in one short line: `measured: rapl-perf`, or
/// `estimated: model row <id>` (the estimate's row, not its every coefficient).
fn source_label(s: &CommandSummary, session: &Session) -> String {
    if s.provenance == Provenance::Measured {
        return format!("measured: {}", s.sensor);
    }
    let mut label = match &session.model {
        Some(model) => format!("estimated: model {}", short_model(model)),
        None => format!("estimated: {}", s.sensor),
    };
    if s.records
        .iter()
        .any(|r| r.provenance == Provenance::Measured)
    {
        label.push_str(" (some runs measured: see the warning)");
    }
    label
}

/// A model's short name: `row <id>` of the estimate sensor's `row <id> for "<cpu>": ...`
/// description; for another model, its words before the first `(`, `:` or `;`, at most
/// [`SHORT_MODEL_CHARS`] characters.
fn short_model(model: &str) -> String {
    let mut short = match model.strip_prefix("row ") {
        Some(rest) => format!("row {}", rest.split(' ').next().unwrap_or_default()),
        None => {
            let head = model
                .split(['(', ':', ';'])
                .next()
                .unwrap_or_default()
                .trim();
            if head.chars().count() > SHORT_MODEL_CHARS {
                let cut: String = head.chars().take(SHORT_MODEL_CHARS - 1).collect();
                format!("{}…", cut.trim_end())
            } else {
                head.to_string()
            }
        }
    };
    if model.contains("--estimate-config") {
        short.push_str(", with --estimate-config");
    }
    short
}

/// The warnings at the end of a command's block, each once: `warning: ...` about the
/// command, `warning (run 2): ...` or `warning (3 runs): ...` for what runs met. The
/// estimate's model is the block's source line instead.
fn warning_lines(out: &mut String, s: &CommandSummary) {
    for w in &s.grouped_warnings {
        let runs = match w.runs.as_slice() {
            _ if w.kind == WarningKind::Estimated => continue,
            [] => String::new(),
            [one] => format!(" (run {one})"),
            more => format!(" ({} runs)", more.len()),
        };
        let _ = writeln!(out, "  warning{runs}: {}", w.text);
    }
}

/// The energy lines of a command's block: gross, net of idle, and per domain.
fn energy_lines(out: &mut String, s: &CommandSummary, session: &Session) {
    match &s.energy {
        Some(e) => {
            let g = &e.gross;
            let _ = writeln!(
                out,
                "  Energy (mean ± σ):   {} J ± {} J    [95 % CI {} … {} J]",
                format::num(g.mean),
                format::num(g.stddev),
                format::num(g.ci95[0]),
                format::num(g.ci95[1]),
            );
            match (&e.net, &session.baseline) {
                (Some(net), Some(b)) => {
                    let _ = writeln!(
                        out,
                        "  Net of idle:         {} J ± {} J    [idle {} W over {} s]",
                        format::num(net.mean),
                        format::num(net.stddev),
                        format::num(b.mean_w),
                        format::num(b.seconds),
                    );
                }
                _ => {
                    let _ = writeln!(out, "  Net of idle:         {}", na("no idle baseline"));
                }
            }
            if e.per_domain.len() > 1 {
                let parts: Vec<String> = e
                    .per_domain
                    .iter()
                    .map(|(d, s)| format!("{d} {} J", format::num(s.mean)))
                    .collect();
                let _ = writeln!(out, "  Domains (mean):      {}", parts.join(", "));
            }
        }
        None => {
            let reason = s.energy_missing.as_deref().unwrap_or("no energy figure");
            let _ = writeln!(out, "  Energy:              {}", na(reason));
        }
    }
}

/// The time lines of a command's block: mean with CPU times, and the range.
fn time_lines(out: &mut String, s: &CommandSummary, view: &View) {
    match &s.time {
        Some(t) => {
            let (unit, k) = view.time_scale(t.mean);
            let _ = writeln!(
                out,
                "  Time (mean ± σ):     {} {unit} ± {} {unit}    [User: {} {unit}, System: {} {unit}]",
                format::num(t.mean * k),
                format::num(t.stddev * k),
                format::num(s.user_mean_s * k),
                format::num(s.system_mean_s * k),
            );
            let _ = writeln!(
                out,
                "  Range (min … max):   {} {unit} … {} {unit}    {} runs",
                format::num(t.min * k),
                format::num(t.max * k),
                t.n
            );
        }
        None => {
            let _ = writeln!(out, "  Time:                {}", na("no completed run"));
        }
    }
}

/// The comparison of one figure: the reference (given or best) first, then every other
/// command in the `--sort` order, each as a factor of at least 1 as hyperfine says it.
fn comparison(
    out: &mut String,
    sums: &[CommandSummary],
    session: &Session,
    view: &View,
    figure: Figure,
) {
    let what = figure_word(figure);
    let rel = |s: &CommandSummary| match figure {
        Figure::Energy => s.energy_relative.clone(),
        Figure::Time => s.time_relative.clone(),
    };
    let Some(best) = sums.iter().find(|s| rel(s).is_some_and(|r| r.is_reference)) else {
        let why = match &session.reference {
            Some(r) => format!("the reference '{r}' has no {what} figure"),
            None => "not enough data to compare".into(),
        };
        let _ = writeln!(out, "\nSummary ({what}): {}", na(&why));
        return;
    };
    let label = match figure {
        Figure::Energy => format!("energy, {}", best.provenance.as_str()),
        Figure::Time => "time".into(),
    };
    let _ = writeln!(out, "\nSummary ({label})");
    let head = match (figure, session.reference.is_some()) {
        (Figure::Energy, false) => "used the least energy",
        (Figure::Time, false) => "ran fastest",
        (Figure::Energy, true) => "(reference) used",
        (Figure::Time, true) => "(reference) ran",
    };
    let _ = writeln!(out, "  '{}' {head}", best.command);
    for s in view.comparison_order(sums, figure) {
        match rel(s) {
            Some(r) if r.is_reference => {}
            Some(r) => {
                let _ = writeln!(out, "    {}", relation(&best.command, s, &r, figure));
            }
            None => {
                let why = format!("no {what} figure");
                let _ = writeln!(out, "    '{}': {}", s.command, na(&why));
            }
        }
    }
}

fn figure_word(figure: Figure) -> &'static str {
    match figure {
        Figure::Energy => "energy",
        Figure::Time => "time",
    }
}

/// How `reference` compares with `s`, in words. The ratio is `s`'s over the reference's;
/// below 1 (only against a `--reference`) it is turned round into "more energy" or
/// "slower", so that the factor said is never below 1.
fn relation(reference: &str, s: &CommandSummary, r: &Relative, figure: Figure) -> String {
    let x = &r.ratio;
    if !x.distinguishable {
        return format!(
            "'{reference}' and '{}' are not distinguishable in {} (ratio {} ± {})",
            s.command,
            figure_word(figure),
            format::ratio(x.ratio),
            format::ratio(x.stddev)
        );
    }
    let turned = x.ratio < 1.0;
    let (factor, sd) = if turned {
        // d(1/r) = dr / r²: the same relative uncertainty.
        (1.0 / x.ratio, x.stddev / (x.ratio * x.ratio))
    } else {
        (x.ratio, x.stddev)
    };
    let phrase = match (figure, turned) {
        (Figure::Energy, false) => "times less energy than",
        (Figure::Energy, true) => "times more energy than",
        (Figure::Time, false) => "times faster than",
        (Figure::Time, true) => "times slower than",
    };
    format!(
        "{} ± {} {phrase} '{}'",
        format::ratio(factor),
        format::ratio(sd),
        s.command
    )
}

/// An SCI figure in one line, with its inputs (SCI = (E × I + M) per R).
pub(crate) fn sci_text(sci: &joulebench_model::carbon::Sci) -> String {
    format!(
        "{} g CO2e per one of {} {} a run (E {} J x I {} g/kWh = {} g, + M {} g embodied, / R)",
        format::num(sci.g_per_unit),
        if sci.unit.per_run.fract() == 0.0 && sci.unit.per_run < 1e15 {
            format!("{:.0}", sci.unit.per_run)
        } else {
            format::num(sci.unit.per_run)
        },
        sci.unit.name,
        format::num(sci.energy_j_per_run),
        format::num(sci.g_per_kwh),
        format::num(sci.operational_g_per_run),
        format::num(sci.unit.embodied_g_per_run),
    )
}
