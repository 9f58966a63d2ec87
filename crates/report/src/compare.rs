//! `compare`: new results against a baseline, for CI.
//!
//! **The rule.** For each command (run exports) or language (rank results) the change is
//! the ratio new / old with a 95 % confidence interval. A regression *fails* only when the
//! whole interval lies above `1 + threshold`, i.e. when its lower bound exceeds it: the
//! data then support "at least `threshold` worse" at the 95 % level. An increase whose
//! interval reaches below that bound, or noise, never fails; neither does a figure that
//! cannot have an interval (fewer than two runs on a side), which is reported as
//! inconclusive.
//!
//! - Commands: ratio of mean per-run energy (time), interval by error propagation with
//!   Welch's degrees of freedom ([`joulebench_model::stats::ratio`]).
//! - Languages: geometric mean over shared problems of the per-problem ratio of means,
//!   interval by a seeded bootstrap over runs within each problem (as in the ranking).

use crate::format::{self, na};
use crate::load::Loaded;
use crate::rank::geomean::{self, Pair};
use crate::ReportError;
use joulebench_model::record::{group_by_command, RunRecord};
use joulebench_model::stats::{self, Summary};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// `compare`'s exit status for a statistically supported regression.
pub const EXIT_REGRESSION: i32 = 1;
/// `compare`'s exit status when the data cannot decide (too few runs, or an interval so
/// wide it reaches zero): neither a pass nor a failure. (Bad input exits 2.)
pub const EXIT_UNDECIDED: i32 = 3;

/// Which figure gates the exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// Energy only (default).
    Energy,
    /// Time only.
    Time,
    /// Either.
    Both,
}

/// Options of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareOptions {
    /// The tolerated increase, as a fraction (0.05 for 5 %).
    pub max_regression: f64,
    /// Which figure gates the exit status.
    pub metric: Metric,
    /// Bootstrap replicates (languages).
    pub resamples: usize,
    /// Bootstrap seed.
    pub seed: u64,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            max_regression: 0.05,
            metric: Metric::Energy,
            resamples: 2000,
            seed: 2017,
        }
    }
}

/// What the data say about one figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The interval lies entirely above 1 + threshold.
    Regression,
    /// The interval lies above 1 but reaches below 1 + threshold.
    IncreaseWithinThreshold,
    /// The interval lies entirely below 1.
    Improvement,
    /// The interval contains 1.
    NoSignificantChange,
    /// No interval can be given (and why).
    Inconclusive(String),
}

/// The change of one figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureChange {
    /// Baseline figure (mean J or s; for languages, the total over shared problems).
    pub old: f64,
    /// New figure.
    pub new: f64,
    /// new / old (for languages: geometric mean of per-problem ratios).
    pub ratio: f64,
    /// 95 % interval of the ratio, when one can be given.
    pub ci95: Option<[f64; 2]>,
    /// The verdict under the threshold.
    pub verdict: Verdict,
}

/// One command's or language's changes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparisonRow {
    /// Command or language.
    pub key: String,
    /// Energy change, or why there is none.
    pub energy: Result<FigureChange, String>,
    /// Time change, or why there is none.
    pub time: Result<FigureChange, String>,
}

/// The comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// `commands` or `languages`.
    pub mode: String,
    /// The threshold, as a fraction.
    pub max_regression: f64,
    /// The gating metric.
    pub metric: Metric,
    /// Rows, in the new results' order.
    pub rows: Vec<ComparisonRow>,
    /// Keys only in the baseline.
    pub only_in_baseline: Vec<String>,
    /// Keys only in the new results.
    pub only_in_new: Vec<String>,
    /// Warnings (provenance mismatch, ...).
    pub warnings: Vec<String>,
}

impl Comparison {
    /// Rows with a supported regression in a gated metric.
    pub fn regressions(&self) -> Vec<&ComparisonRow> {
        let bad = |c: &Result<FigureChange, String>| {
            matches!(
                c,
                Ok(FigureChange {
                    verdict: Verdict::Regression,
                    ..
                })
            )
        };
        self.rows
            .iter()
            .filter(|r| match self.metric {
                Metric::Energy => bad(&r.energy),
                Metric::Time => bad(&r.time),
                Metric::Both => bad(&r.energy) || bad(&r.time),
            })
            .collect()
    }

