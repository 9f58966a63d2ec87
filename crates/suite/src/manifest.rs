//! `suite/manifest.toml`: its format, parsing and validation.
//!
//! Every error names the manifest file and the line (from toml's spans), so a typo in the
//! manifest is as easy to find as a compile error.

use crate::error::SuiteError;
use crate::template;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// How a problem receives its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// The size is the program's first command-line argument.
    Arg,
    /// The program reads the output of the suite's fasta program of that size on stdin.
    StdinFasta,
}

/// One benchmark problem (e.g. `n-body`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// The id: the directory name under `suite/` (filled in from the table key).
    #[serde(skip)]
    pub id: String,
    /// One line saying what it computes.
    #[serde(default)]
    pub description: String,
    /// How the program receives its size.
    pub input: InputKind,
    /// Sizes per profile (`check`, `quick`, `study`); the first of each list is the one
    /// a profile means when a single size is wanted.
    #[serde(deserialize_with = "sizes_map")]
    pub sizes: BTreeMap<String, Vec<u64>>,
    /// File name of the expected output at a check size, relative to the expected
    /// directory; `{size}` is replaced. Default: `{problem}.{size}.out` for argument
    /// problems, `{problem}.fasta{size}.out` for stdin problems.
    #[serde(default)]
    pub expected: Option<String>,
}

impl Problem {
    /// The expected-output file name for `size`.
    pub fn expected_file(&self, size: u64) -> String {
        let pattern = match (&self.expected, self.input) {
            (Some(p), _) => p.clone(),
            (None, InputKind::Arg) => "{problem}.{size}.out".to_string(),
            (None, InputKind::StdinFasta) => "{problem}.fasta{size}.out".to_string(),
        };
        pattern
            .replace("{problem}", &self.id)
            .replace("{size}", &size.to_string())
    }

    /// The sizes of `profile`, if the problem defines it.
    pub fn sizes(&self, profile: &str) -> Option<&[u64]> {
        self.sizes.get(profile).map(Vec::as_slice)
    }
}

/// How to find a toolchain's version.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionProbe {
    /// The command that prints the version (stdout and stderr are both read).
    pub command: Vec<String>,
    /// Take the first version number after this text (default: the first one at all).
    #[serde(default)]
    pub after: Option<String>,
}

/// What a language does differently for one problem.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageProblem {
    /// Extra arguments appended to the build command (e.g. `-lgmp`).
    #[serde(default)]
    pub build_args: Vec<String>,
    /// The non-standard library the program uses (SPEC rule 3), for the report.
    #[serde(default)]
    pub library: Option<String>,
    /// This problem's source file instead of `<suite>/<problem>/<language source>`:
    /// absolute, or relative to the suite directory (an imported suite points into the
    /// study's checkout this way).
    #[serde(default)]
    pub source: Option<String>,
    /// This problem's build command instead of the language's (`build_args` are still
    /// appended).
    #[serde(default)]
    pub build: Option<Vec<String>>,
    /// This problem's run command instead of the language's (`{arg}` as there).
    #[serde(default)]
    pub run: Option<Vec<String>>,
    /// Further files whose contents decide whether to rebuild, besides the language's.
    #[serde(default)]
    pub build_inputs: Vec<String>,
    /// The language has no usable program for this problem, and why: it is skipped (not
    /// a failure) by build, verify and rank, and the reason is shown.
    #[serde(default)]
    pub absent: Option<String>,
}

