//! The sounder table: the geometric mean of per-problem ratios against the reference
//! language, with a 95 % percentile bootstrap interval that resamples runs within each
//! problem x language cell.

/// SplitMix64: a small, fast generator whose output is fixed by this code (not by a
/// dependency's version), so a seeded analysis gives the same intervals everywhere.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform index in `0..n` (multiply-shift; the bias is below 2^-50 for any n a
    /// results file can hold). `n` must be positive.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// A point estimate with its 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Estimate {
    /// The geometric mean of the per-problem ratios of means.
    pub value: f64,
    /// 2.5 % and 97.5 % bootstrap percentiles.
    pub ci95: [f64; 2],
}

/// One problem's samples for the language and for the reference.
pub struct Pair<'a> {
    /// The language's per-run values on this problem.
    pub lang: &'a [f64],
    /// The reference language's per-run values on this problem.
    pub reference: &'a [f64],
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Geometric mean of the per-problem ratios mean(lang) / mean(reference), and its
/// bootstrap interval over `resamples` replicates. Pairs with an empty side or a
/// non-positive mean are skipped; None when no pair is left.
pub fn geomean_ratio(pairs: &[Pair<'_>], resamples: usize, seed: u64) -> Option<Estimate> {
    let pairs: Vec<&Pair<'_>> = pairs
        .iter()
        .filter(|p| {
            !p.lang.is_empty()
                && !p.reference.is_empty()
                && mean(p.lang) > 0.0
                && mean(p.reference) > 0.0
        })
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let point = geo(pairs.iter().map(|p| mean(p.lang) / mean(p.reference)));
    let mut rng = SplitMix64::new(seed);
    let mut reps = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        let g = geo(pairs
            .iter()
            .map(|p| resampled_mean(p.lang, &mut rng) / resampled_mean(p.reference, &mut rng)));
        if g.is_finite() {
            reps.push(g);
        }
    }
    if reps.is_empty() {
        return Some(Estimate {
            value: point,
            ci95: [point, point],
        });
    }
    reps.sort_by(f64::total_cmp);
    Some(Estimate {
        value: point,
        ci95: [quantile(&reps, 0.025), quantile(&reps, 0.975)],
    })
}

fn geo(ratios: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for r in ratios {
        sum += r.ln();
        n += 1;
    }
    (sum / n as f64).exp()
}

pub(crate) fn resampled_mean(v: &[f64], rng: &mut SplitMix64) -> f64 {
    let n = v.len();
    let mut s = 0.0;
    for _ in 0..n {
        s += v[rng.below(n)];
    }
    s / n as f64
}

/// Quantile of sorted values by linear interpolation between order statistics.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = p.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// A seed for `name` derived from `seed` (FNV-1a), so that a language's interval does not
/// depend on which other languages are in the analysis.
pub fn seed_for(seed: u64, name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// True when two intervals overlap (the two figures are not distinguishable).
pub fn overlap(a: [f64; 2], b: [f64; 2]) -> bool {
    a[0] <= b[1] && b[0] <= a[1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geomean_of_exact_ratios() {
        let a = [2.0, 2.0, 2.0];
        let b = [1.0, 1.0, 1.0];
        let c = [8.0, 8.0];
        let d = [1.0, 1.0];
        let e = geomean_ratio(
            &[
                Pair {
                    lang: &a,
                    reference: &b,
                },
                Pair {
                    lang: &c,
                    reference: &d,
                },
            ],
            200,
            1,
        )
        .unwrap();
        assert!((e.value - 4.0).abs() < 1e-12);
        assert!((e.ci95[0] - 4.0).abs() < 1e-12 && (e.ci95[1] - 4.0).abs() < 1e-12);
    }

    #[test]
    fn interval_covers_the_estimate_and_is_reproducible() {
        let a = [1.9, 2.1, 2.0, 2.2, 1.8];
        let b = [1.0, 1.1, 0.9, 1.0, 1.05];
        let p = [Pair {
            lang: &a,
            reference: &b,
        }];
        let e1 = geomean_ratio(&p, 500, 7).unwrap();
        let e2 = geomean_ratio(&p, 500, 7).unwrap();
        assert_eq!(e1, e2);
        assert!(e1.ci95[0] < e1.value && e1.value < e1.ci95[1]);
        assert!(overlap([1.0, 2.0], [1.5, 3.0]));
        assert!(!overlap([1.0, 2.0], [2.5, 3.0]));
        assert_eq!(quantile(&[1.0, 2.0, 3.0], 0.5), 2.0);
    }
}
