//! The one error type of the suite library.

use std::path::PathBuf;

/// Everything that can go wrong while loading, building, generating inputs or running.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// A file could not be read, written or created.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The manifest is not valid TOML, has an unknown key, lacks a field, or breaks a rule.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Manifest {
        /// The manifest file.
        file: PathBuf,
        /// 1-based line of the offending item.
        line: usize,
        /// 1-based column of the offending item.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A problem id that the manifest does not define.
    #[error("unknown problem `{0}` (known: {1})")]
    UnknownProblem(String, String),
    /// A language id that the manifest does not define.
    #[error("unknown language `{0}` (known: {1})")]
    UnknownLanguage(String, String),
    /// A size profile that the manifest does not define.
    #[error("unknown size profile `{0}` (known: {1})")]
    UnknownProfile(String, String),
    /// A program's source file does not exist.
    #[error("{problem}/{language}: source {} does not exist", path.display())]
    MissingSource {
        /// Problem id.
        problem: String,
        /// Language id.
        language: String,
        /// The expected source file.
        path: PathBuf,
    },
    /// The language's toolchain is not installed.
    #[error("{language}: toolchain not found ({reason}); install it with: {hint}")]
    MissingToolchain {
        /// Language id.
        language: String,
        /// Why detection failed.
        reason: String,
        /// How to install it.
        hint: String,
    },
    /// A compiler (or syntax check) failed.
    #[error(transparent)]
    BuildFailed(Box<BuildFailure>),
    /// The program has not been built (run `joulebench suite build`).
    #[error("{problem}/{language} is not built ({}); run `joulebench suite build`", artifact.display())]
    NotBuilt {
        /// Problem id.
        problem: String,
        /// Language id.
        language: String,
        /// The missing build product.
        artifact: PathBuf,
    },
    /// A program could not be started or failed while producing something the suite needs.
    #[error("{what}: {message}")]
    Run {
        /// What was run.
        what: String,
        /// What went wrong.
        message: String,
    },
    /// No language listed in `fasta_generators` could produce a FASTA input.
    #[error("cannot generate the fasta input of size {size}: {reasons}")]
    NoFastaGenerator {
        /// The requested fasta size.
        size: u64,
        /// Why each generator was rejected.
        reasons: String,
    },
}

impl SuiteError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        SuiteError::Io {
            path: path.into(),
            source,
        }
    }
}

/// A failed build: which program, the command, and what the compiler said.
#[derive(Debug, thiserror::Error)]
#[error(
    "build of {problem}/{language} failed ({status})\ncommand: {command}\n{output}\
     (a header, library or tool missing? install: {hint})"
)]
pub struct BuildFailure {
    /// Problem id.
    pub problem: String,
    /// Language id.
    pub language: String,
    /// The command line, shell-quoted.
    pub command: String,
    /// Exit status or spawn error.
    pub status: String,
    /// The compiler's output (stdout then stderr), shortened.
    pub output: String,
    /// The language's install hint, for missing headers and libraries.
    pub hint: String,
}
