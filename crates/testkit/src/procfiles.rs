//! The one writer of the machine-wide `/proc` files of the test trees: `cpuinfo`,
//! `meminfo` and `stat`, as [`crate::fake::FakeTree`] and [`crate::proctable::FakeProc`]
//! lay them out.

use std::io;
use std::path::Path;

/// One logical CPU as `cpuinfo` lists it.
pub(crate) struct CpuEntry<'a> {
    /// `processor`.
    pub cpu: usize,
    /// `vendor_id`.
    pub vendor: &'a str,
    /// `cpu family` and `model`, when listed.
    pub family_model: Option<(u32, u32)>,
    /// `model name`.
    pub model_name: &'a str,
    /// `physical id` and `core id`, when listed.
    pub place: Option<(u32, u32)>,
}

/// Writes `path` aside and renames it into place, so a concurrent reader never sees half
/// a file.
pub(crate) fn write_aside(path: &Path, contents: &str) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path)
}

/// Writes `<dir>/cpuinfo` (one entry per CPU) and `<dir>/meminfo`.
pub(crate) fn write_machine(
    dir: &Path,
    cpus: &[CpuEntry],
    mem_total_kb: u64,
    mem_free_kb: u64,
) -> io::Result<()> {
    let mut cpuinfo = String::new();
    for c in cpus {
        cpuinfo.push_str(&format!(
            "processor\t: {}\nvendor_id\t: {}\n",
            c.cpu, c.vendor
        ));
        if let Some((family, model)) = c.family_model {
            cpuinfo.push_str(&format!("cpu family\t: {family}\nmodel\t\t: {model}\n"));
        }
        cpuinfo.push_str(&format!("model name\t: {}\n", c.model_name));
        if let Some((package, core)) = c.place {
            cpuinfo.push_str(&format!("physical id\t: {package}\ncore id\t\t: {core}\n"));
        }
        cpuinfo.push('\n');
    }
    write_aside(&dir.join("cpuinfo"), &cpuinfo)?;
    write_aside(
        &dir.join("meminfo"),
        &format!("MemTotal:{mem_total_kb:>15} kB\nMemFree:{mem_free_kb:>16} kB\n"),
    )
}

/// Writes `<dir>/stat`: the `cpu` line with `busy` user and `idle` idle jiffies, a
/// `cpuN` line per entry of `per_cpu` (busy, idle), then the other counters at zero.
pub(crate) fn write_stat(
    dir: &Path,
    busy: u64,
    idle: u64,
    per_cpu: &[(u64, u64)],
) -> io::Result<()> {
    let mut s = format!("cpu  {busy} 0 0 {idle} 0 0 0 0 0 0\n");
    for (i, (b, d)) in per_cpu.iter().enumerate() {
        s.push_str(&format!("cpu{i} {b} 0 0 {d} 0 0 0 0 0 0\n"));
    }
    s.push_str("intr 0\nctxt 0\nbtime 0\nprocesses 1\n");
    write_aside(&dir.join("stat"), &s)
}
