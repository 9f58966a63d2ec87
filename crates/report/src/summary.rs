//! Per-command statistics of a `run` session: what every exporter and the terminal
//! summary print.

use crate::format;
use joulebench_model::carbon::{self, GridIntensity};
use joulebench_model::record::{group_by_command, Parameter, RunRecord, Session};
use joulebench_model::stats::{self, Ratio, Summary};
use joulebench_model::{Domain, Provenance};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Modified z-score threshold of the MAD outlier rule (the one hyperfine uses).
const OUTLIER_Z: f64 = 3.5;
/// Runs shorter than this are shorter than about ten updates of an energy counter.
const SHORT_RUN_S: f64 = 0.010;
/// Relative standard deviation of the idle baseline above which it is called noisy.
const NOISY_BASELINE: f64 = 0.10;

/// Energy statistics of one command (default total: package + dram of every socket).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EnergyStats {
    /// Gross joules per run (what the counters saw).
    pub gross: Summary,
    /// Joules per run net of the idle baseline, when every run has a net figure.
    pub net: Option<Summary>,
    /// Gross joules per run, per domain (including core/uncore, which are contained in
    /// their package and never added to the total).
    pub per_domain: BTreeMap<Domain, Summary>,
    /// The per-run gross totals the summary is made of, in run order.
    pub values: Vec<f64>,
}

/// A command's figure relative to the reference command's (`run --reference`), or to the
/// best command's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Relative {
    /// The reference command (`run --reference`, else the least energy or the fastest).
    pub reference: String,
    /// This command's mean over the reference's, with its uncertainty.
    pub ratio: Ratio,
    /// True for the reference itself.
    pub is_reference: bool,
}

/// Everything joulebench reports about one command of a `run` session.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommandSummary {
    /// The command.
    pub command: String,
    /// The benchmark's parameters (`run --parameter-scan/--parameter-list`), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// Runs in the statistics (timed-out runs are left out).
    pub runs: usize,
    /// Runs killed by `--timeout` (left out of the statistics).
    pub timed_out: usize,
    /// Runs whose energy cannot be trusted (a counter reset or stuck), left out of the
    /// statistics: `(run index, why)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid: Vec<(u32, String)>,
    /// Wall time per run, seconds.
    pub time: Option<Summary>,
    /// Wall seconds of the runs in the statistics, in run order.
    pub times: Vec<f64>,
    /// Mean user CPU seconds per run.
    pub user_mean_s: f64,
    /// Mean system CPU seconds per run.
    pub system_mean_s: f64,
    /// Energy statistics; None when no run has an energy figure (see `energy_missing`).
    pub energy: Option<EnergyStats>,
    /// Why there is no energy figure, when there is none.
    pub energy_missing: Option<String>,
    /// Average power per run (gross joules / the seconds they cover), watts.
    pub power_w: Option<Summary>,
    /// Largest per-run peak resident memory, bytes.
    pub memory_max_bytes: Option<u64>,
    /// Mean per-run peak resident memory, bytes.
    pub memory_mean_bytes: Option<f64>,
    /// Peak resident memory of each run in the statistics (None where unknown).
    pub memory_bytes: Vec<Option<u64>>,
    /// Grams of CO2e per run (mean gross energy at `grid`).
    pub co2e_g_per_run: Option<f64>,
    /// The grid intensity used for CO2e.
    pub grid: GridIntensity,
    /// The Software Carbon Intensity per functional unit, with its inputs, when the
    /// session has a functional unit (`run --functional-unit`) and the runs have energy.
    pub sci: Option<carbon::Sci>,
    /// Exit code of each run in the statistics (None: killed by a signal).
    pub exit_codes: Vec<Option<i32>>,
    /// Estimated when any run's energy is estimated.
    pub provenance: Provenance,
    /// The sensors that produced the runs (comma-separated when several).
    pub sensor: String,
    /// Energy relative to the command that used the least, when there are several.
    pub energy_relative: Option<Relative>,
    /// Time relative to the fastest command, when there are several.
    pub time_relative: Option<Relative>,
    /// Warnings, in words, each once (what the exports write): [`Self::grouped_warnings`]
    /// as text.
    pub warnings: Vec<String>,
    /// The same warnings with what they are about and which runs met them (what the
    /// terminal groups at the end of a command's block).
    pub grouped_warnings: Vec<CommandWarning>,
    /// Every run of the command (timed-out ones included), as recorded.
    pub records: Vec<RunRecord>,
}

