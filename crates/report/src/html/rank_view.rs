//! The ranking's part of the HTML report: pre-formatted rows and its charts.

use super::svg;
use crate::chart::{self, Bar, BarOptions, ScatterOptions, Series};
use crate::format::{self, na};
use crate::rank::cells::RankCell;
use crate::rank::drivers::DriverPoint;
use crate::rank::published::canonical;
use crate::rank::{text, RankAnalysis};
use crate::ReportError;
use minijinja::Value;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub(super) struct StudyRow {
    language: String,
    problems: usize,
    energy: String,
    time: String,
    memory: String,
    same: String,
    pub_energy: String,
    pub_time: String,
    pub_memory: String,
}

#[derive(Serialize)]
pub(super) struct GeoRow {
    rank: String,
    language: String,
    energy: String,
    energy_ci: String,
    time: String,
    time_ci: String,
    problems: usize,
    nd: String,
}

#[derive(Serialize)]
pub(super) struct CellRow {
    language: String,
    energy: String,
    time: String,
    memory: String,
    power: String,
    ratio: String,
    runs: usize,
}

#[derive(Serialize)]
pub(super) struct ProblemView {
    name: String,
    cells: Vec<CellRow>,
}

#[derive(Serialize)]
pub(super) struct DriverRow {
    language: String,
    per_x: String,
    cores: String,
    runs: usize,
}

#[derive(Serialize)]
pub(super) struct RankView {
    reference: String,
    lead: String,
    energy_caption: String,
    published_source: String,
    published_note: String,
    not_available_lead: String,
    not_available: Vec<String>,
    study: Vec<StudyRow>,
    geomean: Vec<GeoRow>,
    why: Vec<String>,
    drivers_text: Vec<String>,
    drivers_x: String,
    drivers_unit: String,
    drivers_rows: Vec<DriverRow>,
    memory_missing: String,
    problems: Vec<ProblemView>,
}

fn r(v: Option<f64>, why: &str) -> String {
    v.map(format::ratio).unwrap_or_else(|| na(why))
}

fn ci(v: Option<[f64; 2]>) -> String {
    v.map(|c| format!("{} … {}", format::ratio(c[0]), format::ratio(c[1])))
        .unwrap_or_else(|| na("no interval"))
}

fn pm(v: &Option<joulebench_model::stats::Summary>, why: &str) -> String {
    v.as_ref()
        .map(|s| format::pm(s.mean, s.stddev))
        .unwrap_or_else(|| na(why))
}

pub(super) fn build(
    a: &RankAnalysis,
    charts: &mut BTreeMap<String, Value>,
) -> Result<RankView, ReportError> {
    let energy_caption = energy_chart(a, charts)?;
    drivers_charts(a, charts)?;
    let memory_missing = memory_chart(a, charts)?;
    let d = &a.drivers;
    Ok(RankView {
        reference: a.reference.clone(),
        lead: format!(
            "{} languages, {} problems; energy is package + DRAM, {} by {}. Ratios are against {} = 1.00.",
            a.languages.len(),
            a.problems.len(),
            a.provenance.provenance,
            a.provenance.sensor,
            a.reference
        ),
        energy_caption,
        published_source: format!("{}, doi:{}", a.published.source, a.published.doi),
        published_note: format!(
            "Published energy and time are relative to {}; published memory is relative to {}. \
             \"Energy, same problems\" divides by {}'s total over only the problems the language has.",
            a.published.energy_time_normalized_to, a.published.memory_normalized_to, a.reference
        ),
        not_available_lead: text::not_available_lead(),
        not_available: text::not_available_text(a),
        study: study_rows(a),
        geomean: geomean_rows(a),
        why: text::why_tables_differ(a),
        drivers_text: text::drivers_text(a),
        drivers_x: d.x_label.clone(),
        drivers_unit: if d.uses_cpu_time {
            "J per CPU-second".into()
        } else {
            "J per second (W)".into()
        },
        drivers_rows: driver_rows(a),
        memory_missing,
        problems: problem_views(a),
    })
}

