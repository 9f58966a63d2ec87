//! Summary statistics: mean, spread, confidence intervals, outliers, ratios.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Summary of a sample of values (energies, times).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Number of values.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n - 1); 0 for a single value.
    pub stddev: f64,
    /// Median.
    pub median: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// 95 % confidence interval of the mean (Student's t); equal to the mean for n = 1.
    pub ci95: [f64; 2],
}

impl Summary {
    /// Summarise `values`; None when empty or when any value is not finite.
    pub fn of(values: &[f64]) -> Option<Summary> {
        if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let stddev = stddev(values, mean);
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let half = t_quantile_975(n) * stddev / (n as f64).sqrt();
        Some(Summary {
            n,
            mean,
            stddev,
            median: median_sorted(&sorted),
            min: sorted[0],
            max: sorted[n - 1],
            ci95: [mean - half, mean + half],
        })
    }

    /// Half-width of the 95 % confidence interval.
    pub fn ci_half_width(&self) -> f64 {
        (self.ci95[1] - self.ci95[0]) / 2.0
    }

    /// Standard error of the mean.
    pub fn sem(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.stddev / (self.n as f64).sqrt()
        }
    }
}

fn stddev(values: &[f64], mean: f64) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let ss: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    (ss / (values.len() - 1) as f64).sqrt()
}

fn median_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Median of unsorted values (NaN-free); None when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut s = values.to_vec();
    s.sort_by(f64::total_cmp);
    Some(median_sorted(&s))
}

/// The 97.5 % quantile of Student's t with n - 1 degrees of freedom (the factor of a
/// two-sided 95 % interval); 0 when n < 2 (no interval can be given).
pub fn t_quantile_975(n: usize) -> f64 {
    t_quantile(0.975, (n as f64) - 1.0)
}

fn t_quantile(p: f64, dof: f64) -> f64 {
    if dof < 1.0 {
        return 0.0;
    }
    StudentsT::new(0.0, 1.0, dof)
        .map(|t| t.inverse_cdf(p))
        .unwrap_or(0.0)
}

/// Indices of outliers by the modified z-score rule (Iglewicz and Hoaglin): values whose
/// |0.6745 (x - median) / MAD| exceeds 3.5. This is the rule hyperfine uses.
pub fn mad_outliers(values: &[f64]) -> Vec<usize> {
    let Some(med) = median(values) else {
        return Vec::new();
    };
    let deviations: Vec<f64> = values.iter().map(|v| (v - med).abs()).collect();
    let Some(mad) = median(&deviations) else {
        return Vec::new();
    };
    if mad == 0.0 {
        return Vec::new();
    }
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| (0.6745 * (*v - med) / mad).abs() > 3.5)
        .map(|(i, _)| i)
        .collect()
}

/// A ratio of two means with its uncertainty.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    /// mean(a) / mean(b).
    pub ratio: f64,
    /// Standard deviation of the ratio by first-order error propagation.
    pub stddev: f64,
    /// Approximate 95 % interval of the ratio (Welch degrees of freedom).
    pub ci95: [f64; 2],
    /// False when the two samples' means are not distinguishable at the 5 % level
    /// (Welch's t-test), i.e. the data cannot say which is larger.
    pub distinguishable: bool,
}

/// Ratio of `a`'s mean to `b`'s mean with error propagation and Welch's t-test.
pub fn ratio(a: &Summary, b: &Summary) -> Option<Ratio> {
    if b.mean == 0.0 || a.n == 0 || b.n == 0 {
        return None;
    }
    let r = a.mean / b.mean;
    let rel_a = if a.mean != 0.0 { a.sem() / a.mean } else { 0.0 };
    let rel_b = b.sem() / b.mean;
    let sd = r.abs() * (rel_a.powi(2) + rel_b.powi(2)).sqrt();
    let dof = welch_dof(a, b);
    let tq = dof.map(|d| t_quantile(0.975, d)).unwrap_or(0.0);
    let distinguishable = match dof {
        Some(d) => {
            let se = (a.sem().powi(2) + b.sem().powi(2)).sqrt();
            if se == 0.0 {
                a.mean != b.mean
            } else {
                let t = (a.mean - b.mean).abs() / se;
                t > t_quantile(0.975, d)
            }
        }
        // With a single run on either side nothing can be said.
        None => false,
    };
    Some(Ratio {
        ratio: r,
        stddev: sd,
        ci95: [r - tq * sd, r + tq * sd],
        distinguishable,
    })
}

/// Welch–Satterthwaite degrees of freedom; None when either sample has fewer than 2 values.
fn welch_dof(a: &Summary, b: &Summary) -> Option<f64> {
    if a.n < 2 || b.n < 2 {
        return None;
    }
    let va = a.sem().powi(2);
    let vb = b.sem().powi(2);
    if va + vb == 0.0 {
        return Some((a.n + b.n - 2) as f64);
    }
    let num = (va + vb).powi(2);
    let den = va.powi(2) / (a.n as f64 - 1.0) + vb.powi(2) / (b.n as f64 - 1.0);
    Some(num / den)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_known_sample() {
        let s = Summary::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        assert_eq!(s.n, 8);
        assert!((s.mean - 5.0).abs() < 1e-12);
        assert!((s.stddev - 2.138089935299395).abs() < 1e-12);
        assert_eq!(s.median, 4.5);
        assert_eq!((s.min, s.max), (2.0, 9.0));
        // t(0.975, 7) = 2.364624...
        let half = 2.364624251592785 * s.stddev / 8f64.sqrt();
        assert!((s.ci_half_width() - half).abs() < 1e-9);
    }

    #[test]
    fn single_value_has_degenerate_interval() {
        let s = Summary::of(&[3.0]).unwrap();
        assert_eq!(s.ci95, [3.0, 3.0]);
        assert!(Summary::of(&[]).is_none());
        assert!(Summary::of(&[1.0, f64::NAN]).is_none());
    }

    #[test]
    fn mad_finds_the_outlier() {
        let v = [1.0, 1.1, 0.9, 1.05, 0.95, 1.0, 5.0];
        assert_eq!(mad_outliers(&v), vec![6]);
        assert!(mad_outliers(&[1.0, 1.0, 1.0]).is_empty());
    }

    #[test]
    fn ratio_and_distinguishability() {
        let a = Summary::of(&[2.0, 2.1, 1.9, 2.0, 2.05]).unwrap();
        let b = Summary::of(&[1.0, 1.05, 0.95, 1.0, 1.02]).unwrap();
        let r = ratio(&a, &b).unwrap();
        assert!((r.ratio - a.mean / b.mean).abs() < 1e-12);
        assert!(r.distinguishable);
        assert!(r.ci95[0] < r.ratio && r.ratio < r.ci95[1]);
        let c = Summary::of(&[1.0, 1.3, 0.8, 1.1, 0.9]).unwrap();
        let d = Summary::of(&[1.05, 0.85, 1.2, 1.0, 0.95]).unwrap();
        assert!(!ratio(&c, &d).unwrap().distinguishable);
    }
}
