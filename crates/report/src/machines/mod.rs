//! Full rankings from several machines side by side (`report --by-machine`): each
//! machine's table, every language's ratio on each machine with its interval, and
//! whether the machines agree on the order of languages.

pub mod agreement;
pub mod markdown;

use crate::fleet::MachineRanking;
use crate::rank::{self, RankAnalysis, RankOptions};
use crate::ReportError;
use agreement::Agreement;
use serde::Serialize;

/// One machine's column.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MachineColumn {
    /// Short label (`M1`, `M2`, ...), as the tables head their columns.
    pub label: String,
    /// The machine, in words.
    pub machine: String,
    /// Host names of its shards, when recorded.
    pub hosts: Vec<String>,
    /// The plan identity.
    pub plan: String,
    /// The files merged.
    pub parts: Vec<String>,
    /// Measured or estimated, and by which sensor.
    pub provenance: rank::SourceInfo,
    /// The machine's own ranking.
    pub analysis: RankAnalysis,
}

/// One language's energy ratio on one machine.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MachineRatio {
    /// Geometric mean of per-problem energy ratios against the reference.
    pub ratio: Option<f64>,
    /// Its 95 % interval.
    pub ci95: Option<[f64; 2]>,
    /// Rank on this machine.
    pub rank: Option<usize>,
}

/// One language across the machines.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LanguageAcross {
    /// Language.
    pub language: String,
    /// Per machine, in column order (None: not measured there).
    pub machines: Vec<Option<MachineRatio>>,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MachineComparison {
    /// The reference language of every machine's ratios.
    pub reference: String,
    /// The machines, in the order first given.
    pub machines: Vec<MachineColumn>,
    /// Languages in the first machine's rank order, then the others'.
    pub languages: Vec<LanguageAcross>,
    /// Every pair of machines.
    pub agreements: Vec<Agreement>,
}

/// Analyse each machine and compare them. Every machine's ratios are against one
/// reference (the first machine's, unless `opts` names one), so that they compare.
pub fn compare_machines(
    rankings: &[MachineRanking],
    opts: &RankOptions,
) -> Result<MachineComparison, ReportError> {
    let Some(first) = rankings.first() else {
        return Err(ReportError::Data("--by-machine: no results given".into()));
    };
    let a0 = rank::analyze(&first.loaded.runs, &first.loaded.sessions, opts)?;
    let common = RankOptions {
        reference: Some(a0.reference.clone()),
        ..opts.clone()
    };
    let mut columns = vec![column(0, first, a0)];
    for (i, m) in rankings.iter().enumerate().skip(1) {
        let a = rank::analyze(&m.loaded.runs, &m.loaded.sessions, &common)
            .map_err(|e| ReportError::Data(format!("machine {}: {e}", m.machine)))?;
        columns.push(column(i, m, a));
    }
    let mut agreements = Vec::new();
    for i in 0..columns.len() {
        for j in (i + 1)..columns.len() {
            agreements.push(agreement::agreement(
                (i, &columns[i].analysis),
                (j, &columns[j].analysis),
                opts.resamples,
                opts.seed,
            ));
        }
    }
    Ok(MachineComparison {
        reference: common.reference.unwrap_or_default(),
        languages: across(&columns),
        machines: columns,
        agreements,
    })
}

fn column(i: usize, m: &MachineRanking, analysis: RankAnalysis) -> MachineColumn {
    let mut hosts: Vec<String> = m
        .loaded
        .sessions
        .iter()
        .filter_map(|s| s.machine.hostname.clone())
        .collect();
    hosts.dedup();
    MachineColumn {
        label: format!("M{}", i + 1),
        machine: m.machine.to_string(),
        hosts,
        plan: m.plan.to_string(),
        parts: m.parts.clone(),
        provenance: analysis.provenance.clone(),
        analysis,
    }
}

fn across(columns: &[MachineColumn]) -> Vec<LanguageAcross> {
    let mut names: Vec<String> = Vec::new();
    for c in columns {
        for row in c.analysis.by_rank() {
            if !names.contains(&row.language) {
                names.push(row.language.clone());
            }
        }
    }
    names
        .into_iter()
        .map(|language| LanguageAcross {
            machines: columns
                .iter()
                .map(|c| {
                    let row = c
                        .analysis
                        .languages
                        .iter()
                        .find(|r| r.language == language)?;
                    Some(MachineRatio {
                        ratio: row.energy_ratio_geomean,
                        ci95: row.energy_ratio_geomean_ci,
                        rank: row.rank,
                    })
                })
                .collect(),
            language,
        })
        .collect()
}
