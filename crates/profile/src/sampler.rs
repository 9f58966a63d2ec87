//! Stack samples of one process tree, from the kernel's perf sampling.
//!
//! Why one event per CPU: the kernel refuses to map the ring buffer of an inherited
//! per-task event that follows the task on every CPU (`cpu = -1`), because all the
//! children would then write into one buffer. `perf record` opens one event per CPU
//! for the same reason; so does this.
//!
//! The events are opened on the command's pid while it waits before `exec` (see
//! `launch`), with `enable_on_exec`, so that the first sample is the command's own code
//! and nothing of joulebench's. `inherit` follows every process and thread it starts.

use crate::dwarf::{UserStack, REGS_MASK, STACK_BYTES};
use crate::error::ProfileError;
use perf_event::data::Record as PerfRecord;
use perf_event::events::Software;
use perf_event::{Builder, Clock, SampleFlag, Sampler};

/// How stacks are sampled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SamplerConfig {
    /// Samples per second of CPU time, per thread.
    pub frequency: u64,
    /// Also sample (and walk) the kernel side of each stack; needs root or
    /// `perf_event_paranoid` <= 1.
    pub kernel: bool,
    /// Copy user registers and stack for DWARF unwinding instead of walking frame
    /// pointers in the kernel.
    pub dwarf: bool,
}

/// One stack sample.
#[derive(Clone, Debug, PartialEq)]
pub struct StackSample {
    /// CLOCK_MONOTONIC nanoseconds.
    pub time_ns: u64,
    /// Process and thread.
    pub pid: u32,
    /// Thread.
    pub tid: u32,
    /// The CPU it ran on.
    pub cpu: u32,
    /// CPU time this sample stands for, in nanoseconds (cpu-clock's period).
    pub period_ns: u64,
    /// Instruction pointers, innermost first (the kernel's callchain, context markers
    /// removed). Kernel addresses are kept and flagged by [`is_kernel_address`].
    pub ips: Vec<u64>,
    /// With `--call-graph dwarf`: the user state to unwind (taken once unwound).
    pub user: Option<Box<UserStack>>,
}

/// A file (or anonymous region) mapped into one of the tree's processes.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    /// The process.
    pub pid: u32,
    /// Start address.
    pub start: u64,
    /// Length in bytes.
    pub len: u64,
    /// File offset of `start`.
    pub pgoff: u64,
    /// The file's path, or a kernel label such as `[heap]` or `//anon`.
    pub path: String,
}

/// Everything the ring buffers held.
#[derive(Debug, Default)]
pub struct Drained {
    /// Stack samples.
    pub samples: Vec<StackSample>,
    /// Executable mappings.
    pub mappings: Vec<Mapping>,
    /// pid -> command name (the last `comm` seen).
    pub comms: Vec<(u32, String)>,
    /// Samples the kernel dropped because a buffer was full.
    pub lost: u64,
}

/// The callchain context markers (`PERF_CONTEXT_*`) are the top 4095 values of u64.
const CONTEXT_MARKER_MIN: u64 = u64::MAX - 4095;

/// Kernel text lives in the upper half of the address space on the 64-bit
/// architectures Linux supports.
pub fn is_kernel_address(ip: u64) -> bool {
    ip >= 1 << 63
}

/// Per-CPU samplers on one process tree.
pub struct TreeSampler {
    samplers: Vec<Sampler>,
}

/// Ring buffer per CPU: 512 KiB holds about 4 s of 1 kHz samples with 60-frame stacks
/// on one CPU, and the buffers are drained every timeline tick (10 ms by default).
const RING_BYTES: usize = 512 * 1024;

impl TreeSampler {
    /// Open one sampler per online CPU on `pid`, enabled when it calls `exec`.
    pub fn open(pid: i32, cpus: &[usize], cfg: SamplerConfig) -> Result<Self, ProfileError> {
        let mut samplers = Vec::with_capacity(cpus.len());
        let mut flags = SampleFlag::IP
            | SampleFlag::TID
            | SampleFlag::TIME
            | SampleFlag::CPU
            | SampleFlag::PERIOD
            | SampleFlag::CALLCHAIN;
        if cfg.dwarf {
            flags |= SampleFlag::REGS_USER | SampleFlag::STACK_USER;
        }
        // Stack copies make records about 100 times larger.
        let ring = if cfg.dwarf {
            RING_BYTES * 16
        } else {
            RING_BYTES
        };
        for &cpu in cpus {
            let mut builder = Builder::new(Software::CPU_CLOCK);
            if cfg.dwarf {
                builder
                    .sample_regs_user(REGS_MASK)
                    .sample_stack_user(STACK_BYTES)
                    .exclude_callchain_user(true);
            }
            let counter = builder
                .observe_pid(pid)
                .one_cpu(cpu)
                .sample_frequency(cfg.frequency)
                .sample(flags)
                .clockid(Clock::MONOTONIC)
                .inherit(true)
                .enable_on_exec(true)
                .enabled(false)
                .exclude_kernel(!cfg.kernel)
                .exclude_callchain_kernel(!cfg.kernel)
                .exclude_hv(true)
                .mmap(true)
                .mmap2(true)
                .comm(true)
                .comm_exec(true)
                .task(true)
                .sample_id_all(true)
                .build()
                .map_err(|e| ProfileError::open(e, cfg.kernel))?;
            let sampler = counter
                .sampled(ring)
                .map_err(|e| ProfileError::open(e, cfg.kernel))?;
            samplers.push(sampler);
        }
        Ok(TreeSampler { samplers })
    }

