//! One profiled run: start the command held before `exec`, attach the samplers, let it
//! go, read the sensor on a timeline while draining the samplers, and keep everything
//! raw for the analysis (`analyse`).

use crate::attribute::Interval;
use crate::error::ProfileError;
use crate::phases::{PhaseMarks, PhaseSource};
use crate::sampler::{Drained, SamplerConfig, TreeSampler};
use joulebench_measure::Spawn;
use joulebench_sensors::{Domain, Sensor};
use std::collections::BTreeMap;
use std::io::Write;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// What to profile and how.
pub struct Request<'a> {
    /// The command.
    pub spawn: &'a Spawn,
    /// Stack sampling.
    pub sampler: SamplerConfig,
    /// The CPUs to open samplers on.
    pub cpus: &'a [usize],
    /// How often to read the sensor.
    pub tick: Duration,
    /// Stop the command after this long.
    pub timeout: Option<Duration>,
    /// How the command marks its phases.
    pub phases: &'a PhaseSource,
    /// Set to a signal number (Ctrl-C) to stop the command and keep what was sampled.
    pub stop: &'a std::sync::atomic::AtomicUsize,
}

/// Everything one run produced, unanalysed.
#[derive(Debug, Default)]
pub struct Recorded {
    /// Samples, mappings, names.
    pub drained: Drained,
    /// The energy timeline (empty under a model).
    pub intervals: Vec<Interval>,
    /// CLOCK_MONOTONIC ns when the command was let go, and when it was reaped.
    pub start_ns: u64,
    /// When it was reaped.
    pub end_ns: u64,
    /// User + system CPU time of the command and the children it waited for.
    pub cpu: Duration,
    /// Its exit status (128 + signal when killed).
    pub exit_code: i32,
    /// Killed by the timeout.
    pub timed_out: bool,
    /// Stopped by this signal (Ctrl-C, SIGTERM).
    pub interrupted: Option<i32>,
    /// Phase marks, in time order.
    pub marks: PhaseMarks,
    /// Sensor problems met during the run.
    pub warnings: Vec<String>,
}

/// CLOCK_MONOTONIC now, in nanoseconds: the clock the samplers stamp with.
pub fn mono_ns() -> u64 {
    let t = nix::time::clock_gettime(nix::time::ClockId::CLOCK_MONOTONIC)
        .map(|t| t.tv_sec() as i128 * 1_000_000_000 + t.tv_nsec() as i128)
        .unwrap_or(0);
    u64::try_from(t).unwrap_or(0)
}

/// Converts `Instant`s (CLOCK_MONOTONIC on Linux) to the samplers' nanoseconds.
#[derive(Clone, Copy)]
struct Clock {
    at: Instant,
    ns: u64,
}

impl Clock {
    fn now() -> Clock {
        Clock {
            at: Instant::now(),
            ns: mono_ns(),
        }
    }

    fn ns(&self, t: Instant) -> u64 {
        match t.checked_duration_since(self.at) {
            Some(d) => self.ns + d.as_nanos() as u64,
            None => self
                .ns
                .saturating_sub(self.at.duration_since(t).as_nanos() as u64),
        }
    }
}

