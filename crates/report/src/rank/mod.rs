//! The language ranking, from records that carry a problem and a language.
//!
//! - The **study's table**: per language, the totals of energy, time and memory over the
//!   problems it has (means of each problem's runs), normalized to the reference language
//!   (C when present), exactly as Pereira et al. computed their "global" figures.
//! - The **sounder table**: the geometric mean of per-problem ratios against the
//!   reference, with a 95 % bootstrap interval (runs resampled within each problem x
//!   language cell, seeded), ranks, and which languages cannot be told apart.
//! - **Per-problem** cells (J, s, MB, W with spread) and **what drives energy**.

pub mod cells;
pub mod csv;
pub mod drivers;
pub mod geomean;
pub mod json;
pub mod markdown;
pub mod published;
pub mod terminal;
pub mod text;

use crate::ReportError;
use cells::{RankCell, RunFigures};
use joulebench_model::record::{RunRecord, Session};
use joulebench_model::Provenance;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// True when some problem has two or more runs on a side: with one run per cell the
/// bootstrap has nothing to resample, and its "interval" (the point itself) would claim
/// a certainty the data do not have. Such a language gets no interval ("n/a").
fn resampleable(pairs: &[(Vec<f64>, Vec<f64>)]) -> bool {
    pairs.iter().any(|(a, b)| a.len() >= 2 || b.len() >= 2)
}

/// The session note that listed the problems a ranking covers (comma-separated) in
/// results written before sessions carried a typed [`joulebench_model::ranking::Ranking`];
/// still read, never written. Runs of other problems are kept in results files but left
/// out of the tables.
pub const PROBLEM_SET_NOTE: &str = "problem_set";

/// Options of the analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct RankOptions {
    /// Reference language (default: C when present, else the language with the least
    /// total energy among those with the most problems).
    pub reference: Option<String>,
    /// Problems to use (default: the sessions' `problem_set` note, else all).
    pub problems: Option<Vec<String>>,
    /// Bootstrap replicates.
    pub resamples: usize,
    /// Bootstrap seed (the analysis is reproducible).
    pub seed: u64,
}

impl Default for RankOptions {
    fn default() -> Self {
        RankOptions {
            reference: None,
            problems: None,
            resamples: 2000,
            seed: 2017,
        }
    }
}

/// Where a language's energy figures come from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceInfo {
    /// `measured`, `estimated`, or `mixed`.
    pub provenance: String,
    /// The sensors (comma-separated).
    pub sensor: String,
}

/// One language's row in both tables.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LanguageRow {
    /// Language.
    pub language: String,
    /// How many problems it has (with at least one successful run).
    pub problems: usize,
    /// The problems it has.
    pub problem_list: Vec<String>,
    /// Sum over its problems of the mean joules per run.
    pub energy_total_j: Option<f64>,
    /// Sum over its problems of the mean seconds per run.
    pub time_total_s: Option<f64>,
    /// Sum over its problems of the mean peak MB per run.
    pub memory_total_mb: Option<f64>,
    /// The study's figure: energy total over the reference's total.
    pub energy_ratio_total: Option<f64>,
    /// Time total over the reference's total.
    pub time_ratio_total: Option<f64>,
    /// Memory total over the reference's total.
    pub memory_ratio_total: Option<f64>,
    /// Energy total over the reference's total on the same problems only.
    pub energy_ratio_total_same_problems: Option<f64>,
    /// Geometric mean of per-problem energy ratios against the reference.
    pub energy_ratio_geomean: Option<f64>,
    /// Its 95 % bootstrap interval, [low, high].
    pub energy_ratio_geomean_ci: Option<[f64; 2]>,
    /// Geometric mean of per-problem time ratios.
    pub time_ratio_geomean: Option<f64>,
    /// Its 95 % bootstrap interval.
    pub time_ratio_geomean_ci: Option<[f64; 2]>,
    /// Problems shared with the reference (the geometric mean's n).
    pub geomean_problems: usize,
    /// Rank by the geometric mean (1 = least energy).
    pub rank: Option<usize>,
    /// Languages whose geometric-mean intervals overlap this one's.
    pub not_distinguishable_from: Vec<String>,
    /// Why there is no energy figure, when there is none.
    pub energy_missing: Option<String>,
    /// The published row (SCP 2021 Table 4), when the study has this language.
    pub published: Option<published::PublishedRow>,
    /// Measured or estimated, and by which sensor.
    pub provenance: SourceInfo,
}

