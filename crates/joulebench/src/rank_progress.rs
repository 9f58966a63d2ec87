//! What `rank` shows while it measures: on a terminal, one progress bar naming the cell
//! being measured, the cells done out of all and an ETA from the time the cells' runs
//! took; in pipes and CI logs (not a terminal), one plain line per run.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use joulebench_measure::{Observer, Target};
use joulebench_model::record::{Baseline, RunRecord};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The time left of a ranking, from the time its cells' runs took so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Eta {
    cells: Vec<CellClock>,
}

/// One cell (problem x language): runs still to make, and the runs timed so far.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct CellClock {
    left: u32,
    timed: u32,
    seconds: f64,
}

impl CellClock {
    fn mean_s(&self) -> Option<f64> {
        (self.timed > 0).then(|| self.seconds / f64::from(self.timed))
    }
}

impl Eta {
    /// Cells with these numbers of runs still to make (0 for a cell already complete).
    pub fn new(left: impl IntoIterator<Item = u32>) -> Eta {
        Eta {
            cells: left
                .into_iter()
                .map(|left| CellClock {
                    left,
                    ..CellClock::default()
                })
                .collect(),
        }
    }

    /// A run of `cell` recorded before (`--resume`) took `seconds`: it times the cell
    /// without changing what is left.
    pub fn timed_before(&mut self, cell: usize, seconds: f64) {
        if let Some(c) = self.cells.get_mut(cell) {
            if seconds.is_finite() && seconds >= 0.0 {
                c.timed += 1;
                c.seconds += seconds;
            }
        }
    }

    /// A run of `cell` finished after `seconds`.
    pub fn ran(&mut self, cell: usize, seconds: f64) {
        self.timed_before(cell, seconds);
        if let Some(c) = self.cells.get_mut(cell) {
            c.left = c.left.saturating_sub(1);
        }
    }

    /// Cells with no run left to make.
    pub fn cells_done(&self) -> usize {
        self.cells.iter().filter(|c| c.left == 0).count()
    }

    /// All cells.
    pub fn cells(&self) -> usize {
        self.cells.len()
    }

    /// Seconds left: every cell's runs left times its mean run so far; a cell not timed
    /// yet counts at the mean of the timed cells' means (the best guess there is, though
    /// languages differ by orders of magnitude). None while a cell has runs left and no
    /// cell has been timed.
    pub fn seconds_left(&self) -> Option<f64> {
        let means: Vec<f64> = self.cells.iter().filter_map(CellClock::mean_s).collect();
        let guess = (!means.is_empty()).then(|| means.iter().sum::<f64>() / means.len() as f64);
        self.cells
            .iter()
            .filter(|c| c.left > 0)
            .map(|c| c.mean_s().or(guess).map(|m| m * f64::from(c.left)))
            .sum()
    }

    /// `ETA 1m 20s`, `ETA 0s` when nothing is left, `ETA ?` before anything is timed.
    pub fn text(&self) -> String {
        match self.seconds_left() {
            Some(s) => format!(
                "ETA {}",
                humantime::format_duration(Duration::from_secs(s.round() as u64))
            ),
            None => "ETA ?".into(),
        }
    }
}

/// The observer of a ranking's session: writes every run to the results file, and
/// shows the progress.
pub struct RankProgress {
    sink: crate::sink::JsonlSink,
    /// The first error writing the results file.
    pub error: Option<anyhow::Error>,
    bar: ProgressBar,
    eta: Eta,
    cell_of: HashMap<String, usize>,
    started: Option<Instant>,
    done: u32,
    total: u32,
}

impl RankProgress {
    /// For these targets (their `completed` runs already made), `runs` runs each;
    /// `previous` are the runs a resumed ranking already holds (they time the cells).
    pub fn new(
        sink: crate::sink::JsonlSink,
        targets: &[Target],
        runs: u32,
        previous: &[RunRecord],
    ) -> RankProgress {
        let total: u32 = targets
            .iter()
            .map(|t| runs.saturating_sub(t.completed))
            .sum();
        let cell_of: HashMap<String, usize> = targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let mut eta = Eta::new(targets.iter().map(|t| runs.saturating_sub(t.completed)));
        for (i, t) in targets.iter().enumerate() {
            let same_cell =
                |r: &&RunRecord| r.problem == t.problem && r.language == t.language && r.usable();
            for r in previous.iter().filter(same_cell) {
                eta.timed_before(i, r.wall_s);
            }
        }
        // Drawn only on a terminal (as `run`'s bar): hidden in pipes and CI logs, where
        // each run gets its plain line instead.
        let bar =
            ProgressBar::with_draw_target(Some(u64::from(total)), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} runs  {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        if !bar.is_hidden() {
            // The elapsed time moves during a long run too.
            bar.enable_steady_tick(Duration::from_secs(1));
        }
        RankProgress {
            sink,
            error: None,
            bar,
            eta,
            cell_of,
            started: None,
            done: 0,
            total,
        }
    }

    /// Take the bar off the terminal (before the tables are printed).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// A line above the bar on a terminal; plain stderr otherwise.
    fn say(&self, line: String) {
        crate::util::say_above(&self.bar, line);
    }

    fn show(&self, what: &str) {
        self.bar.set_message(format!(
            "{what}  cells {}/{}  {}",
            self.eta.cells_done(),
            self.eta.cells(),
            self.eta.text()
        ));
    }
}

impl Observer for RankProgress {
    fn baseline(&mut self, b: &Baseline) {
        self.say(format!(
            "Idle baseline: {:.2} W ± {:.2} W over {:.1} s",
            b.mean_w, b.stddev_w, b.seconds
        ));
    }

