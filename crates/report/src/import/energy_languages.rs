//! The 2017 energy-languages study's raw files: one CSV per language, mostly one row per
//! run, `benchmark ; package_J ; core_J ; gpu_J ; dram_J ; time_ms`, no header.
//!
//! What this importer does with the files' quirks, and says so per file and line:
//! - **Counter wrap**: a negative package, core, gpu (uncore) or dram value is a 32-bit
//!   counter that wrapped during the run; 2^32 units of 2^-14 J = 262,144 J are added.
//! - **Other layouts**: a header row is recognised and skipped; `,` and `;` are both
//!   accepted as separators (the values use `.` decimals), so `GraalVM.csv` (header, `,`,
//!   empty columns) and `Julia_2020.csv` (`;` then `,`) are read. A line that does not
//!   have the six fields is skipped and reported; a file where no line does is reported
//!   as an unknown layout.
//! - **Extra problems** (thread-ring, ...) are kept but flagged; the session's
//!   `problem_set` note lists the study's ten so the rank tables use only those.
//! - **Two sessions** of a benchmark in one file are kept (the study's mean is over all
//!   rows) and noted; **cold first runs** are flagged, not dropped.
//! - **Implausible runs** (under 10 ms, or under 1 % of the benchmark's median time in the
//!   file: a program that failed to run) are skipped and reported.
//! - A file without DRAM readings keeps its package and core joules per domain, but has no
//!   default total (package + dram), which is left missing rather than guessed.
//!
//! Mapping: package → `package-0`, core → `core-0`, gpu → `uncore-0` (on that Haswell
//! desktop the "gpu" column is RAPL PP1, the uncore/graphics plane), dram → `dram-0`.
//!
//! Languages are named as the study's published table writes them when it has them
//! (`CSharp.csv` → `C#`, `FSharp.csv` → `F#`), so that each stands beside its published
//! figures; the import's report lists those figures per language.

use super::{ImportFileReport, ImportNote};
use crate::rank::published::{self, PublishedTable};
use crate::ReportError;
use joulebench_model::ranking::{ProblemFacts, Ranking};
use joulebench_model::record::{RunRecord, Session};
use joulebench_model::stats;
use joulebench_model::{Domain, DomainKind, Provenance};
use std::collections::BTreeMap;
use std::path::Path;

/// The study's ten problems.
pub const PROBLEMS: [&str; 10] = [
    "binary-trees",
    "fannkuch-redux",
    "fasta",
    "k-nucleotide",
    "mandelbrot",
    "n-body",
    "pidigits",
    "regex-redux",
    "reverse-complement",
    "spectral-norm",
];

/// Joules added to a negative reading: the counter's range on the study's machine.
pub const ENERGY_LANGUAGES_WRAP_J: f64 = 262_144.0;

/// The sensor name given to imported runs.
pub const SENSOR: &str = "rapl (2017 study, Intel Core i5-4460)";

/// Where the data come from, for the session notes.
pub const SOURCE: &str = "Raw measurements of Pereira, Couto, Ribeiro, Rua, Cunha, Fernandes, Saraiva, \
\"Energy efficiency across programming languages\" (SLE 2017; SCP 2021), published with the study's artifact \
(MIT licence)";

/// Runs shorter than this are taken for failed runs.
const MIN_RUN_MS: f64 = 10.0;
/// Runs shorter than this fraction of the benchmark's median are taken for failed runs.
const MIN_FRACTION_OF_MEDIAN: f64 = 0.01;

/// A session whose median time is under this fraction of another's is a failed session.
const FAILED_SESSION_FRACTION: f64 = 0.05;

/// Misspelled problem names found in the files, and the name they stand for.
const ALIASES: &[(&str, &str)] = &[("spectral-norms", "spectral-norm")];

