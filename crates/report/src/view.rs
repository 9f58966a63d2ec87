//! How a `run` summary is laid out (`run --sort`, `--time-unit`): presentation only, so
//! it lives here and not in the session (the exports' figures do not depend on it).

use crate::summary::CommandSummary;

/// The order of the comparisons and of the Markdown table (`run --sort`), as hyperfine's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Comparisons by the figure they compare (energy by energy, time by time); tables in
    /// the order the commands were given.
    #[default]
    Auto,
    /// Everything in the order the commands were given.
    Command,
    /// Everything by mean time, fastest first.
    MeanTime,
    /// Everything by mean energy, least first.
    MeanEnergy,
}

/// What a comparison compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    /// Gross energy per run.
    Energy,
    /// Wall time per run.
    Time,
}

/// A fixed unit for every time printed (`run --time-unit`), as hyperfine's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    /// µs.
    Microsecond,
    /// ms.
    Millisecond,
    /// s.
    Second,
}

impl TimeUnit {
    /// The unit's symbol and how many of it make a second.
    pub fn scale(self) -> (&'static str, f64) {
        match self {
            TimeUnit::Microsecond => ("µs", 1e6),
            TimeUnit::Millisecond => ("ms", 1e3),
            TimeUnit::Second => ("s", 1.0),
        }
    }
}

/// The layout options of a `run` summary; the default is hyperfine's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct View {
    /// `--sort`.
    pub sort: SortOrder,
    /// `--time-unit`; None: chosen from the figure, as hyperfine does.
    pub time_unit: Option<TimeUnit>,
}

impl View {
    /// The unit to print a time of `mean_s` seconds in: the fixed one when given.
    pub fn time_scale(&self, mean_s: f64) -> (&'static str, f64) {
        match self.time_unit {
            Some(u) => u.scale(),
            None => crate::format::time_unit(mean_s),
        }
    }

    /// The commands in the order a comparison of `figure` lists them.
    pub fn comparison_order<'a>(
        &self,
        sums: &'a [CommandSummary],
        figure: Figure,
    ) -> Vec<&'a CommandSummary> {
        let by = match self.sort {
            SortOrder::Auto => Some(figure),
            SortOrder::Command => None,
            SortOrder::MeanTime => Some(Figure::Time),
            SortOrder::MeanEnergy => Some(Figure::Energy),
        };
        sorted(sums, by)
    }

    /// The commands in the order a table lists them.
    pub fn table_order<'a>(&self, sums: &'a [CommandSummary]) -> Vec<&'a CommandSummary> {
        let by = match self.sort {
            SortOrder::Auto | SortOrder::Command => None,
            SortOrder::MeanTime => Some(Figure::Time),
            SortOrder::MeanEnergy => Some(Figure::Energy),
        };
        sorted(sums, by)
    }
}

/// A command's mean of `figure`, when it has one.
pub fn mean_of(s: &CommandSummary, figure: Figure) -> Option<f64> {
    match figure {
        Figure::Energy => s.energy.as_ref().map(|e| e.gross.mean),
        Figure::Time => s.time.as_ref().map(|t| t.mean),
    }
}

/// `sums` by `by`, least first and those without the figure last (each group in the
/// given order: the sort is stable); in the given order when `by` is None.
fn sorted(sums: &[CommandSummary], by: Option<Figure>) -> Vec<&CommandSummary> {
    let mut out: Vec<&CommandSummary> = sums.iter().collect();
    if let Some(figure) = by {
        out.sort_by(|a, b| match (mean_of(a, figure), mean_of(b, figure)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }
    out
}
