//! The exporter's own CPU time and resident memory.

/// The exporter's own resource use.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SelfStat {
    /// User + system CPU time of the whole process, seconds.
    pub cpu_seconds: f64,
    /// Resident set size, bytes.
    pub resident_bytes: u64,
}

/// Read them now: CPU from `getrusage`, memory from `/proc/self/statm` (the real one,
/// whatever `--procfs-root` says). Unreadable figures are 0.
pub fn read() -> SelfStat {
    SelfStat {
        cpu_seconds: cpu_seconds(),
        resident_bytes: resident_bytes().unwrap_or(0),
    }
}

/// User + system CPU time of this process, seconds.
pub fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a rusage struct.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } != 0 {
        return 0.0;
    }
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Resident set size of this process, bytes.
pub fn resident_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = text.split_whitespace().nth(1)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    let page = u64::try_from(page).ok().filter(|p| *p > 0).unwrap_or(4096);
    Some(pages * page)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_something_plausible() {
        let s = super::read();
        assert!(s.cpu_seconds >= 0.0);
        assert!(s.resident_bytes > 100_000, "{s:?}");
    }
}