/// The import of a directory.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportOutcome {
    /// The session line (started left empty: the caller stamps it).
    pub session: Session,
    /// The runs, file by file.
    pub runs: Vec<RunRecord>,
    /// What happened to each CSV file.
    pub files: Vec<ImportFileReport>,
    /// Files that are not CSV and were not read (README.md, LICENSE).
    pub ignored: Vec<String>,
}

impl ImportOutcome {
    /// The per-file report, as text.
    pub fn render(&self) -> String {
        let mut s: String = self.files.iter().map(|f| f.render()).collect();
        if !self.ignored.is_empty() {
            s.push_str(&format!("not CSV, not read: {}\n", self.ignored.join(", ")));
        }
        if let Ok(p) = published::scp2021() {
            s.push_str(&beside_published(&self.files, &p));
        }
        let skipped: usize = self.files.iter().map(|f| f.skipped.len()).sum();
        let corrected: usize = self.files.iter().map(|f| f.corrected.len()).sum();
        let failed = self.files.iter().filter(|f| f.error.is_some()).count();
        s.push_str(&format!(
            "imported {} runs from {} files; {corrected} values corrected, {skipped} lines skipped, {failed} files not imported\n",
            self.runs.len(),
            self.files.len() - failed,
        ));
        s
    }
}

struct Row {
    line: usize,
    problem: String,
    package: f64,
    core: Option<f64>,
    gpu: Option<f64>,
    dram: Option<f64>,
    time_ms: f64,
}

/// Each imported language beside the study's published figures, one line each.
fn beside_published(files: &[ImportFileReport], p: &PublishedTable) -> String {
    let mut langs: Vec<&str> = files
        .iter()
        .filter(|f| f.error.is_none())
        .map(|f| f.language.as_str())
        .collect();
    langs.dedup();
    if langs.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "published figures ({}; energy and time relative to {}, memory relative to {}):\n",
        p.source, p.energy_time_normalized_to, p.memory_normalized_to
    );
    for l in langs {
        match p.find(l) {
            Some(r) => s.push_str(&format!(
                "  {l}: energy {}, time {}, memory {}\n",
                crate::format::ratio(r.energy),
                crate::format::ratio(r.time),
                crate::format::ratio(r.memory)
            )),
            None => s.push_str(&format!(
                "  {l}: not in the published table (the study's 27 languages do not include it)\n"
            )),
        }
    }
    s
}

/// The study's own spelling of a language, when its published table has it.
fn study_name(lang: &str) -> Option<String> {
    let p = published::scp2021().ok()?;
    p.find(lang).map(|r| r.language.clone())
}

fn language_of(file_name: &str) -> (String, Option<String>) {
    let stem = file_name
        .strip_suffix(".csv")
        .or_else(|| file_name.strip_suffix(".CSV"))
        .unwrap_or(file_name);
    let (lang, mut note) = match stem.rsplit_once('_') {
        Some((lang, year)) if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) => (
            lang,
            Some(format!(
                "language {lang:?} from the file name; its _{year} suffix (data from {year}) is dropped"
            )),
        ),
        _ => (stem, None),
    };
    match study_name(lang) {
        Some(name) if name != lang => {
            let said = format!(
                "language {lang:?} from the file name is written {name:?}, as in the study's published table"
            );
            note = Some(match note {
                Some(n) => format!("{n}; {said}"),
                None => said,
            });
            (name, note)
        }
        _ => (lang.to_string(), note),
    }
}

fn number(field: &str) -> Result<Option<f64>, String> {
    if field.is_empty() {
        return Ok(None);
    }
    field
        .parse::<f64>()
        .map(Some)
        .map_err(|_| format!("{field:?} is not a number"))
        .and_then(|v| match v {
            Some(x) if !x.is_finite() => Err(format!("{field:?} is not a finite number")),
            v => Ok(v),
        })
}

