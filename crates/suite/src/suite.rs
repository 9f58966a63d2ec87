//! [`Suite`]: a loaded suite directory, and where its caches live.

use crate::error::SuiteError;
use crate::manifest::{manifest_path, Language, Manifest, Problem};
use crate::template::Vars;
use crate::toolchain::{self, Toolchain};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Environment variable naming the suite directory.
pub const SUITE_DIR_ENV: &str = "JOULEBENCH_SUITE_DIR";
/// Environment variable naming the build cache directory.
pub const CACHE_DIR_ENV: &str = "JOULEBENCH_CACHE_DIR";

/// A suite directory: `manifest.toml`, the programs under `<problem>/<language>/`, and
/// the expected outputs.
#[derive(Debug)]
pub struct Suite {
    dir: PathBuf,
    manifest: Manifest,
    toolchains: Mutex<BTreeMap<String, Toolchain>>,
}

impl Suite {
    /// The suite directory to use: `explicit` (the `--suite-dir` flag), else
    /// `$JOULEBENCH_SUITE_DIR`, else `./suite` if it has a manifest, else the suite this
    /// binary was built from.
    pub fn locate(explicit: Option<&Path>) -> PathBuf {
        if let Some(p) = explicit {
            return p.to_path_buf();
        }
        if let Some(p) = std::env::var_os(SUITE_DIR_ENV).filter(|p| !p.is_empty()) {
            return PathBuf::from(p);
        }
        let local = PathBuf::from("suite");
        if manifest_path(&local).is_file() {
            return local;
        }
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../suite"))
    }

    /// Loads and validates `dir/manifest.toml`.
    pub fn load(dir: impl AsRef<Path>) -> Result<Suite, SuiteError> {
        let dir = dir.as_ref();
        let dir = std::fs::canonicalize(dir).map_err(|e| SuiteError::io(dir, e))?;
        let manifest = Manifest::load(&manifest_path(&dir))?;
        Ok(Suite {
            dir,
            manifest,
            toolchains: Mutex::new(BTreeMap::new()),
        })
    }

    /// The suite directory (absolute).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The validated manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The problems, in manifest order.
    pub fn problems(&self) -> &[Problem] {
        &self.manifest.problems
    }

    /// The languages, in manifest order.
    pub fn languages(&self) -> &[Language] {
        &self.manifest.languages
    }

    /// The size profiles (`check`, `quick`, `study`).
    pub fn profiles(&self) -> &[String] {
        &self.manifest.settings.profiles
    }

    /// The problem `id`.
    pub fn problem(&self, id: &str) -> Result<&Problem, SuiteError> {
        self.problems().iter().find(|p| p.id == id).ok_or_else(|| {
            SuiteError::UnknownProblem(id.to_string(), ids(self.problems().iter().map(|p| &p.id)))
        })
    }

    /// The language `id`.
    pub fn language(&self, id: &str) -> Result<&Language, SuiteError> {
        self.languages().iter().find(|l| l.id == id).ok_or_else(|| {
            SuiteError::UnknownLanguage(id.to_string(), ids(self.languages().iter().map(|l| &l.id)))
        })
    }

    /// The sizes of `problem` in `profile` (the first is the profile's main size).
    pub fn sizes(&self, problem: &str, profile: &str) -> Result<&[u64], SuiteError> {
        self.problem(problem)?.sizes(profile).ok_or_else(|| {
            SuiteError::UnknownProfile(profile.to_string(), self.profiles().join(", "))
        })
    }

    /// The languages and problems named (all of them for an empty list), in manifest order.
    pub fn select(
        &self,
        languages: &[String],
        problems: &[String],
    ) -> Result<(Vec<&Language>, Vec<&Problem>), SuiteError> {
        for l in languages {
            self.language(l)?;
        }
        for p in problems {
            self.problem(p)?;
        }
        let langs = self
            .languages()
            .iter()
            .filter(|l| languages.is_empty() || languages.contains(&l.id))
            .collect();
        let probs = self
            .problems()
            .iter()
            .filter(|p| problems.is_empty() || problems.contains(&p.id))
            .collect();
        Ok((langs, probs))
    }

