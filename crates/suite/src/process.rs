//! Running a child process with captured output and a time limit.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Where a child's standard output goes.
pub enum StdoutTo {
    /// Into memory ([`Finished::stdout`]).
    Capture,
    /// Into this file.
    File(File),
}

/// What a finished (or killed) child left.
#[derive(Debug)]
pub struct Finished {
    /// Exit status (after a kill on timeout, the kill's status).
    pub status: ExitStatus,
    /// Standard output, when captured.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: Vec<u8>,
    /// Wall-clock time from spawn to exit.
    pub elapsed: Duration,
    /// Whether it was killed for running past the time limit.
    pub timed_out: bool,
}

/// A process to start.
pub struct Spec<'a> {
    /// Program and arguments.
    pub argv: &'a [String],
    /// Working directory.
    pub cwd: &'a Path,
    /// Variables added to the inherited environment.
    pub env: &'a [(String, String)],
    /// A file to read standard input from (else `/dev/null`).
    pub stdin: Option<&'a Path>,
}

/// Runs `spec` to completion, killing it after `timeout`.
pub fn run(spec: &Spec, stdout: StdoutTo, timeout: Option<Duration>) -> std::io::Result<Finished> {
    let (program, args) = spec
        .argv
        .split_first()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "empty command"))?;
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(spec.cwd);
    for (k, v) in spec.env {
        cmd.env(k, v);
    }
    cmd.stdin(match spec.stdin {
        Some(p) => Stdio::from(File::open(p)?),
        None => Stdio::null(),
    });
    let capture = matches!(stdout, StdoutTo::Capture);
    cmd.stdout(match stdout {
        StdoutTo::Capture => Stdio::piped(),
        StdoutTo::File(f) => Stdio::from(f),
    });
    cmd.stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot start `{program}`: {e}")))?;
    let out_reader = capture.then(|| reader(child.stdout.take()));
    let err_reader = reader(child.stderr.take());
    let (status, timed_out, elapsed) = wait(child, start, timeout)?;
    // After a kill, a grandchild may still hold the pipes: wait for it only briefly.
    let grace = if timed_out { READ_GRACE } else { Duration::MAX };
    let stdout = match out_reader {
        Some(rx) => rx.recv_timeout(grace).unwrap_or_default(),
        None => Vec::new(),
    };
    let stderr = err_reader.recv_timeout(grace).unwrap_or_default();
    Ok(Finished {
        status,
        stdout,
        stderr,
        elapsed,
        timed_out,
    })
}

/// How long to keep reading a killed child's pipes.
const READ_GRACE: Duration = Duration::from_secs(1);

fn reader<R: Read + Send + 'static>(r: Option<R>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut r) = r {
            let _ = r.read_to_end(&mut buf);
        }
        let _ = tx.send(buf);
    });
    rx
}

/// Waits for `child` in a thread (so the exit is seen at once, not at the next poll) and
/// kills it with SIGKILL after `timeout`. Returns the status, whether it was killed, and
/// the time from `start` to the exit.
fn wait(
    child: Child,
    start: Instant,
    timeout: Option<Duration>,
) -> std::io::Result<(ExitStatus, bool, Duration)> {
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut child = child;
        let status = child.wait();
        let _ = tx.send((status, start.elapsed()));
    });
    let limit = timeout.unwrap_or(Duration::MAX);
    match rx.recv_timeout(limit) {
        Ok((status, elapsed)) => Ok((status?, false, elapsed)),
        Err(_) => {
            // SAFETY: kill(2) touches no memory. The child is reaped only when the waiter's
            // wait() returns, so `pid` still names it (unless it exited in this instant).
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGKILL);
            }
            let (status, elapsed) = rx
                .recv()
                .map_err(|_| std::io::Error::other("the waiter thread died"))?;
            Ok((status?, true, elapsed))
        }
    }
}

/// A command line for humans: arguments quoted the way a POSIX shell reads them.
pub fn shell_line(argv: &[String]) -> String {
    shell_words::join(argv)
}

/// `status` in words: `exit code 1`, `killed by signal 9`.
pub fn describe_status(status: &ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit code {c}"),
        (None, Some(s)) => format!("killed by signal {s}"),
        _ => status.to_string(),
    }
}

/// Whether `program` can be started: a path to an executable file, or a name found in PATH.
pub fn find_program(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let executable = |p: &Path| {
        p.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    };
    if program.contains('/') {
        let p = PathBuf::from(program);
        return executable(&p).then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| executable(p))
}

/// The last `max_lines` lines of `bytes` (lossy UTF-8), with a note when shortened.
pub fn tail_lines(bytes: &[u8], max_lines: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= max_lines {
        return text.trim_end().to_string();
    }
    format!(
        "[... {} earlier lines]\n{}",
        lines.len() - max_lines,
        lines[lines.len() - max_lines..].join("\n")
    )
}

/// The first `max_lines` lines of `bytes` (lossy UTF-8), with a note when shortened.
pub fn head_lines(bytes: &[u8], max_lines: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= max_lines {
        return text.trim_end().to_string();
    }
    format!(
        "{}\n[... {} more lines]",
        lines[..max_lines].join("\n"),
        lines.len() - max_lines
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let v = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            shell_line(&v(&["gcc", "-O3", "a b", "it's"])),
            "gcc -O3 'a b' 'it'\\''s'"
        );
    }

    #[test]
    fn timeout_kills() {
        let argv = vec!["sleep".to_string(), "5".to_string()];
        let spec = Spec {
            argv: &argv,
            cwd: Path::new("/"),
            env: &[],
            stdin: None,
        };
        let f = run(&spec, StdoutTo::Capture, Some(Duration::from_millis(100))).unwrap();
        assert!(f.timed_out);
        assert!(f.elapsed < Duration::from_secs(4));
    }
}