/// Runs left out of the tables, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Excluded {
    /// Problem.
    pub problem: String,
    /// Language.
    pub language: String,
    /// How many runs.
    pub runs: usize,
    /// Why.
    pub reason: String,
}

/// Bootstrap settings used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BootstrapInfo {
    /// Replicates.
    pub resamples: usize,
    /// Seed.
    pub seed: u64,
    /// Confidence level.
    pub level: f64,
}

/// The whole analysis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankAnalysis {
    /// The reference language (ratios are against it).
    pub reference: String,
    /// The problems in the tables, in order.
    pub problems: Vec<String>,
    /// One row per language, ordered by the study's energy ratio.
    pub languages: Vec<LanguageRow>,
    /// Problem x language cells.
    pub cells: Vec<RankCell>,
    /// Runs left out.
    pub excluded: Vec<Excluded>,
    /// What drives energy.
    pub drivers: drivers::Drivers,
    /// Overall provenance: `measured`, `estimated` or `mixed`.
    pub provenance: SourceInfo,
    /// Estimate model, when estimated.
    pub model: Option<String>,
    /// Bootstrap settings.
    pub bootstrap: BootstrapInfo,
    /// The published table shown beside the study's.
    pub published: published::PublishedTable,
    /// Caveats about these data, in words.
    pub caveats: Vec<String>,
}

impl RankAnalysis {
    /// Languages in geometric-mean rank order (unranked last, by name).
    pub fn by_rank(&self) -> Vec<&LanguageRow> {
        let mut v: Vec<&LanguageRow> = self.languages.iter().collect();
        v.sort_by(|a, b| match (a.rank, b.rank) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.language.cmp(&b.language),
        });
        v
    }

    /// The cell of `problem` in `language`.
    pub fn cell(&self, problem: &str, language: &str) -> Option<&RankCell> {
        self.cells
            .iter()
            .find(|c| c.problem == problem && c.language == language)
    }
}

fn problem_set(sessions: &[Session], opts: &RankOptions) -> Option<Vec<String>> {
    if let Some(p) = &opts.problems {
        return Some(p.clone());
    }
    if let Some(r) = sessions.iter().find_map(|s| s.ranking.as_ref()) {
        return Some(r.problem_ids());
    }
    // Results written before the ranking was typed carry the set as a note.
    sessions
        .iter()
        .find_map(|s| s.notes.get(PROBLEM_SET_NOTE))
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
}

fn source_info<'a>(runs: impl Iterator<Item = &'a RunRecord>) -> SourceInfo {
    let (mut measured, mut estimated) = (false, false);
    let mut sensors = BTreeSet::new();
    for r in runs {
        match r.provenance {
            Provenance::Measured => measured = true,
            Provenance::Estimated => estimated = true,
        }
        sensors.insert(r.sensor.clone());
    }
    let provenance = match (measured, estimated) {
        (true, true) => "mixed",
        (false, true) => "estimated",
        _ => "measured",
    };
    SourceInfo {
        provenance: provenance.into(),
        sensor: sensors.into_iter().collect::<Vec<_>>().join(", "),
    }
}