    /// The source file of `problem` in `language` (whether or not it exists).
    pub fn source_path(&self, problem: &str, language: &str) -> Result<PathBuf, SuiteError> {
        let p = self.problem(problem)?;
        let l = self.language(language)?;
        if let Some(own) = l.problems.get(&p.id).and_then(|lp| lp.source.as_ref()) {
            return Ok(self.dir.join(own));
        }
        Ok(self.dir.join(&p.id).join(&l.source))
    }

    /// Why `language` has no program for `problem` (the manifest's `absent`), if so.
    pub fn absent(&self, problem: &str, language: &str) -> Result<Option<&str>, SuiteError> {
        let p = self.problem(problem)?;
        Ok(self.language(language)?.absent(&p.id))
    }

    /// The expected-output directory (`[suite] expected_dir`, absolute or relative to the
    /// suite directory).
    pub fn expected_dir(&self) -> PathBuf {
        self.dir.join(&self.manifest.settings.expected_dir)
    }

    /// The expected output of `problem` at `size` (whether or not it exists).
    pub fn expected_path(&self, problem: &str, size: u64) -> Result<PathBuf, SuiteError> {
        Ok(self
            .expected_dir()
            .join(self.problem(problem)?.expected_file(size)))
    }

    /// Detects `language`'s toolchain (once per `Suite`; later calls reuse the answer).
    pub fn detect(&self, language: &str) -> Result<Toolchain, SuiteError> {
        let lang = self.language(language)?;
        let mut cache = self.toolchains.lock().unwrap_or_else(|e| e.into_inner());
        Ok(cache
            .entry(lang.id.clone())
            .or_insert_with(|| toolchain::detect(lang))
            .clone())
    }

    /// The placeholder values for `problem` x `language` with cache `cache`.
    pub(crate) fn paths(
        &self,
        problem: &str,
        language: &str,
        cache: &Path,
    ) -> Result<Paths, SuiteError> {
        let src = self.source_path(problem, language)?;
        let src_dir = src.parent().unwrap_or(&self.dir).to_path_buf();
        Ok(Paths {
            suite: self.dir.clone(),
            cache: cache.to_path_buf(),
            problem: problem.to_string(),
            out: build_dir(cache, language, problem),
            src,
            src_dir,
        })
    }
}

/// Owned placeholder values; [`Paths::vars`] borrows them for expansion.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    pub suite: PathBuf,
    pub cache: PathBuf,
    pub problem: String,
    pub src: PathBuf,
    pub src_dir: PathBuf,
    pub out: PathBuf,
}

impl Paths {
    pub fn vars(&self) -> Vars<'_> {
        Vars {
            suite: &self.suite,
            cache: &self.cache,
            problem: &self.problem,
            src: &self.src,
            src_dir: &self.src_dir,
            out: &self.out,
        }
    }
}

fn ids<'a>(it: impl Iterator<Item = &'a String>) -> String {
    it.map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// The build cache to use: `explicit` (the `--cache-dir` flag), else
/// `$JOULEBENCH_CACHE_DIR`, else `$XDG_CACHE_HOME/joulebench/suite`, else
/// `~/.cache/joulebench/suite`.
pub fn cache_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(p) = var(CACHE_DIR_ENV) {
        return p;
    }
    if let Some(p) = var("XDG_CACHE_HOME").filter(|p| p.is_absolute()) {
        return p.join("joulebench").join("suite");
    }
    if let Some(h) = var("HOME") {
        return h.join(".cache").join("joulebench").join("suite");
    }
    std::env::temp_dir().join("joulebench-suite-cache")
}

/// Creates the cache directory and returns its absolute path.
pub fn prepare_cache(cache: &Path) -> Result<PathBuf, SuiteError> {
    std::fs::create_dir_all(cache).map_err(|e| SuiteError::io(cache, e))?;
    std::fs::canonicalize(cache).map_err(|e| SuiteError::io(cache, e))
}

/// Where `language`'s `problem` program is built inside `cache`.
pub fn build_dir(cache: &Path, language: &str, problem: &str) -> PathBuf {
    cache.join("build").join(language).join(problem)
}