/// One language implementation (e.g. `c`, or `pypy`, which runs the Python sources).
///
/// Command templates may use `{suite}` (the suite directory), `{cache}` (the cache
/// directory), `{problem}`, `{src}` (the source file), `{src_dir}` (its directory), `{out}`
/// (this program's build directory in the cache) and, in `run` only and as a whole
/// element, `{arg}` (the size; dropped for stdin problems). `{{` and `}}` are literal braces.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The id (filled in from the table key).
    #[serde(skip)]
    pub id: String,
    /// Display name, e.g. `C++`.
    pub name: String,
    /// The source file, relative to `suite/<problem>/`; may be left out when every
    /// problem gives its own (`[languages.<id>.problems]` `source`) or is `absent`.
    #[serde(default)]
    pub source: String,
    /// How to detect the toolchain and read its version.
    pub version: VersionProbe,
    /// Further programs that must be on PATH (e.g. `java` besides `javac`).
    #[serde(default)]
    pub requires: Vec<String>,
    /// How to install the toolchain (Debian/Ubuntu).
    pub install_hint: String,
    /// The build command; absent when there is nothing to build or check.
    #[serde(default)]
    pub build: Option<Vec<String>>,
    /// Working directory of the build (default `{out}`).
    #[serde(default = "default_cwd")]
    pub build_cwd: String,
    /// Environment variables set for the build.
    #[serde(default)]
    pub build_env: BTreeMap<String, String>,
    /// Further files whose contents decide whether to rebuild (absent files count too).
    #[serde(default)]
    pub build_inputs: Vec<String>,
    /// The file a successful build leaves (checked before a build is called up to date).
    #[serde(default)]
    pub artifact: Option<String>,
    /// The run command; may be left out when every problem gives its own or is `absent`.
    #[serde(default)]
    pub run: Vec<String>,
    /// Working directory of a run (default `{out}`).
    #[serde(default = "default_cwd")]
    pub run_cwd: String,
    /// Environment variables set for a run.
    #[serde(default)]
    pub run_env: BTreeMap<String, String>,
    /// A short description of the flags, for the README and the report.
    #[serde(default)]
    pub flags: String,
    /// Per-problem differences (extra build arguments, library used).
    #[serde(default)]
    pub problems: BTreeMap<String, LanguageProblem>,
}

fn default_cwd() -> String {
    "{out}".to_string()
}

impl Language {
    /// Extra build arguments for `problem`.
    pub fn build_args(&self, problem: &str) -> &[String] {
        self.problems
            .get(problem)
            .map(|p| p.build_args.as_slice())
            .unwrap_or(&[])
    }

    /// Why this language has no program for `problem` (`absent` in the manifest), if so.
    pub fn absent(&self, problem: &str) -> Option<&str> {
        self.problems.get(problem).and_then(|p| p.absent.as_deref())
    }

    /// The build command of `problem` (its own, else the language's), if any.
    pub fn build_for(&self, problem: &str) -> Option<&[String]> {
        self.problems
            .get(problem)
            .and_then(|p| p.build.as_deref())
            .or(self.build.as_deref())
    }

    /// The run command of `problem` (its own, else the language's).
    pub fn run_for(&self, problem: &str) -> &[String] {
        self.problems
            .get(problem)
            .and_then(|p| p.run.as_deref())
            .unwrap_or(&self.run)
    }

    /// The non-standard library this language's `problem` program uses, if any.
    pub fn library(&self, problem: &str) -> Option<&str> {
        self.problems
            .get(problem)
            .and_then(|p| p.library.as_deref())
    }
}

/// The `[suite]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The size profiles every problem defines, in order; must include `check`.
    pub profiles: Vec<String>,
    /// Directory of the expected outputs, relative to the suite directory.
    #[serde(default = "default_expected")]
    pub expected_dir: String,
    /// The problem whose programs generate the stdin inputs.
    #[serde(default = "default_fasta")]
    pub fasta_problem: String,
    /// Languages whose fasta program may generate inputs, in order of preference.
    #[serde(default)]
    pub fasta_generators: Vec<String>,
    /// Another suite directory (absolute, or relative to this one) whose fasta program
    /// makes this suite's stdin inputs, with the same cache: an imported suite takes the
    /// inputs of the suite it was imported against.
    #[serde(default)]
    pub inputs_from: Option<String>,
}

fn default_expected() -> String {
    "expected".to_string()
}

fn default_fasta() -> String {
    "fasta".to_string()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    suite: Spanned<Settings>,
    problems: BTreeMap<String, Spanned<Problem>>,
    languages: BTreeMap<String, Spanned<Language>>,
}

/// A loaded and validated manifest; problems and languages in file order.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The `[suite]` table.
    pub settings: Settings,
    /// Problems, in the order the manifest lists them.
    pub problems: Vec<Problem>,
    /// Languages, in the order the manifest lists them.
    pub languages: Vec<Language>,
}

