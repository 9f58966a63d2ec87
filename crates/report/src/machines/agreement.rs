//! Whether two machines put the languages in the same order: Kendall's tau-b over the
//! languages both measured, with a bootstrap interval, and the pairs whose order flips.
//!
//! Why Kendall rather than Spearman: its value reads directly as "concordant pairs minus
//! discordant pairs, as a share", which is what a reader asks (do pairs keep their
//! order?), and it handles ties (tau-b). Why a bootstrap over runs rather than Fisher's z
//! over languages: a suite ranks a handful of languages (z needs more than four and
//! assumes they are a random sample of languages, which they are not); the question is
//! whether the measured order could be noise, so the interval resamples each cell's runs
//! on each machine, as the ratios' intervals do.

use crate::rank::cells::RankCell;
use crate::rank::geomean::{resampled_mean, seed_for, SplitMix64};
use crate::rank::RankAnalysis;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Two machines' agreement on the order of languages.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    /// Index of the first machine in the comparison.
    pub a: usize,
    /// Index of the second machine.
    pub b: usize,
    /// The languages compared (measured on both, on the same problems).
    pub languages: Vec<String>,
    /// The problems the scores are over (every compared language has them on both).
    pub problems: Vec<String>,
    /// Kendall's tau-b of the two orders; None with fewer than two languages or all tied.
    pub kendall_tau: Option<f64>,
    /// Its 95 % bootstrap interval (runs resampled within each cell).
    pub kendall_tau_ci: Option<[f64; 2]>,
    /// Pairs ordered one way on `a` and the other on `b`.
    pub flips: Vec<Flip>,
}

/// A pair of languages in opposite order on the two machines.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flip {
    /// The language that uses less energy on machine `a`.
    pub first_on_a: String,
    /// The language that uses less energy on machine `b`.
    pub first_on_b: String,
    /// True when on either machine the two cannot be told apart (their intervals
    /// overlap): the flip may be noise.
    pub within_intervals: bool,
}

/// Per language, per problem, the energies of its runs on one machine.
type Samples = BTreeMap<String, BTreeMap<String, Vec<f64>>>;

fn samples(cells: &[RankCell]) -> Samples {
    let mut m: Samples = BTreeMap::new();
    for c in cells {
        let e = c.energies();
        if !e.is_empty() && e.iter().all(|x| *x > 0.0) {
            m.entry(c.language.clone())
                .or_default()
                .insert(c.problem.clone(), e);
        }
    }
    m
}

/// The agreement of machine `a` with machine `b`.
pub fn agreement(
    (a, ra): (usize, &RankAnalysis),
    (b, rb): (usize, &RankAnalysis),
    resamples: usize,
    seed: u64,
) -> Agreement {
    let (sa, sb) = (samples(&ra.cells), samples(&rb.cells));
    let (languages, problems) = common(&sa, &sb);
    let score = |s: &Samples, mean: &mut dyn FnMut(&[f64]) -> f64| -> Vec<f64> {
        languages
            .iter()
            .map(|l| {
                let logs: f64 = problems.iter().map(|p| mean(&s[l][p]).ln()).sum();
                logs / problems.len().max(1) as f64
            })
            .collect()
    };
    let mut plain = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (xa, xb) = (score(&sa, &mut plain), score(&sb, &mut plain));
    let mut rng = SplitMix64::new(seed_for(seed, "by-machine"));
    let mut reps: Vec<f64> = (0..resamples)
        .filter_map(|_| {
            let mut draw = |v: &[f64]| resampled_mean(v, &mut rng);
            let ya = score(&sa, &mut draw);
            let yb = score(&sb, &mut draw);
            kendall_tau_b(&ya, &yb)
        })
        .collect();
    reps.sort_by(f64::total_cmp);
    let ci = percentiles(&reps);
    Agreement {
        a,
        b,
        flips: flips(&languages, &xa, &xb, ra, rb),
        kendall_tau: kendall_tau_b(&xa, &xb),
        kendall_tau_ci: ci,
        languages,
        problems,
    }
}

