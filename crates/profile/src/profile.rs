//! The profile: what the exports, the terminal and the report read.

use joulebench_model::stats::Summary;
use joulebench_sensors::Provenance;
use serde::Serialize;

/// An energy profile of one command over one or more runs.
#[derive(Clone, Debug, Serialize)]
pub struct Profile {
    /// The command as the user gave it.
    pub command: String,
    /// The sensor the energy comes from.
    pub sensor: String,
    /// Measured or estimated.
    pub provenance: Provenance,
    /// The estimate model, when estimated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Stack samples per second asked for.
    pub frequency: u64,
    /// How stacks were walked.
    pub call_graph: String,
    /// Idle power used to split gross from dynamic energy, W (None: not measured).
    pub idle_watts: Option<f64>,
    /// One entry per run.
    pub runs: Vec<RunFigures>,
    /// Folded stacks, each with its mean energy and time per run.
    pub stacks: Vec<Stack>,
    /// Functions by total (inclusive) energy, highest first.
    pub functions: Vec<Function>,
    /// Phases, in the order they first opened.
    pub phases: Vec<Phase>,
    /// Things the user should know (lost samples, shallow stacks, unknown frames).
    pub warnings: Vec<String>,
    /// The signal that stopped the profiling early (Ctrl-C), if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<i32>,
}

/// The figures of one run.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RunFigures {
    /// Wall time, s.
    pub wall_s: f64,
    /// CPU time of the tree, s.
    pub cpu_s: f64,
    /// Gross energy (idle included), J.
    pub gross_j: f64,
    /// Idle power times wall time, J.
    pub idle_j: f64,
    /// Gross minus idle, J.
    pub dynamic_j: f64,
    /// Dynamic energy no sample took, J.
    pub unattributed_j: f64,
    /// Stack samples taken.
    pub samples: u64,
    /// Samples the kernel lost.
    pub lost: u64,
    /// Exit status.
    pub exit_code: i32,
}

/// One folded stack (root first).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Stack {
    /// Frames, root (the process name) first.
    pub frames: Vec<String>,
    /// Mean dynamic energy per run, J.
    pub energy_j: f64,
    /// Mean CPU time per run, s.
    pub time_s: f64,
    /// Samples over all runs.
    pub samples: u64,
}

/// One function's figures (mean per run).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Function {
    /// Its name.
    pub name: String,
    /// Energy of samples where it was the innermost frame, J.
    pub self_j: f64,
    /// Energy of samples where it was on the stack, J.
    pub total_j: f64,
    /// CPU time as innermost frame, s.
    pub self_s: f64,
    /// CPU time on the stack, s.
    pub total_s: f64,
    /// Share of the attributed energy (inclusive), 0..1.
    pub energy_share: f64,
    /// Share of the sampled CPU time (inclusive), 0..1.
    pub time_share: f64,
    /// Average dynamic power while it was on the stack, W per busy CPU.
    pub watts: Option<f64>,
    /// Spread of `total_j` over runs.
    pub total_over_runs: Option<Summary>,
}

/// One phase's figures over the runs.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Phase {
    /// Its name.
    pub name: String,
    /// Dynamic energy per run, J: n, mean, spread.
    pub energy: Summary,
    /// Mean duration per run, s.
    pub seconds: f64,
}

impl Profile {
    /// Mean of a run figure.
    pub fn mean(&self, f: impl Fn(&RunFigures) -> f64) -> f64 {
        if self.runs.is_empty() {
            return 0.0;
        }
        self.runs.iter().map(f).sum::<f64>() / self.runs.len() as f64
    }

    /// Summary of a run figure over the runs.
    pub fn summary(&self, f: impl Fn(&RunFigures) -> f64) -> Option<Summary> {
        Summary::of(&self.runs.iter().map(f).collect::<Vec<_>>())
    }
}