/// Analyse the runs that carry a problem and a language.
pub fn analyze(
    runs: &[RunRecord],
    sessions: &[Session],
    opts: &RankOptions,
) -> Result<RankAnalysis, ReportError> {
    let grouped = group_runs(runs, problem_set(sessions, opts))?;
    let mut cells = grouped.cells();
    let reference = choose_reference(&grouped.languages, opts, |l| energy_total(&cells, l, None))?;
    let published = published::scp2021()?;
    let mut rows: Vec<LanguageRow> = {
        let against = Against::new(&cells, &reference);
        grouped
            .languages
            .iter()
            .map(|l| against.language_row(l, &grouped, &published, opts))
            .collect()
    };
    rank_and_overlap(&mut rows);
    rows.sort_by(|a, b| match (a.energy_ratio_total, b.energy_ratio_total) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.language.cmp(&b.language),
    });
    set_energy_vs_reference(&mut cells, &reference);
    let drivers = drivers::analyse(&cells, &grouped.languages);
    let provenance = source_info(grouped.groups.values().flat_map(|v| v.iter().copied()));
    let model = sessions.iter().find_map(|s| s.model.clone());
    let caveats = caveats(&cells, &rows, &reference, opts);
    Ok(RankAnalysis {
        reference,
        problems: grouped.problems,
        languages: rows,
        cells,
        excluded: grouped.excluded,
        drivers,
        provenance,
        model,
        bootstrap: BootstrapInfo {
            resamples: opts.resamples,
            seed: opts.seed,
            level: 0.95,
        },
        published,
        caveats,
    })
}

/// The runs to rank, grouped by language and problem, and the runs left out.
struct Grouped<'a> {
    /// Languages, in first-seen order.
    languages: Vec<String>,
    /// Problems that have data, in problem-set order, then first-seen order.
    problems: Vec<String>,
    /// The successful runs of each (language, problem).
    groups: BTreeMap<(String, String), Vec<&'a RunRecord>>,
    /// Runs left out, by problem, language and reason.
    excluded: Vec<Excluded>,
}

impl Grouped<'_> {
    /// One cell per problem x language that has runs, problems first.
    fn cells(&self) -> Vec<RankCell> {
        let mut cells = Vec::new();
        for p in &self.problems {
            for l in &self.languages {
                if let Some(rs) = self.groups.get(&(l.clone(), p.clone())) {
                    cells.push(RankCell::new(
                        p,
                        l,
                        rs.iter().map(|r| RunFigures::of(r)).collect(),
                    ));
                }
            }
        }
        cells
    }

    /// Where `language`'s energy figures come from.
    fn source_of(&self, language: &str) -> SourceInfo {
        source_info(
            self.groups
                .iter()
                .filter(|((gl, _), _)| gl == language)
                .flat_map(|(_, v)| v.iter().copied()),
        )
    }
}

/// Sort `runs` into the ranked groups and the excluded ones; an error when nothing is left
/// to rank.
fn group_runs(runs: &[RunRecord], set: Option<Vec<String>>) -> Result<Grouped<'_>, ReportError> {
    let mut excluded: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut languages: Vec<String> = Vec::new();
    let mut problems: Vec<String> = set.clone().unwrap_or_default();
    let mut groups: BTreeMap<(String, String), Vec<&RunRecord>> = BTreeMap::new();
    for r in runs {
        let (Some(p), Some(l)) = (&r.problem, &r.language) else {
            continue;
        };
        if let Some(why) = exclusion(r, p, set.as_deref()) {
            *excluded.entry((p.clone(), l.clone(), why)).or_default() += 1;
            continue;
        }
        if !languages.contains(l) {
            languages.push(l.clone());
        }
        if !problems.contains(p) {
            problems.push(p.clone());
        }
        groups.entry((l.clone(), p.clone())).or_default().push(r);
    }
    if groups.is_empty() {
        return Err(ReportError::Data(
            "nothing to rank: no successful run carries a problem and a language".into(),
        ));
    }
    // Keep only the problems that have data, in set order.
    problems.retain(|p| groups.keys().any(|(_, gp)| gp == p));
    Ok(Grouped {
        languages,
        problems,
        groups,
        excluded: excluded
            .into_iter()
            .map(|((problem, language, reason), runs)| Excluded {
                problem,
                language,
                runs,
                reason,
            })
            .collect(),
    })
}