/// What a [`CommandWarning`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// The energy is estimated by the session's model (the text names the whole model).
    Estimated,
    /// The command's figures or how its runs ended, taken together.
    Command,
    /// Something some runs met (a sensor problem, processes left running).
    Run,
}

/// One warning of a command, once however many runs met it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommandWarning {
    /// What it is about.
    pub kind: WarningKind,
    /// The warning, in words (for a run warning: as the first run that met it said it).
    pub text: String,
    /// The runs (1-based, in order) that met it or one that differs from it only in its
    /// numbers (process ids, byte counts): see [`warning_group_key`]. Empty unless
    /// `kind` is [`WarningKind::Run`].
    pub runs: Vec<u32>,
}

impl CommandWarning {
    fn about_command(kind: WarningKind, text: String) -> CommandWarning {
        CommandWarning {
            kind,
            text,
            runs: Vec::new(),
        }
    }
}

impl std::fmt::Display for CommandWarning {
    /// `run 2: text`, `3 runs (first run 1): text`, or the text alone.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.runs.as_slice() {
            [] => write!(f, "{}", self.text),
            [one] => write!(f, "run {one}: {}", self.text),
            [first, ..] => write!(
                f,
                "{} runs (first run {first}): {}",
                self.runs.len(),
                self.text
            ),
        }
    }
}

