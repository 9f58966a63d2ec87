//! Two tracks side by side: the same problems and languages measured with two sets of
//! programs (joulebench's plain single-threaded programs, and the study's fastest ones:
//! multi-threaded, SIMD, memory pools), by the same method.
//!
//! Per language and track: energy and time relative to the reference language (C) in
//! that track, and the average number of active cores per run (CPU time / wall time),
//! since energy follows time x active cores (van Kempen et al. 2024). Per problem: the
//! ratio between the tracks. Pure functions from records to text, HTML and an SVG chart.

use crate::chart::{bar_chart, Bar, BarOptions};
use crate::format;
use crate::ReportError;
use joulebench_model::record::RunRecord;
use joulebench_model::Provenance;
use std::fmt::Write as _;

/// One problem x language of one track: medians over its usable runs.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackCell {
    /// Usable runs.
    pub runs: usize,
    /// Median energy (J) of the runs with an energy figure.
    pub energy_j: Option<f64>,
    /// Median wall time (s).
    pub time_s: f64,
    /// Median active cores (CPU time / wall time).
    pub cores: Option<f64>,
}

/// One language: each track's figures (index 0: the first track, 1: the second).
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageRow {
    /// Display name.
    pub language: String,
    /// Problems both tracks have for this language and for the reference.
    pub problems: Vec<String>,
    /// Geometric mean over `problems` of energy / the reference's energy, per track.
    pub energy_vs_ref: [Option<f64>; 2],
    /// The same for wall time.
    pub time_vs_ref: [Option<f64>; 2],
    /// Mean over `problems` of the median active cores, per track.
    pub cores: [Option<f64>; 2],
    /// Geometric mean over the problems both tracks have of second / first energy.
    pub energy_between: Option<f64>,
    /// The same for wall time.
    pub time_between: Option<f64>,
}

/// One problem x language in both tracks.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemRow {
    /// Problem id.
    pub problem: String,
    /// Display name of the language.
    pub language: String,
    /// Each track's cell, where it has one.
    pub cells: [Option<TrackCell>; 2],
}

impl ProblemRow {
    /// Second track's energy / first track's.
    pub fn energy_ratio(&self) -> Option<f64> {
        let [a, b] = &self.cells;
        ratio(b.as_ref()?.energy_j?, a.as_ref()?.energy_j?)
    }

    /// Second track's wall time / first track's.
    pub fn time_ratio(&self) -> Option<f64> {
        let [a, b] = &self.cells;
        ratio(b.as_ref()?.time_s, a.as_ref()?.time_s)
    }
}

