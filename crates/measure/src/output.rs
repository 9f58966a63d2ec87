//! Where the measured command's output goes ([`CommandOutput`], `run --output`), and
//! connecting it to a `std::process::Command`.
//!
//! Only standard output is redirected as asked: it is the stream whose destination
//! changes how some programs run (a program may check for /dev/null and skip work, or
//! buffer differently for a pipe and a file). Standard error is discarded, except with
//! [`CommandOutput::Inherit`], which lets both through.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Where the measured command's standard output goes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CommandOutput {
    /// /dev/null (the default).
    #[default]
    Null,
    /// A pipe that joulebench reads and throws away, so that the command writes into a
    /// pipe as it would in a shell pipeline.
    Pipe,
    /// joulebench's own standard output and error (`--show-output`).
    Inherit,
    /// This file, opened for writing and truncated at every run, so that it holds the
    /// last run's output. It must exist: whoever asks for it creates it (joulebench
    /// creates a temporary file it owns and puts it in place at the end).
    File(PathBuf),
}

/// Connect `cmd`'s standard output and error as `output` says. Called where the command
/// is prepared, before the measurement starts, so that opening a file or starting the
/// pipe's reader is not measured.
pub(crate) fn connect(output: &CommandOutput, cmd: &mut Command) -> io::Result<()> {
    match output {
        CommandOutput::Null => {
            cmd.stdout(Stdio::null());
        }
        CommandOutput::Inherit => return Ok(()),
        CommandOutput::Pipe => {
            cmd.stdout(drained_pipe()?);
        }
        CommandOutput::File(path) => {
            let f = OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(path)
                .map_err(|e| {
                    io::Error::new(
                        e.kind(),
                        format!("cannot open output file {}: {e}", path.display()),
                    )
                })?;
            cmd.stdout(f);
        }
    }
    cmd.stderr(Stdio::null());
    Ok(())
}

/// The write end of a pipe whose read end a thread empties until every writer is gone.
/// The thread ends when the command and whatever it left running close their copies;
/// the caller's copy goes with the `Command` that holds it.
fn drained_pipe() -> io::Result<Stdio> {
    let (read, write) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
    std::thread::Builder::new()
        .name("output-drain".into())
        .spawn(move || {
            let _ = io::copy(&mut File::from(read), &mut io::sink());
        })?;
    Ok(Stdio::from(write))
}