/// The study's table: ratios of totals beside the published figures.
fn study_rows(a: &RankAnalysis) -> Vec<StudyRow> {
    let published = |v: Option<f64>| v.map(format::ratio).unwrap_or_else(|| "—".into());
    a.languages
        .iter()
        .map(|l| {
            let p = l.published.as_ref();
            StudyRow {
                language: l.language.clone(),
                problems: l.problems,
                energy: r(
                    l.energy_ratio_total,
                    l.energy_missing.as_deref().unwrap_or("no energy"),
                ),
                time: r(l.time_ratio_total, "no time"),
                memory: r(l.memory_ratio_total, "no memory data"),
                same: r(l.energy_ratio_total_same_problems, "no shared problem"),
                pub_energy: published(p.map(|p| p.energy)),
                pub_time: published(p.map(|p| p.time)),
                pub_memory: published(p.map(|p| p.memory)),
            }
        })
        .collect()
}

/// The geometric-mean table, in rank order.
pub(super) fn geomean_rows(a: &RankAnalysis) -> Vec<GeoRow> {
    a.by_rank()
        .iter()
        .map(|l| GeoRow {
            rank: l.rank.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
            language: l.language.clone(),
            energy: r(
                l.energy_ratio_geomean,
                l.energy_missing.as_deref().unwrap_or("no shared problem"),
            ),
            energy_ci: ci(l.energy_ratio_geomean_ci),
            time: r(l.time_ratio_geomean, "no shared problem"),
            time_ci: ci(l.time_ratio_geomean_ci),
            problems: l.geomean_problems,
            nd: if l.not_distinguishable_from.is_empty() {
                "—".into()
            } else {
                l.not_distinguishable_from.join(", ")
            },
        })
        .collect()
}

/// One table per problem, its languages by mean energy.
fn problem_views(a: &RankAnalysis) -> Vec<ProblemView> {
    a.problems
        .iter()
        .map(|p| {
            let mut cells: Vec<_> = a.cells.iter().filter(|c| &c.problem == p).collect();
            cells.sort_by(|x, y| {
                let ex = x.energy_j.as_ref().map_or(f64::INFINITY, |e| e.mean);
                let ey = y.energy_j.as_ref().map_or(f64::INFINITY, |e| e.mean);
                ex.total_cmp(&ey)
            });
            ProblemView {
                name: p.clone(),
                cells: cells.into_iter().map(cell_row).collect(),
            }
        })
        .collect()
}

fn cell_row(c: &RankCell) -> CellRow {
    CellRow {
        language: c.language.clone(),
        energy: pm(&c.energy_j, "no energy"),
        time: pm(&c.time_s, "no time"),
        memory: pm(&c.memory_mb, "not recorded"),
        power: pm(&c.power_w, "no energy"),
        ratio: r(
            c.energy_vs_reference,
            if c.energy_j.is_none() {
                "no energy"
            } else {
                "no reference"
            },
        ),
        runs: c.runs,
    }
}

/// Energy per unit of the driver, per language.
fn driver_rows(a: &RankAnalysis) -> Vec<DriverRow> {
    a.drivers
        .languages
        .iter()
        .map(|l| DriverRow {
            language: l.language.clone(),
            per_x: format::num(l.joules_per_x),
            cores: l
                .mean_cores
                .map(format::num)
                .unwrap_or_else(|| na("no CPU time")),
            runs: l.runs,
        })
        .collect()
}

/// Draw the energy bars (`energy_bars`); returns the chart's caption.
pub(super) fn energy_chart(
    a: &RankAnalysis,
    charts: &mut BTreeMap<String, Value>,
) -> Result<String, ReportError> {
    let bars: Vec<Bar> = a
        .by_rank()
        .iter()
        .filter_map(|l| {
            Some(Bar {
                label: l.language.clone(),
                value: l.energy_ratio_geomean?,
                ci: l.energy_ratio_geomean_ci,
                marker: l.energy_ratio_total,
                published: a.published.energy_relative_to(&l.language, &a.reference),
            })
        })
        .collect();
    let energy = energy_words(a, bars.iter().any(|b| b.published.is_some()));
    charts.insert(
        "energy_bars".into(),
        svg(chart::bar_chart(
            &bars,
            &BarOptions {
                title: format!(
                    "Energy relative to {} ({})",
                    a.reference, a.provenance.provenance
                ),
                x_desc: format!("energy / {}'s energy (log scale)", a.reference),
                log: true,
                reference_line: Some(1.0),
                legend: energy.legend,
            },
        )?),
    );
    Ok(energy.caption)
}