    fn run_started(&mut self, t: &Target, measured: bool, _planned: Option<u32>) {
        if measured {
            self.started = Some(Instant::now());
            self.show(&t.name);
        } else {
            self.started = None;
            self.show(&format!("warming up {}", t.name));
        }
    }

    fn run_done(&mut self, r: &RunRecord, warnings: &[String]) {
        self.done += 1;
        if let (Some(cell), Some(t0)) = (self.cell_of.get(&r.command), self.started.take()) {
            self.eta.ran(*cell, t0.elapsed().as_secs_f64());
        }
        if self.bar.is_hidden() {
            let energy = r
                .energy_total_j
                .map(|j| format!("{j:.2} J"))
                .unwrap_or_else(|| "energy n/a".into());
            let status = if r.succeeded() { "" } else { "  FAILED" };
            eprintln!(
                "[{}/{}] {:<32} {:>9.3} s {:>12} ({}){status}",
                self.done,
                self.total,
                r.command,
                r.wall_s,
                energy,
                r.provenance.as_str()
            );
        } else {
            self.bar.inc(1);
            self.show(&r.command);
            if !r.succeeded() {
                self.say(format!("{}: run {} FAILED", r.command, r.index + 1));
            }
        }
        for w in warnings {
            self.say(format!("  warning: {}: {w}", r.command));
        }
        if let Err(e) = self.sink.append(r) {
            self.error.get_or_insert(e);
        }
    }

    fn warning(&mut self, msg: &str) {
        self.say(format!("Warning: {msg}"));
    }
}

#[cfg(test)]
mod tests {
    use super::Eta;

    #[test]
    fn nothing_timed_yet_has_no_eta() {
        let eta = Eta::new([3, 3]);
        assert_eq!(eta.seconds_left(), None);
        assert_eq!(eta.text(), "ETA ?");
        assert_eq!((eta.cells_done(), eta.cells()), (0, 2));
    }

    #[test]
    fn each_cell_counts_at_its_own_mean_run() {
        // Cell 0: 3 runs, one of 2 s done; cell 1: 3 runs, two of 10 s and 20 s done.
        let mut eta = Eta::new([3, 3]);
        eta.ran(0, 2.0);
        eta.ran(1, 10.0);
        eta.ran(1, 20.0);
        // 2 runs x 2 s + 1 run x 15 s.
        assert_eq!(eta.seconds_left(), Some(19.0));
        assert_eq!(eta.text(), "ETA 19s");
        eta.ran(1, 15.0);
        assert_eq!(eta.cells_done(), 1);
        assert_eq!(eta.seconds_left(), Some(4.0));
    }

    #[test]
    fn a_cell_not_timed_counts_at_the_mean_of_the_timed_cells() {
        let mut eta = Eta::new([2, 2, 2]);
        eta.ran(0, 1.0);
        eta.ran(1, 5.0);
        // 1 x 1 s + 1 x 5 s + 2 x mean(1, 5) = 6 + 6.
        assert_eq!(eta.seconds_left(), Some(12.0));
        assert_eq!(eta.text(), "ETA 12s");
    }

    #[test]
    fn complete_cells_cost_nothing_and_resumed_runs_time_their_cell() {
        // A resumed ranking: cell 0 complete (its runs took 100 s), cell 1 has 2 runs
        // left and one recorded run of 30 s.
        let mut eta = Eta::new([0, 2]);
        eta.timed_before(0, 100.0);
        eta.timed_before(1, 30.0);
        assert_eq!(eta.cells_done(), 1);
        assert_eq!(eta.seconds_left(), Some(60.0));
        assert_eq!(eta.text(), "ETA 1m");
        eta.ran(1, 30.0);
        eta.ran(1, 30.0);
        assert_eq!(eta.seconds_left(), Some(0.0));
        assert_eq!(eta.text(), "ETA 0s");
        assert_eq!(eta.cells_done(), 2);
        // More runs than planned, or a cell that does not exist, change nothing.
        eta.ran(1, 30.0);
        eta.ran(7, 1.0);
        assert_eq!(eta.seconds_left(), Some(0.0));
    }

    #[test]
    fn a_long_eta_reads_in_hours_and_minutes() {
        let mut eta = Eta::new([100]);
        eta.ran(0, 90.5);
        // 99 x 90.5 s = 8959.5 s, rounded to 8960 s.
        assert_eq!(eta.text(), "ETA 2h 29m 20s");
    }
}