/// The comparison of two tracks.
#[derive(Debug, Clone, PartialEq)]
pub struct Tracks {
    /// The tracks' names, e.g. `joulebench` and `study`.
    pub names: [String; 2],
    /// The reference language.
    pub reference: String,
    /// Languages, the reference first, then in order of appearance.
    pub languages: Vec<LanguageRow>,
    /// Problems x languages, by problem then language.
    pub problems: Vec<ProblemRow>,
    /// Some energy figure is estimated by a model, not measured.
    pub estimated: bool,
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (a.is_finite() && b.is_finite() && a > 0.0 && b > 0.0).then_some(a / b)
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

fn geomean(v: &[f64]) -> Option<f64> {
    let v: Vec<f64> = v
        .iter()
        .copied()
        .filter(|x| *x > 0.0 && x.is_finite())
        .collect();
    if v.is_empty() {
        return None;
    }
    Some((v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp())
}

fn cell(runs: &[&RunRecord]) -> Option<TrackCell> {
    if runs.is_empty() {
        return None;
    }
    let energy = median(runs.iter().filter_map(|r| r.energy_total_j).collect());
    let time = median(runs.iter().map(|r| r.wall_s).collect())?;
    let cores = median(
        runs.iter()
            .filter(|r| r.wall_s > 0.0)
            .map(|r| r.cpu_s() / r.wall_s)
            .collect(),
    );
    Some(TrackCell {
        runs: runs.len(),
        energy_j: energy,
        time_s: time,
        cores,
    })
}

/// Compares `first` and `second` (the runs of two `rank` results), named `names`, with
/// `reference` as the reference language (default: C when present, else the first).
pub fn compare(
    first: &[RunRecord],
    second: &[RunRecord],
    names: [&str; 2],
    reference: Option<&str>,
) -> Tracks {
    let tracks = [first, second];
    let usable = |t: &[RunRecord]| -> Vec<RunRecord> {
        t.iter()
            .filter(|r| r.usable() && r.succeeded() && r.problem.is_some() && r.language.is_some())
            .cloned()
            .collect()
    };
    let runs = [usable(tracks[0]), usable(tracks[1])];
    let mut languages: Vec<String> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for r in runs.iter().flatten() {
        let l = r.language.clone().unwrap_or_default();
        let p = r.problem.clone().unwrap_or_default();
        if !languages.contains(&l) {
            languages.push(l);
        }
        if !problems.contains(&p) {
            problems.push(p);
        }
    }
    let reference = reference
        .map(str::to_string)
        .or_else(|| languages.iter().find(|l| l.as_str() == "C").cloned())
        .or_else(|| languages.first().cloned())
        .unwrap_or_else(|| "C".to_string());
    if let Some(i) = languages.iter().position(|l| *l == reference) {
        let r = languages.remove(i);
        languages.insert(0, r);
    }
    let cell_of = |t: usize, p: &str, l: &str| {
        let v: Vec<&RunRecord> = runs[t]
            .iter()
            .filter(|r| r.problem.as_deref() == Some(p) && r.language.as_deref() == Some(l))
            .collect();
        cell(&v)
    };
    let mut rows = Vec::new();
    for p in &problems {
        for l in &languages {
            let cells = [cell_of(0, p, l), cell_of(1, p, l)];
            if cells.iter().any(Option::is_some) {
                rows.push(ProblemRow {
                    problem: p.clone(),
                    language: l.clone(),
                    cells,
                });
            }
        }
    }
    let find = |p: &str, l: &str| rows.iter().find(|r| r.problem == p && r.language == l);
    let mut language_rows = Vec::new();
    for l in &languages {
        let mut common = Vec::new();
        let mut e = [Vec::new(), Vec::new()];
        let mut t = [Vec::new(), Vec::new()];
        let mut c = [Vec::new(), Vec::new()];
        let mut eb = Vec::new();
        let mut tb = Vec::new();
        for p in &problems {
            let (Some(row), Some(reference_row)) = (find(p, l), find(p, &reference)) else {
                continue;
            };
            if let Some(x) = row.energy_ratio() {
                eb.push(x);
            }
            if let Some(x) = row.time_ratio() {
                tb.push(x);
            }
            let both = (0..2).all(|k| row.cells[k].is_some() && reference_row.cells[k].is_some());
            if !both {
                continue;
            }
            common.push(p.clone());
            for k in 0..2 {
                let (Some(a), Some(b)) = (&row.cells[k], &reference_row.cells[k]) else {
                    continue;
                };
                if let Some(x) = a.energy_j.zip(b.energy_j).and_then(|(a, b)| ratio(a, b)) {
                    e[k].push(x);
                }
                if let Some(x) = ratio(a.time_s, b.time_s) {
                    t[k].push(x);
                }
                if let Some(x) = a.cores {
                    c[k].push(x);
                }
            }
        }
        let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
        language_rows.push(LanguageRow {
            language: l.clone(),
            problems: common,
            energy_vs_ref: [geomean(&e[0]), geomean(&e[1])],
            time_vs_ref: [geomean(&t[0]), geomean(&t[1])],
            cores: [mean(&c[0]), mean(&c[1])],
            energy_between: geomean(&eb),
            time_between: geomean(&tb),
        });
    }
    let estimated = runs
        .iter()
        .flatten()
        .any(|r| r.provenance == Provenance::Estimated);
    Tracks {
        names: [names[0].to_string(), names[1].to_string()],
        reference,
        languages: language_rows,
        problems: rows,
        estimated,
    }
}

fn opt(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map_or_else(|| "n/a".to_string(), f)
}

fn times(x: f64) -> String {
    format!("{}x", format::ratio(x).trim_end_matches('x'))
}

fn cores(x: f64) -> String {
    format!("{x:.2}")
}

/// The per-language table: rows of cells, with the header first.
fn language_table(t: &Tracks) -> Vec<Vec<String>> {
    let [a, b] = &t.names;
    let r = &t.reference;
    let mut out = vec![vec![
        "language".to_string(),
        format!("energy / {r} ({a})"),
        format!("energy / {r} ({b})"),
        format!("time / {r} ({a})"),
        format!("time / {r} ({b})"),
        format!("cores ({a})"),
        format!("cores ({b})"),
        format!("energy {b} / {a}"),
        format!("time {b} / {a}"),
        "problems".to_string(),
    ]];
    for l in &t.languages {
        out.push(vec![
            l.language.clone(),
            opt(l.energy_vs_ref[0], times),
            opt(l.energy_vs_ref[1], times),
            opt(l.time_vs_ref[0], times),
            opt(l.time_vs_ref[1], times),
            opt(l.cores[0], cores),
            opt(l.cores[1], cores),
            opt(l.energy_between, times),
            opt(l.time_between, times),
            l.problems.len().to_string(),
        ]);
    }
    out
}

/// The per-problem table.
fn problem_table(t: &Tracks) -> Vec<Vec<String>> {
    let [a, b] = &t.names;
    let mut out = vec![vec![
        "problem".to_string(),
        "language".to_string(),
        format!("energy J ({a})"),
        format!("energy J ({b})"),
        format!("time s ({a})"),
        format!("time s ({b})"),
        format!("cores ({a})"),
        format!("cores ({b})"),
        format!("energy {b} / {a}"),
        format!("time {b} / {a}"),
    ]];
    for row in &t.problems {
        let [x, y] = &row.cells;
        let f = |c: &Option<TrackCell>, g: &dyn Fn(&TrackCell) -> Option<f64>| {
            c.as_ref()
                .and_then(g)
                .map_or_else(|| "—".to_string(), format::num)
        };
        let fc = |c: &Option<TrackCell>| {
            c.as_ref()
                .and_then(|c| c.cores)
                .map_or_else(|| "—".to_string(), cores)
        };
        out.push(vec![
            row.problem.clone(),
            row.language.clone(),
            f(x, &|c| c.energy_j),
            f(y, &|c| c.energy_j),
            f(x, &|c| Some(c.time_s)),
            f(y, &|c| Some(c.time_s)),
            fc(x),
            fc(y),
            opt(row.energy_ratio(), times),
            opt(row.time_ratio(), times),
        ]);
    }
    out
}

fn explanation(t: &Tracks) -> Vec<String> {
    let [a, b] = &t.names;
    let mut v = vec![
        format!(
            "Ratios to {r} are geometric means over the problems that both tracks have for the \
             language and for {r}; `energy {b} / {a}` over the problems both tracks have for \
             the language. Each cell is the median of its runs.",
            r = t.reference
        ),
        "cores = CPU time (user + system) / wall time: the average number of active cores \
         of a run. Energy follows time x active cores (van Kempen et al. 2024): a \
         multi-threaded program can finish sooner and still use as much energy, or more."
            .to_string(),
    ];
    if t.estimated {
        v.push(
            "Energy is ESTIMATED by a model (no readable energy counter), not measured: the \
             ratios follow the model's CPU utilisation term."
                .to_string(),
        );
    }
    v
}

/// The two tracks as Markdown.
pub fn markdown(t: &Tracks) -> String {
    let mut s = format!("# Two tracks: {} and {}\n\n", t.names[0], t.names[1]);
    let table = |s: &mut String, rows: &[Vec<String>]| {
        for (i, r) in rows.iter().enumerate() {
            let _ = writeln!(s, "| {} |", r.join(" | "));
            if i == 0 {
                let seps: Vec<&str> = r
                    .iter()
                    .enumerate()
                    .map(|(k, _)| {
                        if k == 0 || (k == 1 && rows[0][1] == "language") {
                            "---"
                        } else {
                            "---:"
                        }
                    })
                    .collect();
                let _ = writeln!(s, "| {} |", seps.join(" | "));
            }
        }
    };
    let _ = writeln!(s, "## Per language\n");
    table(&mut s, &language_table(t));
    let _ = writeln!(s, "\n## Per problem\n");
    table(&mut s, &problem_table(t));
    s.push('\n');
    for e in explanation(t) {
        let _ = writeln!(s, "- {e}");
    }
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart: energy relative to the reference per language, the second track as bars
/// and the first as triangles.
pub fn chart(t: &Tracks) -> Result<String, ReportError> {
    let data: Vec<Bar> = t
        .languages
        .iter()
        .filter_map(|l| {
            Some(Bar {
                label: l.language.clone(),
                value: l.energy_vs_ref[1]?,
                ci: None,
                marker: l.energy_vs_ref[0],
                published: None,
            })
        })
        .collect();
    bar_chart(
        &data,
        &BarOptions {
            title: format!("Energy relative to {} in each track", t.reference),
            x_desc: format!("energy / {} (log scale)", t.reference),
            log: true,
            reference_line: Some(1.0),
            legend: vec![
                format!("{} programs", t.names[1]),
                String::new(),
                format!("{} programs", t.names[0]),
            ],
        },
    )
}

/// The HTML section (tables and chart), for a report page.
pub fn html_section(t: &Tracks) -> Result<String, ReportError> {
    let mut s = String::from("<section id=\"tracks\">\n");
    let _ = writeln!(
        s,
        "<h2>Two tracks: {} and {}</h2>",
        esc(&t.names[0]),
        esc(&t.names[1])
    );
    s.push_str(&chart(t)?);
    let table = |s: &mut String, title: &str, rows: &[Vec<String>]| {
        let _ = writeln!(s, "<h3>{}</h3>\n<table>", esc(title));
        for (i, r) in rows.iter().enumerate() {
            let tag = if i == 0 { "th" } else { "td" };
            s.push_str("<tr>");
            for c in r {
                let _ = write!(s, "<{tag}>{}</{tag}>", esc(c));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</table>\n");
    };
    table(&mut s, "Per language", &language_table(t));
    table(&mut s, "Per problem", &problem_table(t));
    s.push_str("<ul>\n");
    for e in explanation(t) {
        let _ = writeln!(s, "<li>{}</li>", esc(&e));
    }
    s.push_str("</ul>\n</section>\n");
    Ok(s)
}

/// A self-contained HTML page with the section (inline CSS and SVG, no script).
pub fn html(t: &Tracks) -> Result<String, ReportError> {
    let section = html_section(t)?;
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>joulebench: two tracks</title>\n<style>\n\
         body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }}\n\
         table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}\n\
         th, td {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }}\n\
         th:first-child, td:first-child, td:nth-child(2) {{ text-align: left; }}\n\
         svg {{ max-width: 100%; height: auto; }}\n</style>\n</head>\n<body>\n<h1>joulebench: two tracks</h1>\n{section}</body>\n</html>\n"
    ))
}
