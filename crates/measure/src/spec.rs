//! What to start: the command, its input and output, directory, environment, identity,
//! and the launcher to start it through; and the `std::process::Command` it becomes.
//!
//! Both ways of starting it build on [`base_command`]: directly from this process
//! (`crate::child`) and in the launcher (`crate::launcher`).

use crate::output::{self, CommandOutput};
use crate::privilege::DropTo;
use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// How the command is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// A command line run through a shell (`sh -c LINE` by default), as hyperfine does.
    Shell {
        /// The shell to use (e.g. `sh`, `bash`).
        shell: String,
        /// The command line.
        line: String,
    },
    /// A program and its arguments, run without a shell.
    Direct(Vec<OsString>),
}

impl Program {
    /// The command as shown to users.
    pub fn display(&self) -> String {
        match self {
            Program::Shell { line, .. } => line.clone(),
            Program::Direct(argv) => argv
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// Everything needed to start the process.
#[derive(Clone, Debug)]
pub struct Spawn {
    /// What to run.
    pub program: Program,
    /// File to connect to standard input (None: /dev/null).
    pub stdin: Option<PathBuf>,
    /// Where its standard output (and error) go.
    pub output: CommandOutput,
    /// Working directory (None: inherit).
    pub cwd: Option<PathBuf>,
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
    /// Privileges to drop to before exec, when running as root under sudo.
    pub drop_to: Option<DropTo>,
    /// Start it through this launcher, so that its peak memory is its own (see
    /// [`Launcher`]); None: start it directly (its peak memory then includes this
    /// process's own resident size).
    pub launcher: Option<Launcher>,
}

/// The first argument that makes the joulebench binary act as the launcher.
pub const LAUNCH_ARG: &str = "__launch";

/// How to start a launcher: a program (normally this very binary) and its arguments.
///
/// The launcher is a small process that starts the measured command so that the
/// command's peak memory is its own; why, and how the two processes talk, is explained
/// in `crate::launcher`, which holds both of its sides. This is only where to find it,
/// part of a [`Spawn`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Launcher {
    /// The program.
    pub program: PathBuf,
    /// Its arguments (normally just [`LAUNCH_ARG`]).
    pub args: Vec<OsString>,
}

impl Launcher {
    /// This binary, with [`LAUNCH_ARG`]: for programs whose `main` calls
    /// [`launcher_main`](crate::launcher_main) when their first argument is
    /// [`LAUNCH_ARG`].
    pub fn current_exe() -> std::io::Result<Launcher> {
        Ok(Launcher {
            program: std::env::current_exe()?,
            args: vec![LAUNCH_ARG.into()],
        })
    }
}

impl Spawn {
    /// The command as a `std::process::Command`, for tools that start it themselves
    /// (the profiler, which must attach to it before `exec`): program, output, working
    /// directory, environment, own process group and dropped privileges as every run
    /// has them, and `stdin` (opened with the dropped identity's rights, which changes
    /// this process's effective ids for the `open`: call it before starting threads) or
    /// `/dev/null`. No launcher.
    pub fn command(&self) -> std::io::Result<Command> {
        let mut cmd = base_command(self)?;
        match (&self.stdin, &self.drop_to) {
            (Some(path), Some(d)) => cmd.stdin(d.open_for_reading(path)?),
            (Some(path), None) => cmd.stdin(std::fs::File::open(path)?),
            (None, _) => cmd.stdin(Stdio::null()),
        };
        Ok(cmd)
    }
}

/// The command as it will run, without stdin (each way of starting it opens the input
/// in its own way): program and arguments, stdout and stderr, working directory,
/// environment, own process group, dropped privileges. Fails when the output cannot be
/// connected (an output file that cannot be opened).
pub(crate) fn base_command(spec: &Spawn) -> std::io::Result<Command> {
    let mut cmd = match &spec.program {
        Program::Shell { shell, line } => {
            let mut c = Command::new(shell);
            c.arg("-c").arg(line);
            c
        }
        Program::Direct(argv) => {
            let mut c = Command::new(argv.first().cloned().unwrap_or_default());
            c.args(argv.iter().skip(1));
            c
        }
    };
    output::connect(&spec.output, &mut cmd)?;
    if let Some(dir) = &spec.cwd {
        cmd.current_dir(dir);
    }
    for (k, v) in &spec.env {
        cmd.env(k, v);
    }
    // Own process group, so a timeout or Ctrl-C can stop the whole tree.
    cmd.process_group(0);
    if let Some(d) = &spec.drop_to {
        d.apply(&mut cmd);
    }
    Ok(cmd)
}