    /// Rows whose gated metric the data cannot decide (too few runs, an interval that
    /// reaches zero).
    pub fn undecided(&self) -> Vec<&ComparisonRow> {
        let open = |c: &Result<FigureChange, String>| {
            matches!(
                c,
                Ok(FigureChange {
                    verdict: Verdict::Inconclusive(_),
                    ..
                })
            )
        };
        self.rows
            .iter()
            .filter(|r| match self.metric {
                Metric::Energy => open(&r.energy),
                Metric::Time => open(&r.time),
                Metric::Both => open(&r.energy) || open(&r.time),
            })
            .collect()
    }

    /// [`EXIT_REGRESSION`] when a regression is supported, else [`EXIT_UNDECIDED`] when
    /// some gated figure cannot be decided, else 0. A gate must not pass what it could
    /// not judge.
    pub fn exit_code(&self) -> i32 {
        if !self.regressions().is_empty() {
            EXIT_REGRESSION
        } else if !self.undecided().is_empty() {
            EXIT_UNDECIDED
        } else {
            0
        }
    }

    /// The comparison as terminal text.
    pub fn render(&self) -> String {
        let mut s = format!(
            "Comparing new results with the baseline, per {}. A regression fails only when the 95 % \
             interval of new/old lies entirely above {} (threshold +{} %, gating on {}).\n",
            if self.mode == "languages" {
                "language (geometric mean over shared problems)"
            } else {
                "command"
            },
            format::ratio(1.0 + self.max_regression),
            format::num(self.max_regression * 100.0),
            match self.metric {
                Metric::Energy => "energy",
                Metric::Time => "time",
                Metric::Both => "energy and time",
            }
        );
        for r in &self.rows {
            let _ = writeln!(s, "\n{}", r.key);
            line(&mut s, "energy", "J", &r.energy);
            line(&mut s, "time", "s", &r.time);
        }
        for k in &self.only_in_baseline {
            let _ = writeln!(s, "\n{k}: only in the baseline (not compared)");
        }
        for k in &self.only_in_new {
            let _ = writeln!(s, "\n{k}: only in the new results (not compared)");
        }
        for w in &self.warnings {
            let _ = writeln!(s, "\nWarning: {w}");
        }
        let n = self.regressions().len();
        let undecided = self.undecided().len();
        let _ = writeln!(
            s,
            "\n{}",
            if n == 0 && undecided > 0 {
                format!(
                    "Undecided: {undecided} comparison{} cannot be judged from these runs \
                     (exit {EXIT_UNDECIDED}); measure more runs.",
                    if undecided == 1 { "" } else { "s" }
                )
            } else if n == 0 {
                "No statistically supported regression.".to_string()
            } else {
                format!(
                    "{n} statistically supported regression{} beyond +{} %.",
                    if n == 1 { "" } else { "s" },
                    format::num(self.max_regression * 100.0)
                )
            }
        );
        s
    }
}

fn line(s: &mut String, what: &str, unit: &str, c: &Result<FigureChange, String>) {
    match c {
        Err(why) => {
            let _ = writeln!(s, "  {what:<7}{}", na(why));
        }
        Ok(c) => {
            let ci = c
                .ci95
                .map(|x| format!("[{} … {}]", format::ratio(x[0]), format::ratio(x[1])))
                .unwrap_or_else(|| na("no interval"));
            let verdict = match &c.verdict {
                Verdict::Regression => "REGRESSION".to_string(),
                Verdict::IncreaseWithinThreshold => "increase, within the threshold".to_string(),
                Verdict::Improvement => "improvement".to_string(),
                Verdict::NoSignificantChange => "no significant change".to_string(),
                Verdict::Inconclusive(w) => format!("inconclusive ({w})"),
            };
            let _ = writeln!(
                s,
                "  {what:<7}{} {unit} → {} {unit}   ×{} {ci}   {}   {verdict}",
                format::num(c.old),
                format::num(c.new),
                format::ratio(c.ratio),
                format::change_pct(c.ratio)
            );
        }
    }
}

fn verdict(ci: Option<[f64; 2]>, threshold: f64, why_none: &str) -> Verdict {
    match ci {
        None => Verdict::Inconclusive(why_none.to_string()),
        // A ratio is positive: an interval reaching zero says the runs cannot decide.
        Some([lo, hi]) if !(lo > 0.0 && hi.is_finite()) => Verdict::Inconclusive(format!(
            "the interval [{} … {}] is too wide to decide",
            format::ratio(lo),
            format::ratio(hi)
        )),
        Some([lo, hi]) => {
            if lo > 1.0 + threshold {
                Verdict::Regression
            } else if lo > 1.0 {
                Verdict::IncreaseWithinThreshold
            } else if hi < 1.0 {
                Verdict::Improvement
            } else {
                Verdict::NoSignificantChange
            }
        }
    }
}

