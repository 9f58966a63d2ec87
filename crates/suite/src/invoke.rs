//! [`Invocation`]: the exact process that runs one program at one size.

use crate::error::SuiteError;
use crate::manifest::InputKind;
use crate::suite::{prepare_cache, Suite};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A size: a profile's main size, or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SizeSpec {
    /// The first size of this profile (`check`, `quick`, `study`).
    Profile(String),
    /// This size (the argument, or the fasta size of a stdin problem's input).
    Size(u64),
}

impl FromStr for SizeSpec {
    type Err = std::convert::Infallible;

    /// A number is a size; anything else names a profile.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.parse::<u64>() {
            Ok(n) => SizeSpec::Size(n),
            Err(_) => SizeSpec::Profile(s.to_string()),
        })
    }
}

impl From<u64> for SizeSpec {
    fn from(n: u64) -> Self {
        SizeSpec::Size(n)
    }
}

impl From<&str> for SizeSpec {
    fn from(s: &str) -> Self {
        s.parse().unwrap_or_else(|e| match e {})
    }
}

/// The process that runs one program: argv, standard input, working directory, and the
/// variables to add to the inherited environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// Program and arguments.
    pub argv: Vec<String>,
    /// The file to feed on standard input (stdin problems); `None`: no input.
    pub stdin: Option<PathBuf>,
    /// Working directory (the program's build directory in the cache).
    pub cwd: PathBuf,
    /// Variables to set on top of the inherited environment.
    pub env: Vec<(String, String)>,
}

impl Invocation {
    /// A `std::process::Command` for this invocation (standard input not yet set).
    pub fn to_command(&self) -> std::process::Command {
        let mut c = std::process::Command::new(&self.argv[0]);
        c.args(&self.argv[1..]).current_dir(&self.cwd);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    /// A shell line that does the same, for humans.
    pub fn shell_line(&self) -> String {
        let mut s = String::new();
        for (k, v) in &self.env {
            // `NAME='a b'`, not `'NAME=a b'` (which a shell runs as a command).
            s.push_str(&format!("{k}={}", shell_words::quote(v)));
            s.push(' ');
        }
        s.push_str(&crate::process::shell_line(&self.argv));
        if let Some(p) = &self.stdin {
            s.push_str(" < ");
            s.push_str(&shell_words::quote(&p.to_string_lossy()));
        }
        s
    }
}

impl Suite {
    /// The number `size` means for `problem`.
    pub fn resolve_size(&self, problem: &str, size: &SizeSpec) -> Result<u64, SuiteError> {
        match size {
            SizeSpec::Size(n) => Ok(*n),
            SizeSpec::Profile(p) => Ok(self.sizes(problem, p)?[0]),
        }
    }

    /// The process that runs `problem` in `language` at `size`. The program must be built
    /// (see [`Suite::build`]); for a stdin problem the fasta input of that size is made
    /// (and cached) if needed.
    pub fn command(
        &self,
        problem: &str,
        language: &str,
        size: &SizeSpec,
        cache: &Path,
    ) -> Result<Invocation, SuiteError> {
        let n = self.resolve_size(problem, size)?;
        let mut inv = self.command_without_input(problem, language, n, cache)?;
        if self.problem(problem)?.input == InputKind::StdinFasta {
            inv.stdin = Some(self.fasta_input(n, cache)?);
        }
        Ok(inv)
    }

    /// Like [`Suite::command`] with a numeric size, but never makes an input:
    /// `stdin` is `None` (the caller provides standard input).
    pub fn command_without_input(
        &self,
        problem: &str,
        language: &str,
        size: u64,
        cache: &Path,
    ) -> Result<Invocation, SuiteError> {
        let cache = prepare_cache(cache)?;
        let p = self.problem(problem)?;
        let lang = self.language(language)?;
        let paths = self.paths(problem, language, &cache)?;
        if !paths.src.is_file() {
            return Err(SuiteError::MissingSource {
                problem: problem.to_string(),
                language: language.to_string(),
                path: paths.src,
            });
        }
        let vars = paths.vars();
        if let Some(a) = &lang.artifact {
            let artifact = PathBuf::from(vars.expand(a));
            if !artifact.exists() {
                return Err(SuiteError::NotBuilt {
                    problem: problem.to_string(),
                    language: language.to_string(),
                    artifact,
                });
            }
        }
        let argv = lang
            .run_for(problem)
            .iter()
            .filter_map(|s| match (s.as_str(), p.input) {
                ("{arg}", InputKind::Arg) => Some(size.to_string()),
                ("{arg}", InputKind::StdinFasta) => None,
                _ => Some(vars.expand(s)),
            })
            .collect();
        let cwd = PathBuf::from(vars.expand(&lang.run_cwd));
        std::fs::create_dir_all(&cwd).map_err(|e| SuiteError::io(&cwd, e))?;
        Ok(Invocation {
            argv,
            stdin: None,
            cwd,
            env: lang
                .run_env
                .iter()
                .map(|(k, v)| (k.clone(), vars.expand(v)))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_line_quotes_values_not_assignments() {
        let inv = Invocation {
            argv: vec!["prog".into(), "a b".into()],
            stdin: Some(PathBuf::from("/in dir/x.fa")),
            cwd: PathBuf::from("/"),
            env: vec![
                ("GOFLAGS".into(), "plain".into()),
                ("RUSTFLAGS".into(), "-C target-cpu=native".into()),
            ],
        };
        assert_eq!(
            inv.shell_line(),
            "GOFLAGS=plain RUSTFLAGS='-C target-cpu=native' prog 'a b' < '/in dir/x.fa'"
        );
    }
}
