//! Several results files of rankings as one ranking per machine: shards of one plan
//! merged, and what cannot be merged refused with the reason.
//!
//! Why refuse rather than merge what is given: a ranking whose cells come from two
//! plans (two profiles, two compiler versions) or two kinds of machine has ratios that
//! mean nothing, and nothing in the tables would show it. A missing shard would silently
//! drop a third of the problems from every geometric mean.

use crate::load::Loaded;
use crate::ReportError;
use joulebench_model::fleet::{plan_difference, PlanId, Shard};
use joulebench_model::machine::MachineId;
use joulebench_model::ranking::Ranking;
use joulebench_model::record::Session;
use std::collections::BTreeMap;

/// One machine's ranking, merged from its shards.
#[derive(Clone, Debug, PartialEq)]
pub struct MachineRanking {
    /// The machine (and sensor).
    pub machine: MachineId,
    /// The plan all its shards share.
    pub plan: PlanId,
    /// One session (the plan, shard none) and every shard's runs.
    pub loaded: Loaded,
    /// The files merged, with their shard (`results.jsonl (2/3)`).
    pub parts: Vec<String>,
}

/// One input file as the merge sees it.
struct Part {
    name: String,
    ranking: Ranking,
    shard: Shard,
    machine: MachineId,
    loaded: Loaded,
}

/// True when `inputs` are rankings to be merged as shards: some file is a shard, or
/// several files hold rankings made by `rank` (imported studies and `run` results keep
/// the plain merge of their records).
pub fn applies(inputs: &[Loaded]) -> bool {
    let ranked = |l: &Loaded| made_by_rank(l).is_some();
    let shard = |l: &Loaded| made_by_rank(l).is_some_and(|r| r.shard.is_some());
    inputs.iter().any(shard) || inputs.iter().filter(|l| ranked(l)).count() > 1
}

fn made_by_rank(l: &Loaded) -> Option<&Ranking> {
    l.sessions
        .iter()
        .find_map(|s| s.ranking.as_ref())
        .filter(|r| r.runs.is_some())
}

fn name_of(l: &Loaded) -> String {
    l.sources
        .first()
        .map(|(n, _)| n.clone())
        .unwrap_or_else(|| "(results)".into())
}

/// Merge each machine's shards; `by_machine` false: every file must come from one
/// machine. Each element of `inputs` is one file, as [`crate::load_path`] read it.
pub fn merge(inputs: Vec<Loaded>, by_machine: bool) -> Result<Vec<MachineRanking>, ReportError> {
    let parts: Vec<Part> = inputs.into_iter().map(part).collect::<Result<_, _>>()?;
    let mut groups: BTreeMap<MachineId, Vec<Part>> = BTreeMap::new();
    let mut order: Vec<MachineId> = Vec::new();
    for p in parts {
        if !groups.contains_key(&p.machine) {
            order.push(p.machine.clone());
        }
        groups.entry(p.machine.clone()).or_default().push(p);
    }
    if !by_machine && order.len() > 1 {
        return Err(machines_differ(&groups, &order));
    }
    order
        .into_iter()
        .map(|m| {
            let parts = groups.remove(&m).unwrap_or_default();
            merge_machine(m, parts, by_machine)
        })
        .collect()
}

fn part(loaded: Loaded) -> Result<Part, ReportError> {
    let name = name_of(&loaded);
    let ranking = made_by_rank(&loaded).cloned().ok_or_else(|| {
        ReportError::input(
            &name,
            None,
            "not a ranking written by `joulebench rank` (its session describes no plan): \
             it cannot be merged with rankings",
        )
    })?;
    let machine = one_machine(&name, &loaded.sessions)?;
    Ok(Part {
        name,
        shard: ranking.shard.unwrap_or(Shard::WHOLE),
        ranking,
        machine,
        loaded,
    })
}

/// The machine of a file's sessions; a file resumed on another machine is refused.
fn one_machine(name: &str, sessions: &[Session]) -> Result<MachineId, ReportError> {
    let mut ids = sessions.iter().map(Session::machine_id);
    let first = ids
        .next()
        .unwrap_or_else(|| Session::default().machine_id());
    match ids.find(|m| *m != first) {
        Some(other) => Err(ReportError::input(
            name,
            None,
            format!("its sessions ran on different machines ({first}; {other})"),
        )),
        None => Ok(first),
    }
}

