//! "What drives energy": energy per run against time x average active cores
//! (= CPU seconds), with a least-squares line, so a reader sees whether a language is
//! "greener" or just faster.

use super::cells::RankCell;
use serde::Serialize;

/// One run in the energy-vs-work plot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DriverPoint {
    /// Language.
    pub language: String,
    /// Problem.
    pub problem: String,
    /// Joules (default total, gross).
    pub energy_j: f64,
    /// Wall seconds.
    pub wall_s: f64,
    /// Average active cores (CPU seconds / wall seconds), when CPU time is known.
    pub cores: Option<f64>,
    /// The explanatory variable: wall × cores (CPU seconds), or wall seconds when CPU time
    /// is not known.
    pub x: f64,
}

/// The form of a fitted line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FitKind {
    /// `y = intercept + slope · x`.
    Linear,
    /// `ln y = intercept + slope · ln x`, i.e. `y = e^intercept · x^slope` (a straight line
    /// on log-log axes; slope 1 means y grows in proportion to x).
    LogLog,
}

/// A least-squares line.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Fit {
    /// Linear or log-log.
    pub kind: FitKind,
    /// Slope (linear: joules per unit of x; log-log: the exponent).
    pub slope: f64,
    /// Intercept (linear: joules at x = 0; log-log: ln of joules at x = 1).
    pub intercept: f64,
    /// Coefficient of determination.
    pub r2: f64,
    /// Points fitted.
    pub n: usize,
}

impl Fit {
    /// The fitted y at `x`.
    pub fn predict(&self, x: f64) -> f64 {
        match self.kind {
            FitKind::Linear => self.intercept + self.slope * x,
            FitKind::LogLog => (self.intercept + self.slope * x.ln()).exp(),
        }
    }
}

/// Per-language average of the drivers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LanguageDrivers {
    /// Language.
    pub language: String,
    /// Total joules over total x (W per active core when x is CPU seconds).
    pub joules_per_x: f64,
    /// Mean active cores over the language's runs, when known.
    pub mean_cores: Option<f64>,
    /// Runs.
    pub runs: usize,
}

/// The analysis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Drivers {
    /// True when x is CPU seconds (time × average active cores); false when CPU time is
    /// not in the data and x is wall time.
    pub uses_cpu_time: bool,
    /// What x is, in words.
    pub x_label: String,
    /// Every run with an energy figure.
    pub points: Vec<DriverPoint>,
    /// Energy against x, log-log (runs span orders of magnitude).
    pub fit: Option<Fit>,
    /// Energy against wall time alone, log-log, for comparison.
    pub fit_wall: Option<Fit>,
    /// Energy against x, linear (slope: joules per unit of x).
    pub fit_linear: Option<Fit>,
    /// Per language.
    pub languages: Vec<LanguageDrivers>,
}

/// Least squares of `y` on `x`; None with fewer than 3 points or no spread in x.
pub fn least_squares(xy: &[(f64, f64)]) -> Option<Fit> {
    let n = xy.len();
    if n < 3 {
        return None;
    }
    let nf = n as f64;
    let mx = xy.iter().map(|p| p.0).sum::<f64>() / nf;
    let my = xy.iter().map(|p| p.1).sum::<f64>() / nf;
    let sxx: f64 = xy.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = xy.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let syy: f64 = xy.iter().map(|p| (p.1 - my).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let sse: f64 = xy
        .iter()
        .map(|p| (p.1 - intercept - slope * p.0).powi(2))
        .sum();
    let r2 = if syy == 0.0 { 1.0 } else { 1.0 - sse / syy };
    Some(Fit {
        kind: FitKind::Linear,
        slope,
        intercept,
        r2,
        n,
    })
}

/// Least squares of `ln y` on `ln x` (positive points only); R² is on the logarithms.
pub fn power_law(xy: &[(f64, f64)]) -> Option<Fit> {
    let logs: Vec<(f64, f64)> = xy
        .iter()
        .filter(|p| p.0 > 0.0 && p.1 > 0.0 && p.0.is_finite() && p.1.is_finite())
        .map(|p| (p.0.ln(), p.1.ln()))
        .collect();
    least_squares(&logs).map(|f| Fit {
        kind: FitKind::LogLog,
        ..f
    })
}

/// Build the analysis from the cells (languages in the order given).
pub fn analyse(cells: &[RankCell], languages: &[String]) -> Drivers {
    let all: Vec<(&RankCell, &super::cells::RunFigures)> = cells
        .iter()
        .flat_map(|c| c.samples.iter().map(move |s| (c, s)))
        .filter(|(_, s)| s.energy_j.is_some())
        .collect();
    let uses_cpu_time = !all.is_empty() && all.iter().all(|(_, s)| s.cpu_s.is_some());
    let points: Vec<DriverPoint> = all
        .iter()
        .filter_map(|(c, s)| {
            let e = s.energy_j?;
            let cores = s.cpu_s.filter(|_| s.wall_s > 0.0).map(|cpu| cpu / s.wall_s);
            let x = if uses_cpu_time { s.cpu_s? } else { s.wall_s };
            Some(DriverPoint {
                language: c.language.clone(),
                problem: c.problem.clone(),
                energy_j: e,
                wall_s: s.wall_s,
                cores,
                x,
            })
        })
        .collect();
    let xy: Vec<(f64, f64)> = points.iter().map(|p| (p.x, p.energy_j)).collect();
    let fit = power_law(&xy);
    let fit_linear = least_squares(&xy);
    let fit_wall = power_law(
        &points
            .iter()
            .map(|p| (p.wall_s, p.energy_j))
            .collect::<Vec<_>>(),
    );
    let mut langs: Vec<LanguageDrivers> = languages
        .iter()
        .filter_map(|l| {
            let mine: Vec<&DriverPoint> = points.iter().filter(|p| &p.language == l).collect();
            let sx: f64 = mine.iter().map(|p| p.x).sum();
            if mine.is_empty() || sx <= 0.0 {
                return None;
            }
            let cores: Vec<f64> = mine.iter().filter_map(|p| p.cores).collect();
            Some(LanguageDrivers {
                language: l.clone(),
                joules_per_x: mine.iter().map(|p| p.energy_j).sum::<f64>() / sx,
                mean_cores: (!cores.is_empty())
                    .then(|| cores.iter().sum::<f64>() / cores.len() as f64),
                runs: mine.len(),
            })
        })
        .collect();
    langs.sort_by(|a, b| a.joules_per_x.total_cmp(&b.joules_per_x));
    Drivers {
        uses_cpu_time,
        x_label: if uses_cpu_time {
            "time × average active cores (CPU seconds)".into()
        } else {
            "wall time (s)".into()
        },
        points,
        fit,
        fit_wall,
        fit_linear,
        languages: langs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_line_has_r2_one() {
        let f = least_squares(&[(1.0, 3.0), (2.0, 5.0), (3.0, 7.0), (4.0, 9.0)]).unwrap();
        assert!((f.slope - 2.0).abs() < 1e-12);
        assert!((f.intercept - 1.0).abs() < 1e-12);
        assert!((f.r2 - 1.0).abs() < 1e-12);
        assert!(least_squares(&[(1.0, 1.0), (1.0, 2.0), (1.0, 3.0)]).is_none());
        let p = power_law(&[(1.0, 3.0), (2.0, 6.0), (4.0, 12.0), (8.0, 24.0)]).unwrap();
        assert!((p.slope - 1.0).abs() < 1e-12 && (p.r2 - 1.0).abs() < 1e-12);
        assert!((p.predict(3.0) - 9.0).abs() < 1e-9);
    }
}