/// What makes two run warnings "the same warning": their words, with every number that
/// stands alone as a word (a process id, a count, a value; not the `0` of `package-0` or
/// of `/dev/cpu/0/msr`) replaced by `#`. `left 1 process(es) running: 4242 (sleep)` and
/// `left 1 process(es) running: 4250 (sleep)` are one warning met twice.
pub fn warning_group_key(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let core = word
                .trim_start_matches('(')
                .trim_end_matches([')', ',', ';', ':', '.']);
            let number = !core.is_empty()
                && core.starts_with(|c: char| c.is_ascii_digit())
                && core.chars().all(|c| c.is_ascii_digit() || c == '.');
            if number {
                word.replacen(core, "#", 1)
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Summarise a `run` session: one [`CommandSummary`] per command, in first-seen order,
/// with relative energy and time against the best command when there are several.
pub fn summarize(records: &[RunRecord], session: &Session) -> Vec<CommandSummary> {
    let grid = session
        .grid
        .clone()
        .unwrap_or_else(carbon::default_intensity);
    let mut out: Vec<CommandSummary> = group_by_command(records)
        .into_iter()
        .map(|(cmd, runs)| summarize_command(cmd, &runs, session, &grid))
        .collect();
    if out.len() > 1 {
        add_relative(&mut out, session.reference.as_deref());
    }
    out
}

fn summarize_command(
    command: String,
    all: &[&RunRecord],
    session: &Session,
    grid: &GridIntensity,
) -> CommandSummary {
    let used: Vec<&RunRecord> = all.iter().copied().filter(|r| r.usable()).collect();
    let timed_out = all.iter().filter(|r| r.timed_out).count();
    let invalid: Vec<(u32, String)> = all
        .iter()
        .filter(|r| !r.timed_out)
        .filter_map(|r| r.invalid.clone().map(|why| (r.index, why)))
        .collect();
    let times: Vec<f64> = used.iter().map(|r| r.wall_s).collect();
    let n = used.len().max(1) as f64;
    let provenance = if all.iter().any(|r| r.provenance == Provenance::Estimated) {
        Provenance::Estimated
    } else {
        Provenance::Measured
    };
    let sensors: BTreeSet<&str> = all.iter().map(|r| r.sensor.as_str()).collect();
    let sensor = if sensors.is_empty() {
        session.sensor.clone()
    } else {
        sensors.into_iter().collect::<Vec<_>>().join(", ")
    };
    let (energy, energy_missing) = energy_stats(&used, &sensor);
    let power: Vec<f64> = used.iter().filter_map(|r| r.avg_power_w()).collect();
    let mems: Vec<u64> = used.iter().filter_map(|r| r.peak_rss_bytes).collect();
    let co2e_g_per_run = energy
        .as_ref()
        .map(|e| carbon::grams_co2e(e.gross.mean, grid.g_per_kwh));
    let sci = session
        .functional_unit
        .as_ref()
        .zip(energy.as_ref())
        .map(|(unit, e)| carbon::sci(e.gross.mean, grid, unit));
    let mut s = CommandSummary {
        command,
        parameters: all
            .first()
            .map(|r| r.parameters.clone())
            .unwrap_or_default(),
        runs: used.len(),
        timed_out,
        invalid,
        time: Summary::of(&times),
        times,
        user_mean_s: used.iter().map(|r| r.user_s).sum::<f64>() / n,
        system_mean_s: used.iter().map(|r| r.system_s).sum::<f64>() / n,
        energy,
        energy_missing,
        power_w: Summary::of(&power),
        memory_max_bytes: mems.iter().copied().max(),
        memory_mean_bytes: if mems.is_empty() {
            None
        } else {
            Some(mems.iter().map(|m| *m as f64).sum::<f64>() / mems.len() as f64)
        },
        memory_bytes: used.iter().map(|r| r.peak_rss_bytes).collect(),
        co2e_g_per_run,
        grid: grid.clone(),
        sci,
        exit_codes: used.iter().map(|r| r.exit_code).collect(),
        provenance,
        sensor,
        energy_relative: None,
        time_relative: None,
        warnings: Vec::new(),
        grouped_warnings: Vec::new(),
        records: all.iter().map(|r| (*r).clone()).collect(),
    };
    s.grouped_warnings = warnings(&s, &used, session);
    s.warnings = s
        .grouped_warnings
        .iter()
        .map(CommandWarning::to_string)
        .collect();
    s
}

fn energy_stats(used: &[&RunRecord], sensor: &str) -> (Option<EnergyStats>, Option<String>) {
    if used.is_empty() {
        return (None, Some("no completed run".into()));
    }
    let values: Vec<f64> = used.iter().filter_map(|r| r.energy_total_j).collect();
    let Some(gross) = Summary::of(&values) else {
        return (
            None,
            Some(format!(
                "sensor `{sensor}` gave no package, dram or psys reading for these runs"
            )),
        );
    };
    let nets: Vec<f64> = used.iter().filter_map(|r| r.energy_net_j).collect();
    let net = if nets.len() == used.len() {
        Summary::of(&nets)
    } else {
        None
    };
    let mut by_domain: BTreeMap<Domain, Vec<f64>> = BTreeMap::new();
    for r in used {
        for (d, j) in &r.energy_j {
            by_domain.entry(*d).or_default().push(*j);
        }
    }
    let per_domain = by_domain
        .into_iter()
        .filter_map(|(d, v)| Summary::of(&v).map(|s| (d, s)))
        .collect();
    (
        Some(EnergyStats {
            gross,
            net,
            per_domain,
            values,
        }),
        None,
    )
}

/// Smallest relative deviation from the median that a warning calls an outlier.
const MIN_OUTLIER_FRACTION: f64 = 0.05;

/// Modified z-scores (0.6745 (x - median) / MAD); None when the MAD is zero.
fn z_scores(values: &[f64]) -> Option<Vec<f64>> {
    let med = stats::median(values)?;
    let dev: Vec<f64> = values.iter().map(|v| (v - med).abs()).collect();
    let mad = stats::median(&dev)?;
    if mad == 0.0 {
        return None;
    }
    Some(values.iter().map(|v| 0.6745 * (v - med) / mad).collect())
}

fn outlier_warning(what: &str, values: &[f64], unit: &str, warnings: &mut Vec<String>) {
    let Some(z) = z_scores(values) else { return };
    let med = stats::median(values).unwrap_or(f64::NAN);
    // The MAD of very steady runs is tiny, so z-scores alone flag differences nobody
    // cares about (5.435 J against 5.433 J): an outlier must also be practically large.
    let large = |v: f64| (v - med).abs() > MIN_OUTLIER_FRACTION * med.abs();
    if z.first().is_some_and(|z0| *z0 > OUTLIER_Z) && large(values[0]) {
        warnings.push(format!(
            "The first run's {what} was much higher than the rest ({} {unit} against a median of {} {unit}): \
             caches or a cold start? Consider --warmup or --prepare.",
            format::num(values[0]),
            format::num(med)
        ));
    } else {
        let k = stats::mad_outliers(values)
            .into_iter()
            .filter(|&i| large(values[i]))
            .count();
        if k > 0 {
            warnings.push(format!(
                "Statistical outliers in {what}: {k} of {} runs (median absolute deviation rule). \
                 Other programs, frequency scaling or I/O may have disturbed the measurement.",
                values.len()
            ));
        }
    }
}

/// The warnings of one command, in words: how trustworthy its figures are, then how its
/// runs ended, then what the runs themselves warned of.
fn warnings(s: &CommandSummary, used: &[&RunRecord], session: &Session) -> Vec<CommandWarning> {
    let mut w = Vec::new();
    if s.provenance == Provenance::Estimated {
        w.push(CommandWarning::about_command(
            WarningKind::Estimated,
            format!(
                "Energy is ESTIMATED by a model ({}), not measured by a counter.",
                session.model.as_deref().unwrap_or(&s.sensor)
            ),
        ));
    }
    let about_command = figure_warnings(s, used, session)
        .into_iter()
        .chain(outcome_warnings(s));
    w.extend(about_command.map(|t| CommandWarning::about_command(WarningKind::Command, t)));
    w.extend(run_warnings(s));
    w
}

/// Mixed provenance, runs without a figure, outliers, too-short runs, a noisy baseline.
fn figure_warnings(s: &CommandSummary, used: &[&RunRecord], session: &Session) -> Vec<String> {
    let mut w = Vec::new();
    let measured = |r: &RunRecord| r.provenance == Provenance::Measured;
    if s.provenance == Provenance::Estimated && s.records.iter().any(measured) {
        w.push(
            "Some runs are measured and some estimated: their figures are not comparable.".into(),
        );
    }
    if let Some(e) = &s.energy {
        if e.values.len() < used.len() {
            w.push(format!(
                "{} of {} runs have no energy figure; the energy statistics use the others.",
                used.len() - e.values.len(),
                used.len()
            ));
        }
        outlier_warning("energy", &e.values, "J", &mut w);
    }
    outlier_warning("time", &s.times, "s", &mut w);
    if let Some(t) = &s.time {
        if t.mean < SHORT_RUN_S {
            w.push(format!(
                "Runs take {} ms on average, about as long as ten updates of an energy counter: \
                 the energy figures are coarse. Make the command run longer.",
                format::num(t.mean * 1000.0)
            ));
        }
    }
    if let Some(b) = &session.baseline {
        if b.mean_w > 0.0 && b.stddev_w / b.mean_w > NOISY_BASELINE {
            w.push(format!(
                "The idle baseline was noisy ({} W ± {} W): net energy is uncertain. \
                 Close other programs, or measure a longer --idle.",
                format::num(b.mean_w),
                format::num(b.stddev_w)
            ));
        }
    }
    w
}

/// Failed, timed-out and invalid runs.
fn outcome_warnings(s: &CommandSummary) -> Vec<String> {
    let mut w = Vec::new();
    let failed: Vec<String> = s
        .exit_codes
        .iter()
        .filter(|c| **c != Some(0))
        .map(|c| match c {
            Some(c) => c.to_string(),
            None => "signal".into(),
        })
        .collect();
    if !failed.is_empty() {
        let codes: BTreeSet<String> = failed.iter().cloned().collect();
        w.push(format!(
            "{} of {} runs ended with a non-zero exit code ({}).",
            failed.len(),
            s.exit_codes.len(),
            codes.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if s.timed_out > 0 {
        w.push(format!(
            "{} {} timed out and {} left out of the statistics.",
            s.timed_out,
            if s.timed_out == 1 { "run" } else { "runs" },
            if s.timed_out == 1 { "is" } else { "are" }
        ));
    }
    if !s.invalid.is_empty() {
        // The same reason for several runs (a stuck counter) is said once; alone, without
        // its runs (they are all the invalid ones).
        let groups = group_runs(s.invalid.iter().map(|(i, why)| (i + 1, why.as_str())));
        let alone = groups.len() == 1 && groups[0].1.len() > 1;
        let which: Vec<String> = groups
            .into_iter()
            .map(|(text, runs)| CommandWarning {
                kind: WarningKind::Run,
                text,
                runs: if alone { Vec::new() } else { runs },
            })
            .map(|w| w.to_string())
            .collect();
        w.push(format!(
            "{} of {} runs are INVALID and left out of the statistics ({}).",
            s.invalid.len(),
            s.records.len(),
            which.join("; ")
        ));
    }
    w
}

/// Texts of runs (1-based run, text), each kind once ([`warning_group_key`]) in the
/// order first met, as the first run said it, with the runs that met it.
fn group_runs<'a>(texts: impl IntoIterator<Item = (u32, &'a str)>) -> Vec<(String, Vec<u32>)> {
    let mut groups: Vec<(String, String, Vec<u32>)> = Vec::new();
    for (run, text) in texts {
        let key = warning_group_key(text);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) if g.2.last() == Some(&run) => {}
            Some(g) => g.2.push(run),
            None => groups.push((key, text.to_string(), vec![run])),
        }
    }
    groups.into_iter().map(|(_, t, runs)| (t, runs)).collect()
}

/// Every warning the runs met, once each with the runs that met it (the first few
/// kinds in full); warnings that differ only in their numbers are one
/// ([`warning_group_key`]).
fn run_warnings(s: &CommandSummary) -> Vec<CommandWarning> {
    const SHOWN: usize = 10;
    let texts = s
        .records
        .iter()
        .flat_map(|r| r.warnings.iter().map(|w| (r.index + 1, w.as_str())));
    let groups = group_runs(texts);
    let more = groups.len().saturating_sub(SHOWN);
    let mut w: Vec<CommandWarning> = groups
        .into_iter()
        .take(SHOWN)
        .map(|(text, runs)| CommandWarning {
            kind: WarningKind::Run,
            text,
            runs,
        })
        .collect();
    if more > 0 {
        w.push(CommandWarning::about_command(
            WarningKind::Run,
            format!(
                "{more} more kind(s) of run warning: see each run's `warnings` in the JSON Lines export."
            ),
        ));
    }
    w
}

/// The relative figures against `reference` (`run --reference`) when given, else
/// against the command that used the least energy and the fastest one. A reference
/// without a figure gives no relative figure to anyone: never a silent "1.00".
fn add_relative(out: &mut [CommandSummary], reference: Option<&str>) {
    let given = reference.map(|r| out.iter().position(|s| s.command == r));
    let best_energy = given.unwrap_or_else(|| best(out, |s| s.energy.as_ref().map(|e| &e.gross)));
    let best_time = given.unwrap_or_else(|| best(out, |s| s.time.as_ref()));
    let refs: Vec<(String, Option<Summary>, Option<Summary>)> = out
        .iter()
        .map(|s| {
            (
                s.command.clone(),
                s.energy.as_ref().map(|e| e.gross.clone()),
                s.time.clone(),
            )
        })
        .collect();
    for (i, s) in out.iter_mut().enumerate() {
        if let (Some(b), Some(mine)) = (best_energy, &refs[i].1) {
            if let Some(theirs) = &refs[b].1 {
                s.energy_relative = stats::ratio(mine, theirs).map(|ratio| Relative {
                    reference: refs[b].0.clone(),
                    ratio,
                    is_reference: i == b,
                });
            }
        }
        if let (Some(b), Some(mine)) = (best_time, &refs[i].2) {
            if let Some(theirs) = &refs[b].2 {
                s.time_relative = stats::ratio(mine, theirs).map(|ratio| Relative {
                    reference: refs[b].0.clone(),
                    ratio,
                    is_reference: i == b,
                });
            }
        }
    }
}

fn best<F>(out: &[CommandSummary], f: F) -> Option<usize>
where
    F: Fn(&CommandSummary) -> Option<&Summary>,
{
    out.iter()
        .enumerate()
        .filter_map(|(i, s)| f(s).filter(|x| x.mean > 0.0).map(|x| (i, x.mean)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}