fn machines_differ(groups: &BTreeMap<MachineId, Vec<Part>>, order: &[MachineId]) -> ReportError {
    let lines: Vec<String> = order
        .iter()
        .map(|m| {
            let files: Vec<&str> = groups[m].iter().map(|p| p.name.as_str()).collect();
            format!("  {m}: {}", files.join(", "))
        })
        .collect();
    ReportError::Data(format!(
        "the results come from {} different machines, and one ranking must come from one \
         kind of machine:\n{}\nPass --by-machine to compare the machines side by side",
        order.len(),
        lines.join("\n")
    ))
}

fn merge_machine(
    machine: MachineId,
    parts: Vec<Part>,
    by_machine: bool,
) -> Result<MachineRanking, ReportError> {
    let on = |msg: String| match by_machine {
        true => ReportError::Data(format!("machine {machine}: {msg}")),
        false => ReportError::Data(msg),
    };
    same_plan(&parts).map_err(on)?;
    complete_split(&parts).map_err(on)?;
    distinct_cells(&parts).map_err(on)?;
    let plan = parts[0].ranking.plan_id();
    let names = parts
        .iter()
        .map(|p| format!("{} ({})", p.name, p.shard))
        .collect();
    Ok(MachineRanking {
        machine,
        plan,
        loaded: joined(parts),
        parts: names,
    })
}

/// Every part asks for the first one's plan.
fn same_plan(parts: &[Part]) -> Result<(), String> {
    let first = &parts[0];
    for p in &parts[1..] {
        if p.ranking.plan_id() != first.ranking.plan_id() {
            let why = plan_difference(&first.ranking, &p.ranking)
                .unwrap_or_else(|| "recorded plan identities differ".into());
            return Err(format!(
                "shards of different plans: {} (plan {}) and {} (plan {}) differ in {why}",
                first.name,
                first.ranking.plan_id(),
                p.name,
                p.ranking.plan_id()
            ));
        }
    }
    Ok(())
}

/// One split, each shard exactly once.
fn complete_split(parts: &[Part]) -> Result<(), String> {
    let first = &parts[0];
    let mut seen: BTreeMap<Shard, &str> = BTreeMap::new();
    for p in parts {
        if p.shard.count != first.shard.count {
            return Err(format!(
                "{} is shard {} and {} is shard {}: shards of different splits",
                first.name, first.shard, p.name, p.shard
            ));
        }
        if let Some(other) = seen.insert(p.shard, &p.name) {
            return Err(format!(
                "shard {} given twice: {other} and {}",
                p.shard, p.name
            ));
        }
    }
    let missing: Vec<String> = first
        .shard
        .siblings()
        .filter(|s| !seen.contains_key(s))
        .map(|s| format!("shard {s} missing"))
        .collect();
    match missing.is_empty() {
        true => Ok(()),
        false => Err(format!(
            "{} (of plan {}; given: {})",
            missing.join(", "),
            first.ranking.plan_id(),
            seen.keys()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// No problem x language measured in two files.
fn distinct_cells(parts: &[Part]) -> Result<(), String> {
    let mut owner: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for p in parts {
        for r in &p.loaded.runs {
            let (Some(problem), Some(language)) = (&r.problem, &r.language) else {
                continue;
            };
            let prev = *owner.entry((problem, language)).or_insert(&p.name);
            if prev != p.name {
                return Err(format!(
                    "duplicate cell {problem}/{language}: measured in {prev} and in {}",
                    p.name
                ));
            }
        }
    }
    Ok(())
}

/// The parts as one whole ranking: the first session with the shard cleared and every
/// part's exclusions, then every run.
fn joined(parts: Vec<Part>) -> Loaded {
    let mut out = Loaded::default();
    let mut session = parts[0].loaded.session();
    let mut ranking = parts[0].ranking.clone();
    ranking.shard = None;
    ranking.plan = Some(parts[0].ranking.plan_id());
    for p in &parts[1..] {
        for e in &p.ranking.excluded {
            if !ranking.excluded.contains(e) {
                ranking.excluded.push(e.clone());
            }
        }
    }
    if parts.len() > 1 {
        let list: Vec<String> = parts
            .iter()
            .map(|p| format!("{} from {}", p.shard, host(&p.loaded)))
            .collect();
        session.notes.insert("shards".into(), list.join(", "));
    }
    session.ranking = Some(ranking);
    out.sessions.push(session);
    for p in parts {
        out.runs.extend(p.loaded.runs);
        out.sources.extend(p.loaded.sources);
        out.warnings.extend(p.loaded.warnings);
    }
    out
}

fn host(l: &Loaded) -> String {
    let s = l.session();
    s.machine.hostname.unwrap_or_else(|| name_of(l))
}