/// Parse one file's text. Pure: the file name gives the language and the messages.
pub fn parse_energy_languages_file(
    file_name: &str,
    text: &str,
) -> (ImportFileReport, Vec<RunRecord>) {
    let (language, lang_note) = language_of(file_name);
    let mut rep = ImportFileReport {
        file: file_name.to_string(),
        language: language.clone(),
        ..ImportFileReport::default()
    };
    if let Some(n) = lang_note {
        rep.flagged.push(ImportNote {
            line: 0,
            message: n,
        });
    }
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if lines.is_empty() {
        rep.error = Some("empty file".into());
        return (rep, Vec::new());
    }
    let mut rows = read_rows(&lines, &mut rep);
    if rows.is_empty() {
        rep.error = Some(format!(
            "unknown layout: no line has the six fields benchmark ; package ; core ; gpu ; dram ; time_ms ({} lines skipped)",
            rep.skipped.len()
        ));
        return (rep, Vec::new());
    }
    drop_implausible(&mut rows, &mut rep);
    if rows.is_empty() {
        rep.error = Some(format!(
            "every run was skipped ({} lines): none is a plausible measurement",
            rep.skipped.len()
        ));
        return (rep, Vec::new());
    }
    note_sessions_and_cold_runs(&rows, &mut rep);
    flag_missing_dram_and_extra_problems(&rows, &mut rep);
    let runs = records(rows, &language);
    rep.runs = runs.len();
    (rep, runs)
}

/// Read the data lines (the first may be a header) into rows; a line that is not one is
/// skipped with a note. Sets the file's layout.
fn read_rows(lines: &[(usize, &str)], rep: &mut ImportFileReport) -> Vec<Row> {
    let (mut semis, mut commas, mut mixed, mut header) = (0usize, 0usize, 0usize, false);
    let mut rows: Vec<Row> = Vec::new();
    for (k, (no, line)) in lines.iter().enumerate() {
        let has_semi = line.contains(';');
        let has_comma = line.contains(',');
        let fields: Vec<&str> = line.split([';', ',']).map(str::trim).collect();
        // A header: the first line, whose numeric columns are words.
        if k == 0 && fields.len() > 1 && fields[1].parse::<f64>().is_err() {
            header = true;
            rep.skipped.push(ImportNote {
                line: *no,
                message: format!("header row ({line:?})"),
            });
            continue;
        }
        match (has_semi, has_comma) {
            (true, true) => mixed += 1,
            (true, false) => semis += 1,
            (false, true) => commas += 1,
            _ => {}
        }
        if fields.len() != 6 {
            rep.skipped.push(ImportNote {
                line: *no,
                message: format!(
                    "expected 6 fields (benchmark ; package ; core ; gpu ; dram ; time_ms), found {}",
                    fields.len()
                ),
            });
            continue;
        }
        match parse_row(*no, &fields, rep) {
            Ok(Some(r)) => rows.push(r),
            Ok(None) => {}
            Err(msg) => rep.skipped.push(ImportNote {
                line: *no,
                message: msg,
            }),
        }
    }
    rep.layout = describe_layout(header, semis, commas, mixed);
    rows
}

/// Flag the runs without a DRAM reading and the problems outside the study's ten.
fn flag_missing_dram_and_extra_problems(rows: &[Row], rep: &mut ImportFileReport) {
    if rows.iter().any(|r| r.dram.is_none()) {
        let n = rows.iter().filter(|r| r.dram.is_none()).count();
        rep.flagged.push(ImportNote {
            line: 0,
            message: format!(
                "{n} runs have no DRAM reading: their package + dram total cannot be formed and is left missing \
                 (package and core joules are kept per domain)"
            ),
        });
    }
    let mut extra: BTreeMap<String, usize> = BTreeMap::new();
    for r in rows {
        if !PROBLEMS.contains(&r.problem.as_str()) {
            *extra.entry(r.problem.clone()).or_default() += 1;
        }
    }
    for (p, n) in extra {
        rep.flagged.push(ImportNote {
            line: 0,
            message: format!(
                "{p}: {n} runs of a problem outside the study's ten: kept, left out of the rank tables"
            ),
        });
    }
}