/// Parse a threshold: `5%`, `5 %` or `5` all mean 5 % (0.05).
pub fn parse_threshold(s: &str) -> Result<f64, String> {
    let t = s.trim().trim_end_matches('%').trim();
    let v: f64 = t
        .parse()
        .map_err(|_| format!("not a percentage: {s:?} (write e.g. 5%)"))?;
    if !(v.is_finite() && v >= 0.0) {
        return Err(format!(
            "the threshold must be a non-negative percentage, got {s:?}"
        ));
    }
    Ok(v / 100.0)
}

/// Compare `new` against `baseline`.
pub fn compare(
    baseline: &Loaded,
    new: &Loaded,
    opts: &CompareOptions,
) -> Result<Comparison, ReportError> {
    let (b_rank, n_rank) = (baseline.has_rank_data(), new.has_rank_data());
    if b_rank != n_rank {
        return Err(ReportError::Data(format!(
            "cannot compare: the baseline holds {} and the new file holds {}",
            if b_rank {
                "rank results"
            } else {
                "run results"
            },
            if n_rank {
                "rank results"
            } else {
                "run results"
            },
        )));
    }
    let mut cmp = if b_rank {
        compare_languages(&baseline.runs, &new.runs, opts)
    } else {
        compare_commands(&baseline.runs, &new.runs, opts)
    };
    if cmp.rows.is_empty() {
        return Err(ReportError::Data(format!(
            "nothing to compare: no {} is in both files (baseline: {}; new: {})",
            if b_rank { "language" } else { "command" },
            cmp.only_in_baseline.join(", "),
            cmp.only_in_new.join(", ")
        )));
    }
    let prov = |l: &Loaded| {
        let mut v: Vec<&str> = l.runs.iter().map(|r| r.provenance.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v.join("+")
    };
    if prov(baseline) != prov(new) {
        cmp.warnings.push(format!(
            "the baseline's energy is {} and the new one's {}: they are not comparable",
            prov(baseline),
            prov(new)
        ));
    }
    Ok(cmp)
}

fn compare_commands(old: &[RunRecord], new: &[RunRecord], o: &CompareOptions) -> Comparison {
    let og: BTreeMap<String, Vec<&RunRecord>> = group_by_command(old).into_iter().collect();
    let ng = group_by_command(new);
    let mut rows = Vec::new();
    let mut only_in_new = Vec::new();
    for (key, nr) in &ng {
        let Some(or) = og.get(key) else {
            only_in_new.push(key.clone());
            continue;
        };
        let e = |rs: &[&RunRecord]| -> Vec<f64> {
            rs.iter()
                .filter(|r| !r.timed_out)
                .filter_map(|r| r.energy_total_j)
                .collect()
        };
        let t = |rs: &[&RunRecord]| -> Vec<f64> {
            rs.iter()
                .filter(|r| !r.timed_out)
                .map(|r| r.wall_s)
                .collect()
        };
        rows.push(ComparisonRow {
            key: key.clone(),
            energy: mean_change(&e(or), &e(nr), o.max_regression, "energy"),
            time: mean_change(&t(or), &t(nr), o.max_regression, "time"),
        });
    }
    let only_in_baseline = og
        .keys()
        .filter(|k| !ng.iter().any(|(n, _)| n == *k))
        .cloned()
        .collect();
    Comparison {
        mode: "commands".into(),
        max_regression: o.max_regression,
        metric: o.metric,
        rows,
        only_in_baseline,
        only_in_new,
        warnings: Vec::new(),
    }
}

fn mean_change(old: &[f64], new: &[f64], t: f64, what: &str) -> Result<FigureChange, String> {
    let (Some(a), Some(b)) = (Summary::of(old), Summary::of(new)) else {
        return Err(format!("no {what} figures on one side"));
    };
    let r = stats::ratio(&b, &a).ok_or_else(|| format!("baseline {what} is zero"))?;
    let ci = (a.n >= 2 && b.n >= 2).then_some(r.ci95);
    let mut v = verdict(ci, t, "fewer than 2 runs on a side");
    // Every new run beyond every old one by more than the threshold is a regression
    // whatever the interval says: with 3 runs a side a 10x slowdown once read
    // "inconclusive" (interval -8.8 … 28.8) and passed the gate.
    let max_old = old.iter().copied().fold(f64::MIN, f64::max);
    let min_new = new.iter().copied().fold(f64::MAX, f64::min);
    if a.n >= 2 && b.n >= 2 && min_new > max_old * (1.0 + t) {
        v = Verdict::Regression;
    }
    Ok(FigureChange {
        old: a.mean,
        new: b.mean,
        ratio: r.ratio,
        ci95: ci,
        verdict: v,
    })
}

/// Energies and times of one cell's runs.
type Samples = (Vec<f64>, Vec<f64>);
type Cells = BTreeMap<(String, String), Samples>;

fn cells(runs: &[RunRecord]) -> (Vec<String>, Cells) {
    let mut langs = Vec::new();
    let mut m: Cells = BTreeMap::new();
    for r in runs.iter().filter(|r| r.succeeded() && r.usable()) {
        let (Some(p), Some(l)) = (&r.problem, &r.language) else {
            continue;
        };
        if !langs.contains(l) {
            langs.push(l.clone());
        }
        let c = m.entry((l.clone(), p.clone())).or_default();
        if let Some(e) = r.energy_total_j {
            c.0.push(e);
        }
        c.1.push(r.wall_s);
    }
    (langs, m)
}

fn compare_languages(old: &[RunRecord], new: &[RunRecord], o: &CompareOptions) -> Comparison {
    let (old_langs, oc) = cells(old);
    let (new_langs, nc) = cells(new);
    let mut rows = Vec::new();
    for l in &new_langs {
        if !old_langs.contains(l) {
            continue;
        }
        let shared: Vec<(&Samples, &Samples)> = nc
            .iter()
            .filter(|((nl, _), _)| nl == l)
            .filter_map(|(k, n)| oc.get(k).map(|old| (old, n)))
            .collect();
        let seed = geomean::seed_for(o.seed, l);
        let energy = geo_change(
            shared.iter().map(|(a, b)| (&a.0, &b.0)).collect(),
            o,
            seed,
            "energy",
        );
        let time = geo_change(
            shared.iter().map(|(a, b)| (&a.1, &b.1)).collect(),
            o,
            seed.wrapping_add(1),
            "time",
        );
        rows.push(ComparisonRow {
            key: l.clone(),
            energy,
            time,
        });
    }
    Comparison {
        mode: "languages".into(),
        max_regression: o.max_regression,
        metric: o.metric,
        rows,
        only_in_baseline: old_langs
            .iter()
            .filter(|l| !new_langs.contains(l))
            .cloned()
            .collect(),
        only_in_new: new_langs
            .iter()
            .filter(|l| !old_langs.contains(l))
            .cloned()
            .collect(),
        warnings: Vec::new(),
    }
}

fn geo_change(
    pairs: Vec<(&Vec<f64>, &Vec<f64>)>,
    o: &CompareOptions,
    seed: u64,
    what: &str,
) -> Result<FigureChange, String> {
    let pairs: Vec<(&Vec<f64>, &Vec<f64>)> = pairs
        .into_iter()
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .collect();
    if pairs.is_empty() {
        return Err(format!("no problem with {what} figures on both sides"));
    }
    let ps: Vec<Pair<'_>> = pairs
        .iter()
        .map(|(old, new)| Pair {
            lang: new,
            reference: old,
        })
        .collect();
    let est = geomean::geomean_ratio(&ps, o.resamples, seed)
        .ok_or_else(|| format!("no positive {what} figures"))?;
    let thin = pairs.iter().any(|(a, b)| a.len() < 2 || b.len() < 2);
    let ci = (!thin).then_some(est.ci95);
    let sum = |v: &Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    Ok(FigureChange {
        old: pairs.iter().map(|(a, _)| sum(a)).sum(),
        new: pairs.iter().map(|(_, b)| sum(b)).sum(),
        ratio: est.value,
        ci95: ci,
        verdict: verdict(
            ci,
            o.max_regression,
            "a problem has fewer than 2 runs on a side",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds() {
        assert_eq!(parse_threshold("5%").unwrap(), 0.05);
        assert_eq!(parse_threshold(" 10 % ").unwrap(), 0.10);
        assert_eq!(parse_threshold("2.5").unwrap(), 0.025);
        assert!(parse_threshold("five").is_err());
        assert!(parse_threshold("-1%").is_err());
    }

    #[test]
    fn verdict_rule() {
        assert_eq!(verdict(Some([1.06, 1.2]), 0.05, ""), Verdict::Regression);
        assert_eq!(
            verdict(Some([1.01, 1.2]), 0.05, ""),
            Verdict::IncreaseWithinThreshold
        );
        assert_eq!(
            verdict(Some([0.9, 1.1]), 0.05, ""),
            Verdict::NoSignificantChange
        );
        assert_eq!(verdict(Some([0.8, 0.9]), 0.05, ""), Verdict::Improvement);
        assert!(matches!(verdict(None, 0.05, "x"), Verdict::Inconclusive(_)));
    }
}