/// Profile one run of `req.spawn`. `sensor`: None under the estimate model (no
/// timeline is read).
pub fn record(
    req: &Request<'_>,
    mut sensor: Option<&mut dyn Sensor>,
) -> Result<Recorded, ProfileError> {
    let clock = Clock::now();
    let (mut cmd, held) = held_command(req)?;
    let phase_channel = req.phases.prepare(&mut cmd)?;
    if matches!(req.phases, PhaseSource::Stdout(_)) {
        cmd.stdout(Stdio::piped());
    }
    // `spawn` returns only once the child has called exec, and the child waits for the
    // samplers before it does: spawn on a thread, learn the pid from the child itself.
    std::thread::scope(|scope| {
        let spawner = scope.spawn(move || cmd.spawn());
        let HeldChild { pid, gate } = match held.wait_for_pid(&spawner) {
            Ok(h) => h,
            Err(e) => {
                let _ = spawner.join();
                return Err(e);
            }
        };
        let sampler = TreeSampler::open(pid as i32, req.cpus, req.sampler);
        let mut sampler = match sampler {
            Ok(s) => s,
            Err(e) => {
                // Never leave the held child behind.
                kill_tree(pid);
                drop(gate);
                if let Ok(Ok(mut child)) = spawner.join() {
                    let _ = child.wait();
                }
                return Err(e);
            }
        };
        let mut out = Recorded::default();
        let mut unwound = Unwound::default();
        let mut prev = match sensor.as_deref_mut() {
            Some(s) => Some(s.sample()?),
            None => None,
        };
        out.start_ns = mono_ns();
        let mut gate = std::fs::File::from(gate);
        gate.write_all(b"g").map_err(ProfileError::Spawn)?;
        drop(gate);
        let mut child = match spawner.join() {
            Ok(Ok(child)) => child,
            Ok(Err(e)) => return Err(ProfileError::Spawn(e)),
            Err(_) => {
                return Err(ProfileError::Spawn(std::io::Error::other(
                    "the thread starting the command panicked",
                )))
            }
        };
        let phase_reader = phase_channel.start(&mut child, mono_ns)?;
        let started = Instant::now();
        let status = loop {
            if let Some(status) = try_reap(pid)? {
                break status;
            }
            if req.timeout.is_some_and(|t| started.elapsed() >= t) {
                kill_tree(pid);
                out.timed_out = true;
            }
            let sig = req.stop.load(std::sync::atomic::Ordering::Relaxed);
            if sig != 0 {
                // The command has its own process group, so the terminal's Ctrl-C
                // reached only us: stop it, and keep what was sampled.
                kill_tree(pid);
                out.interrupted = i32::try_from(sig).ok();
            }
            std::thread::sleep(req.tick);
            sampler.drain(&mut out.drained);
            unwound.catch_up(&mut out.drained);
            if let (Some(s), Some(p)) = (sensor.as_deref_mut(), prev.as_mut()) {
                read_interval(s, p, &clock, &mut out);
            }
        };
        out.end_ns = mono_ns();
        if let (Some(s), Some(p)) = (sensor, prev.as_mut()) {
            read_interval(s, p, &clock, &mut out);
            out.warnings.extend(s.take_warnings());
        }
        sampler.drain(&mut out.drained);
        unwound.catch_up(&mut out.drained);
        out.exit_code = status.code;
        out.cpu = status.cpu;
        out.marks = phase_reader.finish();
        // wait4 reaped it already; std must not wait for it again.
        drop(child);
        Ok(out)
    })
}

/// The command, set to hold before `exec` until told to go.
struct Held {
    pid_read: OwnedFd,
    pid_write: OwnedFd,
    gate_read: OwnedFd,
    gate_write: OwnedFd,
}

/// A child held before `exec`, and the pipe end that lets it go.
struct HeldChild {
    pid: u32,
    gate: OwnedFd,
}

/// `req.spawn`'s command, made to tell its pid and then wait for the gate.
fn held_command(req: &Request<'_>) -> Result<(std::process::Command, Held), ProfileError> {
    let mut cmd = req.spawn.command().map_err(ProfileError::Spawn)?;
    let (pid_read, pid_write) = pipe()?;
    let (gate_read, gate_write) = pipe()?;
    let fds = [
        pid_read.as_raw_fd(),
        pid_write.as_raw_fd(),
        gate_read.as_raw_fd(),
        gate_write.as_raw_fd(),
    ];
    // SAFETY: between fork and exec only getpid(2), write(2), read(2) and close(2) on
    // descriptors opened before the fork, and a stack buffer. The child closes the ends
    // it does not use first, so that joulebench's death (EOF on the gate) lets it go
    // rather than hang it.
    unsafe {
        cmd.pre_exec(move || {
            let [pid_r, pid_w, gate_r, gate_w] = fds;
            libc::close(pid_r);
            libc::close(gate_w);
            let pid = (libc::getpid() as u32).to_ne_bytes();
            libc::write(pid_w, pid.as_ptr().cast(), pid.len());
            libc::close(pid_w);
            let mut byte = [0u8; 1];
            libc::read(gate_r, byte.as_mut_ptr().cast(), 1);
            libc::close(gate_r);
            Ok(())
        });
    }
    Ok((
        cmd,
        Held {
            pid_read,
            pid_write,
            gate_read,
            gate_write,
        },
    ))
}