/// The rows as run records of `language`, numbered per problem.
fn records(rows: Vec<Row>, language: &str) -> Vec<RunRecord> {
    let mut index: BTreeMap<String, u32> = BTreeMap::new();
    rows.into_iter()
        .map(|r| {
            let i = index.entry(r.problem.clone()).or_default();
            let rec = record(&r, language, *i);
            *i += 1;
            rec
        })
        .collect()
}

fn describe_layout(header: bool, semis: usize, commas: usize, mixed: usize) -> String {
    let mut parts = Vec::new();
    if header {
        parts.push("header row".to_string());
    }
    let sep = match (semis > 0, commas > 0, mixed > 0) {
        (true, false, false) => "';'-separated".to_string(),
        (false, true, false) => "','-separated".to_string(),
        (false, false, true) => "mixed separators (';' and ',' on each line)".to_string(),
        _ => format!(
            "inconsistent separators ({semis} lines ';', {commas} lines ',', {mixed} lines both)"
        ),
    };
    parts.push(sep);
    parts.push("benchmark, package, core, gpu, dram, time_ms".to_string());
    parts.join("; ")
}

fn parse_row(no: usize, f: &[&str], rep: &mut ImportFileReport) -> Result<Option<Row>, String> {
    let name = f[0];
    if name.is_empty() || name.parse::<f64>().is_ok() {
        return Err(format!("no benchmark name in the first field ({name:?})"));
    }
    let problem = match ALIASES.iter().find(|(a, _)| *a == name) {
        Some((_, to)) => {
            rep.corrected.push(ImportNote {
                line: no,
                message: format!("problem name {name:?} read as {to:?}"),
            });
            (*to).to_string()
        }
        None => name.to_string(),
    };
    let mut vals = [None; 5];
    for (k, v) in vals.iter_mut().enumerate() {
        *v = number(f[k + 1])?;
    }
    let Some(time_ms) = vals[4] else {
        return Err("no time".into());
    };
    if time_ms <= 0.0 {
        return Err(format!("time {time_ms} ms is not positive"));
    }
    let names = ["package", "core", "gpu (uncore)", "dram"];
    for (k, name) in names.iter().enumerate() {
        if let Some(v) = vals[k] {
            if v < 0.0 {
                let fixed = v + ENERGY_LANGUAGES_WRAP_J;
                if fixed < 0.0 {
                    return Err(format!(
                        "{name} {v} J is below -262144 J: not a single counter wrap"
                    ));
                }
                rep.corrected.push(ImportNote {
                    line: no,
                    message: format!(
                        "{name} {v} J is negative (the counter wrapped): +262144 J gives {fixed:.3} J"
                    ),
                });
                vals[k] = Some(fixed);
            }
        }
    }
    let Some(package) = vals[0] else {
        return Err("no package reading".into());
    };
    Ok(Some(Row {
        line: no,
        problem,
        package,
        core: vals[1],
        gpu: vals[2],
        dram: vals[3],
        time_ms,
    }))
}

fn drop_implausible(rows: &mut Vec<Row>, rep: &mut ImportFileReport) {
    drop_failed_sessions(rows, rep);
    let mut times: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for r in rows.iter() {
        times.entry(r.problem.clone()).or_default().push(r.time_ms);
    }
    let medians: BTreeMap<String, f64> = times
        .into_iter()
        .filter_map(|(p, v)| stats::median(&v).map(|m| (p, m)))
        .collect();
    rows.retain(|r| {
        let med = medians.get(&r.problem).copied().unwrap_or(r.time_ms);
        let why = if r.time_ms < MIN_RUN_MS {
            Some(format!(
                "{}: run under {MIN_RUN_MS} ms, implausibly short: taken for a failed run",
                r.problem
            ))
        } else if r.time_ms < MIN_FRACTION_OF_MEDIAN * med {
            Some(format!(
                "{}: run under 1 % of the benchmark's median time ({} ms): taken for a failed run",
                r.problem,
                crate::format::num(med)
            ))
        } else {
            None
        };
        match why {
            Some(message) => {
                rep.skipped.push(ImportNote {
                    line: r.line,
                    message,
                });
                false
            }
            None => true,
        }
    });
    rep.skipped.sort_by_key(|n| n.line);
}