/// Why run `r` (of `problem`) is left out of the tables, or None when it is ranked.
fn exclusion(r: &RunRecord, problem: &str, set: Option<&[String]>) -> Option<String> {
    if set.is_some_and(|set| !set.iter().any(|p| p == problem)) {
        return Some("not one of the ranked problems".into());
    }
    if r.succeeded() && r.usable() {
        return None;
    }
    Some(if r.timed_out {
        "timed out".to_string()
    } else if let Some(why) = &r.invalid {
        format!("invalid energy ({why})")
    } else {
        match r.exit_code {
            Some(c) => format!("failed (exit code {c})"),
            None => "killed by a signal".to_string(),
        }
    })
}

/// The sum of `language`'s mean energies (over the problems in `only`, when given) and
/// how many problems it covers; None when it has no energy figure.
fn energy_total(
    cells: &[RankCell],
    language: &str,
    only: Option<&BTreeSet<String>>,
) -> Option<(f64, usize)> {
    let v: Vec<f64> = cells
        .iter()
        .filter(|c| c.language == language)
        .filter(|c| match only {
            Some(o) => o.contains(&c.problem),
            None => true,
        })
        .filter_map(|c| c.energy_j.as_ref().map(|s| s.mean))
        .collect();
    (!v.is_empty()).then(|| (v.iter().sum(), v.len()))
}

/// The sum over `language`'s cells of the figure `f`; None when no cell has one.
fn total_of(
    cells: &[RankCell],
    language: &str,
    f: impl Fn(&RankCell) -> Option<f64>,
) -> Option<f64> {
    let v: Vec<f64> = cells
        .iter()
        .filter(|c| c.language == language)
        .filter_map(f)
        .collect();
    (!v.is_empty()).then(|| v.iter().sum())
}

fn time_mean(c: &RankCell) -> Option<f64> {
    c.time_s.as_ref().map(|s| s.mean)
}

fn memory_mean(c: &RankCell) -> Option<f64> {
    c.memory_mb.as_ref().map(|s| s.mean)
}

/// `a / b`, when both are known and `b` is positive.
fn div(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

/// A figure the geometric mean is taken of: its per-run values in a cell, and the offset
/// of its bootstrap seed from the language's seed.
#[derive(Clone, Copy)]
enum PairMetric {
    Energy,
    Time,
}

impl PairMetric {
    fn values(self, c: &RankCell) -> Vec<f64> {
        match self {
            PairMetric::Energy => c.energies(),
            PairMetric::Time => c.times(),
        }
    }

    fn seed_offset(self) -> u64 {
        match self {
            PairMetric::Energy => 0,
            PairMetric::Time => 1,
        }
    }
}

/// The reference language's cells and totals, which every language's row divides by.
struct Against<'a> {
    cells: &'a [RankCell],
    reference: &'a str,
    ref_cells: BTreeMap<&'a str, &'a RankCell>,
    ref_energy_problems: BTreeSet<String>,
    ref_energy: Option<f64>,
    ref_time: Option<f64>,
    ref_memory: Option<f64>,
}

impl<'a> Against<'a> {
    fn new(cells: &'a [RankCell], reference: &'a str) -> Self {
        let ref_cells: BTreeMap<&str, &RankCell> = cells
            .iter()
            .filter(|c| c.language == reference)
            .map(|c| (c.problem.as_str(), c))
            .collect();
        let ref_energy_problems = ref_cells
            .values()
            .filter(|c| c.energy_j.is_some())
            .map(|c| c.problem.clone())
            .collect();
        Against {
            cells,
            reference,
            ref_cells,
            ref_energy_problems,
            ref_energy: energy_total(cells, reference, None).map(|t| t.0),
            ref_time: total_of(cells, reference, time_mean),
            ref_memory: total_of(cells, reference, memory_mean),
        }
    }

