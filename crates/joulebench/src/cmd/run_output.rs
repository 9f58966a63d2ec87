//! `run --output WHERE` (as hyperfine): where the measured command's standard output
//! goes. `null`, `pipe` and `inherit` are the destinations of
//! [`CommandOutput`]; anything else is a file, written by the rules of
//! [`crate::outfile::stage_for_runs`] (a file joulebench did not create is never
//! truncated: the runs write into a temporary file that replaces it at the end).

use crate::outfile::{stage_for_runs, RunsOutput, Staged};
use joulebench_measure::CommandOutput;
use std::path::PathBuf;

/// Parse `--output`'s value. A file literally named `null`, `pipe` or `inherit` is
/// given as `./null`.
pub fn parse(s: &str) -> Result<CommandOutput, String> {
    Ok(match s {
        "" => return Err("empty: give null, pipe, inherit or a file".into()),
        "null" => CommandOutput::Null,
        "pipe" => CommandOutput::Pipe,
        "inherit" => CommandOutput::Inherit,
        path => CommandOutput::File(PathBuf::from(path)),
    })
}

/// The destination the runs get, and the staged file to put in place after them.
pub struct RunOutput {
    /// What every measured run's [`joulebench_measure::Spawn`] gets.
    pub output: CommandOutput,
    staged: Option<Staged>,
}

/// `--output` (None: not given) and `--show-output`, made ready before the first run.
pub fn prepare(asked: Option<&CommandOutput>, show_output: bool) -> anyhow::Result<RunOutput> {
    let ready = |output| RunOutput {
        output,
        staged: None,
    };
    match asked {
        None if show_output => Ok(ready(CommandOutput::Inherit)),
        None => Ok(ready(CommandOutput::Null)),
        Some(CommandOutput::File(path)) => {
            let staged = stage_for_runs(path)
                .map_err(|e| e.context(format!("--output {}", path.display())))?;
            Ok(match staged {
                RunsOutput::Direct(p) => ready(CommandOutput::File(p)),
                RunsOutput::Staged(s) => RunOutput {
                    output: CommandOutput::File(s.path().to_path_buf()),
                    staged: Some(s),
                },
            })
        }
        Some(other) => Ok(ready(other.clone())),
    }
}

impl RunOutput {
    /// Put the last run's output in place (a staged file); nothing to do otherwise.
    pub fn finish(self) -> anyhow::Result<()> {
        match self.staged {
            Some(s) => s.install().map_err(|e| e.context("--output")),
            None => Ok(()),
        }
    }
}