/// Consecutive rows of the same problem: (problem, first index, end index).
fn blocks(rows: &[Row]) -> Vec<(String, usize, usize)> {
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        match out.last_mut() {
            Some((p, _, end)) if *p == r.problem => *end = i + 1,
            _ => out.push((r.problem.clone(), i, i + 1)),
        }
    }
    out
}

/// A session (block of runs) whose median time is under 5 % of another session's of the
/// same problem did not run the benchmark: drop it whole.
fn drop_failed_sessions(rows: &mut Vec<Row>, rep: &mut ImportFileReport) {
    let bl = blocks(rows);
    let med = |b: &(String, usize, usize)| {
        let v: Vec<f64> = rows[b.1..b.2].iter().map(|r| r.time_ms).collect();
        stats::median(&v).unwrap_or(0.0)
    };
    let mut best: BTreeMap<&str, f64> = BTreeMap::new();
    for b in &bl {
        let m = med(b);
        let e = best.entry(b.0.as_str()).or_insert(m);
        *e = e.max(m);
    }
    let mut drop = vec![false; rows.len()];
    for b in &bl {
        let (m, top) = (med(b), best.get(b.0.as_str()).copied().unwrap_or(0.0));
        if m < FAILED_SESSION_FRACTION * top {
            for (k, d) in drop.iter_mut().enumerate().take(b.2).skip(b.1) {
                *d = true;
                rep.skipped.push(ImportNote {
                    line: rows[k].line,
                    message: format!(
                        "{}: a session whose median time ({} ms) is under 5 % of another session's ({} ms): taken for a failed session",
                        b.0,
                        crate::format::num(m),
                        crate::format::num(top)
                    ),
                });
            }
        }
    }
    let mut k = 0;
    rows.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

fn total(r: &Row) -> f64 {
    r.package + r.dram.unwrap_or(0.0)
}

fn note_sessions_and_cold_runs(rows: &[Row], rep: &mut ImportFileReport) {
    // Blocks: maximal runs of consecutive rows of the same problem.
    let mut blocks: Vec<(String, Vec<&Row>)> = Vec::new();
    for r in rows {
        match blocks.last_mut() {
            Some((p, v)) if *p == r.problem => v.push(r),
            _ => blocks.push((r.problem.clone(), vec![r])),
        }
    }
    let mut per_problem: BTreeMap<&str, usize> = BTreeMap::new();
    for (p, _) in &blocks {
        *per_problem.entry(p.as_str()).or_default() += 1;
    }
    let repeated: Vec<String> = per_problem
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(p, n)| format!("{p} ({n})"))
        .collect();
    if !repeated.is_empty() {
        rep.flagged.push(ImportNote {
            line: 0,
            message: format!(
                "more than one session (separate blocks of runs) for: {}; all runs kept, the mean is over all of them as in the study",
                repeated.join(", ")
            ),
        });
    }
    for (p, block) in &blocks {
        let e: Vec<f64> = block.iter().map(|r| total(r)).collect();
        if e.len() < 4 {
            continue;
        }
        let rest = &e[1..];
        let (Some(med), Some(mad)) = (
            stats::median(rest),
            stats::median(
                &rest
                    .iter()
                    .map(|v| (v - stats::median(rest).unwrap_or(0.0)).abs())
                    .collect::<Vec<_>>(),
            ),
        ) else {
            continue;
        };
        if mad > 0.0 && 0.6745 * (e[0] - med) / mad > 3.5 && e[0] > 1.2 * med {
            rep.flagged.push(ImportNote {
                line: block[0].line,
                message: format!(
                    "first run of a block of {p} looks cold ({:.2} J against a median of {:.2} J for the rest): kept, as in the study",
                    e[0], med
                ),
            });
        }
    }
}