    /// `language`'s row of both tables (not yet ranked).
    fn language_row(
        &self,
        l: &str,
        grouped: &Grouped<'_>,
        published: &published::PublishedTable,
        opts: &RankOptions,
    ) -> LanguageRow {
        let mine: Vec<&RankCell> = self.cells.iter().filter(|c| c.language == l).collect();
        let energy = energy_total(self.cells, l, None).map(|t| t.0);
        let time = total_of(self.cells, l, time_mean);
        let memory = total_of(self.cells, l, memory_mean);
        let shared: BTreeSet<String> = mine
            .iter()
            .filter(|c| c.energy_j.is_some())
            .map(|c| c.problem.clone())
            .filter(|p| self.ref_energy_problems.contains(p))
            .collect();
        let same = match (
            energy_total(self.cells, l, Some(&shared)),
            energy_total(self.cells, self.reference, Some(&shared)),
        ) {
            (Some((a, _)), Some((b, _))) if b > 0.0 => Some(a / b),
            _ => None,
        };
        let (ge, ge_ci) = self.geomean(l, &mine, PairMetric::Energy, opts);
        let (gt, gt_ci) = self.geomean(l, &mine, PairMetric::Time, opts);
        LanguageRow {
            language: l.to_string(),
            problems: mine.len(),
            problem_list: mine.iter().map(|c| c.problem.clone()).collect(),
            energy_total_j: energy,
            time_total_s: time,
            memory_total_mb: memory,
            energy_ratio_total: div(energy, self.ref_energy),
            time_ratio_total: div(time, self.ref_time),
            memory_ratio_total: div(memory, self.ref_memory),
            energy_ratio_total_same_problems: same,
            energy_ratio_geomean: ge,
            energy_ratio_geomean_ci: ge_ci,
            time_ratio_geomean: gt,
            time_ratio_geomean_ci: gt_ci,
            geomean_problems: shared.len(),
            rank: None,
            not_distinguishable_from: Vec::new(),
            energy_missing: energy
                .is_none()
                .then(|| "no package + dram figure".to_string()),
            published: published.find(l).cloned(),
            provenance: grouped.source_of(l),
        }
    }

    /// The geometric mean of `language`'s per-problem ratios of `metric` against the
    /// reference, and its interval when the runs can be resampled.
    fn geomean(
        &self,
        language: &str,
        mine: &[&RankCell],
        metric: PairMetric,
        opts: &RankOptions,
    ) -> (Option<f64>, Option<[f64; 2]>) {
        let pairs: Vec<(Vec<f64>, Vec<f64>)> = mine
            .iter()
            .filter_map(|c| {
                let rc = self.ref_cells.get(c.problem.as_str())?;
                Some((metric.values(c), metric.values(rc)))
            })
            .collect();
        let estimate = if language == self.reference {
            // The reference against itself is exactly 1: the same runs on both sides.
            (!pairs.is_empty()).then_some(geomean::Estimate {
                value: 1.0,
                ci95: [1.0, 1.0],
            })
        } else {
            let seed = geomean::seed_for(opts.seed, language).wrapping_add(metric.seed_offset());
            geomean::geomean_ratio(&as_pairs(&pairs), opts.resamples, seed)
        };
        let interval = estimate
            .filter(|_| language == self.reference || resampleable(&pairs))
            .map(|e| e.ci95);
        (estimate.map(|e| e.value), interval)
    }
}

/// Each cell's mean energy over the reference's mean energy on the same problem.
fn set_energy_vs_reference(cells: &mut [RankCell], reference: &str) {
    let ref_means: BTreeMap<String, f64> = cells
        .iter()
        .filter(|c| c.language == reference)
        .filter_map(|c| c.energy_j.as_ref().map(|s| (c.problem.clone(), s.mean)))
        .collect();
    for c in cells.iter_mut() {
        let r = ref_means.get(&c.problem).copied();
        c.energy_vs_reference = div(c.energy_j.as_ref().map(|s| s.mean), r);
    }
}