fn sizes_map<'de, D>(d: D) -> Result<BTreeMap<String, Vec<u64>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(u64),
        Many(Vec<u64>),
    }
    let raw = BTreeMap::<String, OneOrMany>::deserialize(d).map_err(|_| {
        serde::de::Error::custom(
            "sizes must map each profile to a positive integer or a list of them",
        )
    })?;
    Ok(raw
        .into_iter()
        .map(|(k, v)| match v {
            OneOrMany::One(n) => (k, vec![n]),
            OneOrMany::Many(v) => (k, v),
        })
        .collect())
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(offset, |i| offset - i - 1) + 1;
    (line, column)
}

struct Ctx<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: Range<usize>, message: impl Into<String>) -> SuiteError {
        let (line, column) = line_col(self.text, span.start);
        SuiteError::Manifest {
            file: self.file.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

impl Manifest {
    /// Reads and validates the manifest at `file`.
    pub fn load(file: &Path) -> Result<Manifest, SuiteError> {
        let text = std::fs::read_to_string(file).map_err(|e| SuiteError::io(file, e))?;
        Manifest::parse(&text, file)
    }

    /// Parses and validates manifest `text`; `file` is only used in error messages.
    pub fn parse(text: &str, file: &Path) -> Result<Manifest, SuiteError> {
        let cx = Ctx { file, text };
        let raw: RawManifest = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            cx.err(span, e.message().trim().to_string())
        })?;
        let settings_span = raw.suite.span();
        let settings = raw.suite.into_inner();

        let mut problems: Vec<(Range<usize>, Problem)> = raw
            .problems
            .into_iter()
            .map(|(id, p)| {
                let span = p.span();
                let mut p = p.into_inner();
                p.id = id;
                (span, p)
            })
            .collect();
        problems.sort_by_key(|(s, _)| s.start);
        let mut languages: Vec<(Range<usize>, Language)> = raw
            .languages
            .into_iter()
            .map(|(id, l)| {
                let span = l.span();
                let mut l = l.into_inner();
                l.id = id;
                (span, l)
            })
            .collect();
        languages.sort_by_key(|(s, _)| s.start);

        if !settings.profiles.iter().any(|p| p == "check") {
            return Err(cx.err(
                settings_span,
                "[suite] profiles must include `check` (the sizes of expected/)",
            ));
        }
        if problems.is_empty() {
            return Err(cx.err(0..0, "the manifest defines no [problems.*]"));
        }
        if languages.is_empty() {
            return Err(cx.err(0..0, "the manifest defines no [languages.*]"));
        }
        for (span, p) in &problems {
            validate_problem(&cx, span, p, &settings.profiles)?;
        }
        let problem_ids: Vec<&str> = problems.iter().map(|(_, p)| p.id.as_str()).collect();
        for (span, l) in &languages {
            validate_language(&cx, span, l, &problem_ids)?;
        }
        match problems
            .iter()
            .find(|(_, p)| p.id == settings.fasta_problem)
        {
            Some((_, p)) if p.input == InputKind::Arg => {}
            Some(_) => {
                return Err(cx.err(
                    settings_span,
                    format!(
                        "fasta_problem `{}` must take its size as an argument",
                        settings.fasta_problem
                    ),
                ))
            }
            None => {
                return Err(cx.err(
                    settings_span,
                    format!(
                        "fasta_problem `{}` is not a problem",
                        settings.fasta_problem
                    ),
                ))
            }
        }
        for g in &settings.fasta_generators {
            if !languages.iter().any(|(_, l)| &l.id == g) {
                return Err(cx.err(
                    settings_span,
                    format!("fasta_generators names unknown language `{g}`"),
                ));
            }
        }
        Ok(Manifest {
            settings,
            problems: problems.into_iter().map(|(_, p)| p).collect(),
            languages: languages.into_iter().map(|(_, l)| l).collect(),
        })
    }
}