fn record(r: &Row, language: &str, index: u32) -> RunRecord {
    let mut energy = BTreeMap::new();
    energy.insert(Domain::new(DomainKind::Package, 0), r.package);
    if let Some(c) = r.core {
        energy.insert(Domain::new(DomainKind::Core, 0), c);
    }
    if let Some(g) = r.gpu {
        energy.insert(Domain::new(DomainKind::Uncore, 0), g);
    }
    if let Some(d) = r.dram {
        energy.insert(Domain::new(DomainKind::Dram, 0), d);
    }
    RunRecord {
        command: format!("{}/{language}", r.problem),
        problem: Some(r.problem.clone()),
        language: Some(language.to_string()),
        parameters: Vec::new(),
        index,
        wall_s: r.time_ms / 1000.0,
        user_s: 0.0,
        system_s: 0.0,
        peak_rss_bytes: None,
        exit_code: Some(0),
        signal: None,
        timed_out: false,
        energy_j: energy,
        energy_total_j: r.dram.map(|d| r.package + d),
        energy_net_j: None,
        energy_window_s: None,
        provenance: Provenance::Measured,
        sensor: SENSOR.to_string(),
        timeline: Vec::new(),
        warnings: Vec::new(),
        invalid: None,
    }
}

/// The session line of an import (`started` left empty for the caller to stamp).
pub fn session(dir: &str) -> Session {
    let mut notes = BTreeMap::new();
    notes.insert("source".into(), SOURCE.into());
    notes.insert("imported_from".into(), dir.to_string());
    notes.insert(
        "energy".into(),
        "RAPL package + dram per run, as recorded by the study; negative readings corrected by +262144 J (counter wrap)".into(),
    );
    notes.insert(
        "not_in_data".into(),
        "exit codes (recorded as 0), CPU time (recorded as 0: unknown), peak memory (missing; the study measured it separately), idle baseline".into(),
    );
    let machine = joulebench_model::machine::Machine {
        cpu: Some("Intel Core i5-4460 (Haswell), the study's machine".into()),
        ..Default::default()
    };
    Session {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started: String::new(),
        machine,
        sensor: SENSOR.into(),
        provenance: Some(Provenance::Measured),
        model: None,
        baseline: None,
        grid: None,
        functional_unit: None,
        reference: None,
        ranking: Some(Ranking {
            profile: "study".into(),
            problems: PROBLEMS
                .iter()
                .map(|p| ProblemFacts {
                    id: p.to_string(),
                    size: None,
                })
                .collect(),
            ..Ranking::default()
        }),
        notes,
    }
}

/// Import every `*.csv` file of `dir` (sorted by name).
pub fn import_energy_languages(dir: &Path) -> Result<ImportOutcome, ReportError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut names: Vec<String> = Vec::new();
    let mut ignored = Vec::new();
    for e in entries {
        let e = e.map_err(|source| ReportError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = e.file_name().to_string_lossy().to_string();
        if !e.path().is_file() {
            continue;
        }
        if name.to_ascii_lowercase().ends_with(".csv") {
            names.push(name);
        } else {
            ignored.push(name);
        }
    }
    names.sort();
    ignored.sort();
    if names.is_empty() {
        return Err(ReportError::input(
            dir.display().to_string(),
            None,
            "no .csv files in this directory",
        ));
    }
    let mut files = Vec::new();
    let mut runs = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let bytes = std::fs::read(&path).map_err(|source| ReportError::Io {
            path: path.clone(),
            source,
        })?;
        let text = String::from_utf8_lossy(&bytes);
        let (rep, mut r) = parse_energy_languages_file(&name, &text);
        files.push(rep);
        runs.append(&mut r);
    }
    Ok(ImportOutcome {
        session: session(&dir.display().to_string()),
        runs,
        files,
        ignored,
    })
}