fn as_pairs(v: &[(Vec<f64>, Vec<f64>)]) -> Vec<geomean::Pair<'_>> {
    v.iter()
        .map(|(a, b)| geomean::Pair {
            lang: a,
            reference: b,
        })
        .collect()
}

fn choose_reference(
    languages: &[String],
    opts: &RankOptions,
    total: impl Fn(&str) -> Option<(f64, usize)>,
) -> Result<String, ReportError> {
    let find = |want: &str| {
        let w = published::canonical(want);
        languages
            .iter()
            .find(|l| published::canonical(l) == w)
            .cloned()
    };
    if let Some(r) = &opts.reference {
        return find(r).ok_or_else(|| {
            ReportError::Data(format!(
                "reference language {r:?} is not in the results (languages: {})",
                languages.join(", ")
            ))
        });
    }
    if let Some(c) = find("C").filter(|c| total(c).is_some()) {
        return Ok(c);
    }
    // The best language among those with the most problems.
    let with: Vec<(&String, f64, usize)> = languages
        .iter()
        .filter_map(|l| total(l).map(|(t, n)| (l, t, n)))
        .collect();
    let most = with.iter().map(|w| w.2).max().unwrap_or(0);
    with.iter()
        .filter(|w| w.2 == most)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|w| w.0.clone())
        .or_else(|| languages.first().cloned())
        .ok_or_else(|| ReportError::Data("no language to use as reference".into()))
}

fn rank_and_overlap(rows: &mut [LanguageRow]) {
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|i| rows[*i].energy_ratio_geomean.is_some())
        .collect();
    order.sort_by(|a, b| {
        let x = rows[*a].energy_ratio_geomean.unwrap_or(f64::INFINITY);
        let y = rows[*b].energy_ratio_geomean.unwrap_or(f64::INFINITY);
        x.total_cmp(&y)
    });
    for (k, i) in order.iter().enumerate() {
        rows[*i].rank = Some(k + 1);
    }
    let cis: Vec<(String, Option<[f64; 2]>, Option<usize>)> = rows
        .iter()
        .map(|r| (r.language.clone(), r.energy_ratio_geomean_ci, r.rank))
        .collect();
    for r in rows.iter_mut() {
        let Some(mine) = r.energy_ratio_geomean_ci else {
            continue;
        };
        let mut others: Vec<(usize, String)> = cis
            .iter()
            .filter(|(l, ci, _)| l != &r.language && ci.is_some_and(|c| geomean::overlap(mine, c)))
            .map(|(l, _, rank)| (rank.unwrap_or(usize::MAX), l.clone()))
            .collect();
        others.sort();
        r.not_distinguishable_from = others.into_iter().map(|(_, l)| l).collect();
    }
}

fn caveats(
    cells: &[RankCell],
    rows: &[LanguageRow],
    reference: &str,
    opts: &RankOptions,
) -> Vec<String> {
    let mut c = Vec::new();
    if published::canonical(reference) != "c" {
        c.push(format!(
            "C is not in these results: ratios are relative to {reference} instead."
        ));
    }
    let thin = cells.iter().filter(|x| x.runs < 3).count();
    if thin > 0 {
        c.push(format!(
            "{thin} problem x language cells have fewer than 3 runs: their bootstrap intervals \
             understate the uncertainty."
        ));
    }
    let most = rows.iter().map(|r| r.problems).max().unwrap_or(0);
    let fewer: Vec<String> = rows
        .iter()
        .filter(|r| r.problems < most)
        .map(|r| format!("{} ({})", r.language, r.problems))
        .collect();
    if !fewer.is_empty() {
        c.push(format!(
            "Not every language has every problem: {}. The study's totals compare such \
             languages on unequal sets; the geometric mean uses only the problems shared with \
             {reference}.",
            fewer.join(", ")
        ));
    }
    let _ = opts;
    c
}