/// Draw energy against time (`scatter`) and against the driver (`drivers`), every run.
fn drivers_charts(
    a: &RankAnalysis,
    charts: &mut BTreeMap<String, Value>,
) -> Result<(), ReportError> {
    let d = &a.drivers;
    let series = |f: &dyn Fn(&DriverPoint) -> (f64, f64)| -> Vec<Series> {
        a.languages
            .iter()
            .map(|l| Series {
                label: l.language.clone(),
                points: d
                    .points
                    .iter()
                    .filter(|p| p.language == l.language)
                    .map(f)
                    .collect(),
            })
            .filter(|s| !s.points.is_empty())
            .collect()
    };
    charts.insert(
        "scatter".into(),
        svg(chart::scatter_chart(
            &series(&|p| (p.wall_s, p.energy_j)),
            &ScatterOptions {
                title: "Energy against time, every run".into(),
                x_desc: "wall time (s)".into(),
                y_desc: format!("energy (J, {})", a.provenance.provenance),
                fit: None,
            },
        )?),
    );
    charts.insert(
        "drivers".into(),
        svg(chart::scatter_chart(
            &series(&|p| (p.x, p.energy_j)),
            &ScatterOptions {
                title: "What drives energy".into(),
                x_desc: d.x_label.clone(),
                y_desc: "energy (J)".into(),
                fit: d.fit,
            },
        )?),
    );
    Ok(())
}

/// Draw the memory bars (`memory`); returns why there are none (empty when drawn).
fn memory_chart(
    a: &RankAnalysis,
    charts: &mut BTreeMap<String, Value>,
) -> Result<String, ReportError> {
    let mem: Vec<Bar> = a
        .languages
        .iter()
        .filter_map(|l| {
            Some(Bar {
                label: l.language.clone(),
                value: l.memory_ratio_total?,
                ci: None,
                marker: None,
                published: None,
            })
        })
        .collect();
    if mem.is_empty() {
        return Ok("these results have no peak-memory figures (imported study data: the study measured memory separately)".to_string());
    }
    charts.insert(
        "memory".into(),
        svg(chart::bar_chart(
            &mem,
            &BarOptions {
                title: format!("Peak memory relative to {}", a.reference),
                x_desc: format!("memory / {}'s memory (log scale)", a.reference),
                log: true,
                reference_line: Some(1.0),
                legend: vec!["sum over problems of the mean per-run peak resident memory".into()],
            },
        )?),
    );
    Ok(String::new())
}

/// The energy chart's legend and caption.
struct EnergyWords {
    legend: Vec<String>,
    caption: String,
}

/// What the energy chart's markers are, in words. The triangles are this run's figure
/// computed the study's way, not the study's figure: the published figure has a marker of
/// its own (rescaled when the reference is not the study's C).
fn energy_words(a: &RankAnalysis, any_published: bool) -> EnergyWords {
    const TOTALS: &str = "this run, by the study's method (ratio of totals)";
    let rescaled = canonical(&a.reference) != canonical(&a.published.energy_time_normalized_to);
    let published = if rescaled {
        format!(
            "published (SCP 2021 Table 4), rescaled to {} = 1",
            a.reference
        )
    } else {
        "published (SCP 2021 Table 4)".to_string()
    };
    let mut legend = vec![
        "geometric mean of per-problem ratios".to_string(),
        "95 % bootstrap interval".to_string(),
        TOTALS.to_string(),
    ];
    let mut caption = format!(
        "Bars: geometric mean of per-problem energy ratios with 95 % bootstrap interval \
         (whiskers), log scale. Triangles: {TOTALS}."
    );
    if any_published {
        legend.push(published.clone());
        caption.push_str(&format!(
            " Hollow diamonds: the figure the study published (SCP 2021 Table 4{}), for every \
             language it has.",
            if rescaled {
                format!(", rescaled to {} = 1", a.reference)
            } else {
                String::new()
            }
        ));
    } else {
        caption.push_str(" No language here has a published figure.");
    }
    EnergyWords { legend, caption }
}