    /// Move every record the kernel has written so far into `out`.
    pub fn drain(&mut self, out: &mut Drained) {
        for s in &mut self.samplers {
            while let Some(record) = s.next_record() {
                // A record this crate cannot parse is skipped, not fatal: the rest of the
                // buffer is still good (records carry their own length).
                if let Ok(parsed) = record.parse_record() {
                    take(parsed, out);
                }
            }
        }
    }
}

/// Keep what the profile needs of one record.
fn take(record: PerfRecord<'_>, out: &mut Drained) {
    match record {
        PerfRecord::Sample(s) => {
            let (Some(time_ns), Some(pid), Some(tid), Some(cpu), Some(period)) =
                (s.time(), s.pid(), s.tid(), s.cpu(), s.period())
            else {
                return;
            };
            let ips = match s.callchain() {
                Some(chain) => chain
                    .iter()
                    .copied()
                    .filter(|&ip| ip < CONTEXT_MARKER_MIN)
                    .collect(),
                None => s.ip().into_iter().collect(),
            };
            let user = user_stack(&s);
            out.samples.push(StackSample {
                time_ns,
                pid,
                tid,
                cpu,
                period_ns: period,
                ips,
                user,
            });
        }
        PerfRecord::Mmap2(m) => out.mappings.push(mapping(&m.into_mmap())),
        PerfRecord::Mmap(m) => out.mappings.push(mapping(&m)),
        PerfRecord::Comm(c) => out
            .comms
            .push((c.pid, String::from_utf8_lossy(&c.comm).into_owned())),
        PerfRecord::Lost(l) => out.lost += l.lost,
        _ => {}
    }
}

/// What the profile keeps of an mmap record (MMAP2's extra fields, device and inode,
/// are not needed: the path names the file).
fn mapping(m: &perf_event::data::Mmap<'_>) -> Mapping {
    Mapping {
        pid: m.pid,
        start: m.addr,
        len: m.len,
        pgoff: m.pgoff,
        path: String::from_utf8_lossy(&m.filename).into_owned(),
    }
}

/// The copied user registers and stack of a sample, when it has them (a sample in a
/// kernel thread has none: its ABI is "none").
fn user_stack(s: &perf_event::data::Sample<'_>) -> Option<Box<UserStack>> {
    let regs = s.regs_user()?;
    let bytes = s.stack_user()?;
    // Registers come in ascending perf number: BP, SP, IP.
    let [bp, sp, ip] = regs.regs.as_ref().try_into().ok()?;
    Some(Box::new(UserStack {
        ip,
        sp,
        bp,
        bytes: bytes.to_vec(),
    }))
}

/// The online CPUs, from `/sys/devices/system/cpu/online` under `sysfs` (e.g. `0-3,6`).
pub fn online_cpus(sysfs: &std::path::Path) -> Vec<usize> {
    let text = std::fs::read_to_string(sysfs.join("devices/system/cpu/online")).unwrap_or_default();
    let mut cpus = parse_cpu_list(text.trim());
    if cpus.is_empty() {
        // Unreadable: every CPU the scheduler lets this process use is a safe guess.
        let n = std::thread::available_parallelism().map_or(1, |n| n.get());
        cpus = (0..n).collect();
    }
    cpus
}

/// Parse a kernel CPU list such as `0-3,6`; malformed parts are skipped, and a range
/// is capped so that a hostile file cannot make us open millions of events.
pub fn parse_cpu_list(text: &str) -> Vec<usize> {
    const MAX_CPUS: usize = 8192;
    let mut cpus = Vec::new();
    for part in text.split(',').filter(|p| !p.is_empty()) {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        if let (Ok(a), Ok(b)) = (a.trim().parse::<usize>(), b.trim().parse::<usize>()) {
            if a <= b && b < MAX_CPUS {
                cpus.extend(a..=b);
            }
        }
    }
    cpus.sort_unstable();
    cpus.dedup();
    cpus
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_lists_as_the_kernel_writes_them() {
        assert_eq!(parse_cpu_list("0-3,6"), vec![0, 1, 2, 3, 6]);
        assert_eq!(parse_cpu_list("0"), vec![0]);
        // Hostile or broken: skipped parts, no huge allocation.
        assert_eq!(parse_cpu_list("5-2,x,1-99999999"), Vec::<usize>::new());
    }

    #[test]
    fn kernel_addresses_are_the_upper_half() {
        assert!(is_kernel_address(0xffff_ffff_8100_0000));
        assert!(!is_kernel_address(0x5555_5555_0000));
    }
}
