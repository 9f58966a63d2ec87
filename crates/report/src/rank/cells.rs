//! Problem x language cells: the runs of one program, summarised.

use crate::format;
use joulebench_model::record::RunRecord;
use joulebench_model::stats::Summary;
use serde::Serialize;

/// One run's figures, as the analyses use them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunFigures {
    /// Default-total joules (gross), when known.
    pub energy_j: Option<f64>,
    /// Wall seconds.
    pub wall_s: f64,
    /// Average power, watts: the energy over the seconds it covers (the energy window
    /// when recorded, which is a little longer than the wall time).
    pub power_w: Option<f64>,
    /// CPU seconds (user + system), when known (imported data has none).
    pub cpu_s: Option<f64>,
    /// Peak resident memory, bytes.
    pub memory_bytes: Option<u64>,
}

impl RunFigures {
    /// The figures of one record.
    pub fn of(r: &RunRecord) -> RunFigures {
        let cpu = r.cpu_s();
        RunFigures {
            energy_j: r.energy_total_j.filter(|j| j.is_finite()),
            wall_s: r.wall_s,
            power_w: r.avg_power_w().filter(|w| w.is_finite()),
            cpu_s: (cpu > 0.0 && cpu.is_finite()).then_some(cpu),
            memory_bytes: r.peak_rss_bytes,
        }
    }
}

/// The runs of one problem in one language, summarised.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankCell {
    /// Problem.
    pub problem: String,
    /// Language.
    pub language: String,
    /// Runs in the cell.
    pub runs: usize,
    /// Joules per run (default total, gross).
    pub energy_j: Option<Summary>,
    /// Wall seconds per run.
    pub time_s: Option<Summary>,
    /// Peak memory per run, MB (10^6 bytes).
    pub memory_mb: Option<Summary>,
    /// Average power per run, W.
    pub power_w: Option<Summary>,
    /// Average active cores per run (CPU seconds / wall seconds).
    pub cores: Option<Summary>,
    /// Mean energy over the reference language's mean energy on this problem.
    pub energy_vs_reference: Option<f64>,
    /// The runs.
    #[serde(skip)]
    pub samples: Vec<RunFigures>,
}

impl RankCell {
    /// Summarise the runs of `problem` in `language`.
    pub fn new(problem: &str, language: &str, samples: Vec<RunFigures>) -> RankCell {
        let energies: Vec<f64> = samples.iter().filter_map(|s| s.energy_j).collect();
        let times: Vec<f64> = samples.iter().map(|s| s.wall_s).collect();
        let mems: Vec<f64> = samples
            .iter()
            .filter_map(|s| s.memory_bytes)
            .map(|b| format::mb(b as f64))
            .collect();
        let power: Vec<f64> = samples.iter().filter_map(|s| s.power_w).collect();
        let cores: Vec<f64> = samples
            .iter()
            .filter_map(|s| s.cpu_s.filter(|_| s.wall_s > 0.0).map(|c| c / s.wall_s))
            .collect();
        RankCell {
            problem: problem.to_string(),
            language: language.to_string(),
            runs: samples.len(),
            energy_j: Summary::of(&energies),
            time_s: Summary::of(&times),
            memory_mb: Summary::of(&mems),
            power_w: Summary::of(&power),
            cores: Summary::of(&cores),
            energy_vs_reference: None,
            samples,
        }
    }

    /// Energy values of the runs that have one.
    pub fn energies(&self) -> Vec<f64> {
        self.samples.iter().filter_map(|s| s.energy_j).collect()
    }

    /// Wall times of the runs.
    pub fn times(&self) -> Vec<f64> {
        self.samples.iter().map(|s| s.wall_s).collect()
    }
}