fn validate_problem(
    cx: &Ctx,
    span: &Range<usize>,
    p: &Problem,
    profiles: &[String],
) -> Result<(), SuiteError> {
    let here = |m: String| cx.err(span.clone(), format!("problem `{}`: {m}", p.id));
    if !valid_id(&p.id) {
        return Err(here("ids may only use a-z, 0-9, `-` and `_`".to_string()));
    }
    for profile in profiles {
        match p.sizes.get(profile) {
            None => return Err(here(format!("sizes lacks profile `{profile}`"))),
            Some(v) if v.is_empty() || v.contains(&0) => {
                return Err(here(format!("sizes.{profile} must be positive integers")))
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = p.sizes.keys().find(|k| !profiles.contains(k)) {
        return Err(here(format!(
            "sizes has profile `{extra}`, which [suite] profiles does not list"
        )));
    }
    if let Some(e) = &p.expected {
        if !e.contains("{size}") {
            return Err(here("`expected` must contain `{size}`".to_string()));
        }
    }
    Ok(())
}

fn validate_language(
    cx: &Ctx,
    span: &Range<usize>,
    l: &Language,
    problems: &[&str],
) -> Result<(), SuiteError> {
    let here = |m: String| cx.err(span.clone(), format!("language `{}`: {m}", l.id));
    if !valid_id(&l.id) {
        return Err(here("ids may only use a-z, 0-9, `-` and `_`".to_string()));
    }
    if l.version.command.is_empty() {
        return Err(here("version.command is empty".to_string()));
    }
    let own = |p: &&str| l.problems.get(*p);
    let present: Vec<&str> = problems
        .iter()
        .copied()
        .filter(|p| own(p).map_or(true, |lp| lp.absent.is_none()))
        .collect();
    if l.run.is_empty() {
        if l.problems.is_empty() {
            return Err(here("run is empty".to_string()));
        }
        if let Some(p) = present
            .iter()
            .find(|p| own(p).map_or(true, |lp| lp.run.is_none()))
        {
            return Err(here(format!(
                "run is empty and problem `{p}` has no run of its own (nor `absent`)"
            )));
        }
    }
    if l.source.is_empty() {
        if let Some(p) = present
            .iter()
            .find(|p| own(p).map_or(true, |lp| lp.source.is_none()))
        {
            return Err(here(format!(
                "source is empty and problem `{p}` has no source of its own (nor `absent`)"
            )));
        }
    }
    if matches!(&l.build, Some(b) if b.is_empty()) {
        return Err(here("build is empty (leave it out instead)".to_string()));
    }
    for (p, lp) in &l.problems {
        if matches!(&lp.build, Some(b) if b.is_empty()) {
            return Err(here(format!(
                "problems.{p}.build is empty (leave it out instead)"
            )));
        }
        if matches!(&lp.run, Some(r) if r.is_empty()) {
            return Err(here(format!("problems.{p}.run is empty")));
        }
    }
    if let Some(p) = l.problems.keys().find(|k| !problems.contains(&k.as_str())) {
        return Err(here(format!(
            "[languages.{}.problems] names unknown problem `{p}`",
            l.id
        )));
    }
    let check = |field: &str, s: &str, arg_ok: bool| -> Result<(), SuiteError> {
        if arg_ok && s == "{arg}" {
            return Ok(());
        }
        template::check(s).map_err(|m| here(format!("{field}: {m}")))
    };
    for s in l.build.iter().flatten() {
        check("build", s, false)?;
    }
    for s in l.problems.values().flat_map(|p| &p.build_args) {
        check("build_args", s, false)?;
    }
    for s in &l.run {
        check("run", s, true)?;
    }
    for lp in l.problems.values() {
        for s in lp.build.iter().flatten() {
            check("build", s, false)?;
        }
        for s in lp.run.iter().flatten() {
            check("run", s, true)?;
        }
        for s in &lp.build_inputs {
            check("build_inputs", s, false)?;
        }
        if let Some(src) = &lp.source {
            check("source", src, false)?;
        }
    }
    check("build_cwd", &l.build_cwd, false)?;
    check("run_cwd", &l.run_cwd, false)?;
    for s in l.build_env.values() {
        check("build_env", s, false)?;
    }
    for s in l.run_env.values() {
        check("run_env", s, false)?;
    }
    for s in &l.build_inputs {
        check("build_inputs", s, false)?;
    }
    if let Some(a) = &l.artifact {
        check("artifact", a, false)?;
    }
    check("source", &l.source, false)?;
    Ok(())
}

/// The manifest file inside suite directory `dir`.
pub fn manifest_path(dir: &Path) -> PathBuf {
    dir.join("manifest.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