/// Languages measured on both machines, and the problems every one of them has on both.
fn common(sa: &Samples, sb: &Samples) -> (Vec<String>, Vec<String>) {
    let languages: Vec<String> = sa.keys().filter(|l| sb.contains_key(*l)).cloned().collect();
    let mut problems: Option<BTreeSet<String>> = None;
    for l in &languages {
        let both: BTreeSet<String> = sa[l]
            .keys()
            .filter(|p| sb[l].contains_key(*p))
            .cloned()
            .collect();
        problems = Some(match problems {
            None => both,
            Some(p) => p.intersection(&both).cloned().collect(),
        });
    }
    let problems: Vec<String> = problems.unwrap_or_default().into_iter().collect();
    if problems.is_empty() {
        return (Vec::new(), Vec::new());
    }
    (languages, problems)
}

fn percentiles(sorted: &[f64]) -> Option<[f64; 2]> {
    if sorted.len() < 2 {
        return None;
    }
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    Some([at(0.025), at(0.975)])
}

/// Kendall's tau-b of two score lists (lower score = earlier in the order).
pub fn kendall_tau_b(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    let (mut concordant, mut discordant, mut tie_x, mut tie_y, mut pairs) =
        (0i64, 0i64, 0i64, 0i64, 0i64);
    for i in 0..n {
        for j in (i + 1)..n {
            pairs += 1;
            let (dx, dy) = (sign(x[i] - x[j]), sign(y[i] - y[j]));
            match (dx, dy) {
                (0, 0) => {
                    tie_x += 1;
                    tie_y += 1;
                }
                (0, _) => tie_x += 1,
                (_, 0) => tie_y += 1,
                _ if dx == dy => concordant += 1,
                _ => discordant += 1,
            }
        }
    }
    let denominator = (((pairs - tie_x) * (pairs - tie_y)) as f64).sqrt();
    (denominator > 0.0).then(|| (concordant - discordant) as f64 / denominator)
}

fn sign(d: f64) -> i8 {
    if d > 0.0 {
        1
    } else if d < 0.0 {
        -1
    } else {
        0
    }
}

fn flips(
    langs: &[String],
    xa: &[f64],
    xb: &[f64],
    ra: &RankAnalysis,
    rb: &RankAnalysis,
) -> Vec<Flip> {
    let overlap = |r: &RankAnalysis, p: &str, q: &str| {
        r.languages
            .iter()
            .any(|row| row.language == p && row.not_distinguishable_from.iter().any(|o| o == q))
    };
    let mut v = Vec::new();
    for i in 0..langs.len() {
        for j in (i + 1)..langs.len() {
            let (da, db) = (sign(xa[i] - xa[j]), sign(xb[i] - xb[j]));
            if da * db >= 0 {
                continue;
            }
            let (first_a, first_b) = if da < 0 { (i, j) } else { (j, i) };
            let (p, q) = (&langs[i], &langs[j]);
            v.push(Flip {
                first_on_a: langs[first_a].clone(),
                first_on_b: langs[first_b].clone(),
                within_intervals: overlap(ra, p, q) || overlap(rb, p, q),
            });
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tau_b_of_known_orders() {
        let same = kendall_tau_b(&[1.0, 2.0, 3.0, 4.0], &[10.0, 20.0, 30.0, 40.0]);
        assert_eq!(same, Some(1.0));
        let reversed = kendall_tau_b(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]);
        assert_eq!(reversed, Some(-1.0));
        // One swapped pair of six: (5 - 1) / 6.
        let one_swap = kendall_tau_b(&[1.0, 2.0, 3.0, 4.0], &[2.0, 1.0, 3.0, 4.0]).unwrap();
        assert!((one_swap - 4.0 / 6.0).abs() < 1e-12, "{one_swap}");
        // Ties on one side: tau-b's denominator leaves them out.
        let tied = kendall_tau_b(&[1.0, 1.0, 2.0], &[1.0, 2.0, 3.0]).unwrap();
        assert!((tied - 2.0 / (2.0f64 * 3.0).sqrt()).abs() < 1e-12, "{tied}");
        assert_eq!(kendall_tau_b(&[1.0], &[1.0]), None);
        assert_eq!(kendall_tau_b(&[1.0, 1.0], &[2.0, 2.0]), None);
    }

    #[test]
    fn percentiles_need_two_replicates() {
        assert_eq!(percentiles(&[0.5]), None);
        let v: Vec<f64> = (0..=100).map(|i| i as f64 / 100.0).collect();
        assert_eq!(percentiles(&v), Some([0.03, 0.98]));
    }
}