impl Held {
    /// Wait until the child has told its pid, or the spawn failed.
    fn wait_for_pid(
        self,
        spawner: &std::thread::ScopedJoinHandle<'_, std::io::Result<std::process::Child>>,
    ) -> Result<HeldChild, ProfileError> {
        let Held {
            pid_read,
            pid_write,
            gate_read,
            gate_write,
        } = self;
        let mut file = std::fs::File::from(pid_read);
        let mut buf = [0u8; 4];
        loop {
            let mut fds = [nix::poll::PollFd::new(
                std::os::fd::AsFd::as_fd(&file),
                nix::poll::PollFlags::POLLIN,
            )];
            let ready = nix::poll::poll(&mut fds, nix::poll::PollTimeout::from(50u16))
                .map_err(|e| ProfileError::Spawn(e.into()))?;
            if ready > 0 {
                break;
            }
            if spawner.is_finished() {
                // Failed before the child could tell (exec error, bad directory).
                return Err(ProfileError::Spawn(std::io::Error::other(
                    "the command did not start",
                )));
            }
        }
        std::io::Read::read_exact(&mut file, &mut buf).map_err(ProfileError::Spawn)?;
        // The child has its copies now; ours of the ends it uses must go.
        drop((pid_write, gate_read));
        Ok(HeldChild {
            pid: u32::from_ne_bytes(buf),
            gate: gate_write,
        })
    }
}

/// SIGKILL the command's process group (it has its own).
fn kill_tree(pid: u32) {
    let _ = nix::sys::signal::killpg(
        nix::unistd::Pid::from_raw(pid as i32),
        nix::sys::signal::Signal::SIGKILL,
    );
}

/// Read the sensor and close the interval since `prev`.
fn read_interval(
    sensor: &mut dyn Sensor,
    prev: &mut joulebench_sensors::Sample,
    clock: &Clock,
    out: &mut Recorded,
) {
    let now = match sensor.sample() {
        Ok(s) => s,
        Err(e) => {
            out.warnings
                .push(format!("sensor error during the run: {e}"));
            return;
        }
    };
    let joules: BTreeMap<Domain, f64> = now
        .energy
        .iter()
        .map(|(d, j)| (*d, j - prev.energy.get(d).copied().unwrap_or(0.0)))
        .collect();
    out.intervals.push(Interval {
        start_ns: clock.ns(prev.at),
        end_ns: clock.ns(now.at),
        joules,
    });
    *prev = now;
}

/// How the command ended.
struct Status {
    code: i32,
    cpu: Duration,
}

/// `wait4` without blocking: the exit status and the CPU time of the command and of
/// the children it waited for.
fn try_reap(pid: u32) -> Result<Option<Status>, ProfileError> {
    let mut status = 0;
    // SAFETY: rusage is plain data the kernel fills; status is an int.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as i32, &mut status, libc::WNOHANG, &mut usage) };
    if r < 0 {
        return Err(ProfileError::Wait(std::io::Error::last_os_error()));
    }
    if r == 0 {
        return Ok(None);
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    Ok(Some(Status {
        code,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
    }))
}

/// A pipe, both ends close-on-exec.
pub(crate) fn pipe() -> Result<(OwnedFd, OwnedFd), ProfileError> {
    nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)
        .map_err(|e| ProfileError::Spawn(std::io::Error::from(e)))
}

/// DWARF unwinding as the records come in, so that each copied stack is kept only until
/// the next drain (16 KiB per sample: 16 MB per second at 1 kHz otherwise).
#[derive(Default)]
struct Unwound {
    unwinders: Option<crate::dwarf::Unwinders>,
    mappings_seen: usize,
    samples_seen: usize,
}

impl Unwound {
    fn catch_up(&mut self, d: &mut Drained) {
        if d.samples[self.samples_seen..]
            .iter()
            .all(|s| s.user.is_none())
        {
            self.samples_seen = d.samples.len();
            return;
        }
        let u = self
            .unwinders
            .get_or_insert_with(crate::dwarf::Unwinders::new);
        for m in &d.mappings[self.mappings_seen..] {
            u.add(m);
        }
        self.mappings_seen = d.mappings.len();
        for s in &mut d.samples[self.samples_seen..] {
            if let Some(stack) = s.user.take() {
                let user = u.unwind(s.pid, &stack);
                s.ips.extend(user);
            }
        }
        self.samples_seen = d.samples.len();
    }
}
