//! Small helpers shared by the back-ends: reading counter files with classified errors,
//! CPU lists, `/proc/cpuinfo` and the sysfs CPU topology.

use crate::SensorError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest sysfs value file read (a counter, a name, a scale): they hold a few bytes.
pub(crate) const VALUE_MAX: usize = 4096;
/// The largest procfs table read (`/proc/stat`, `/proc/cpuinfo` of a very large machine).
pub(crate) const TABLE_MAX: usize = 16 << 20;

/// Read a procfs table, trimmed: [`read_bounded`] with [`TABLE_MAX`].
pub(crate) fn read_trimmed(
    sensor: &'static str,
    path: &Path,
    opened: bool,
    fix: &str,
) -> Result<String, SensorError> {
    read_bounded(sensor, path, opened, fix, TABLE_MAX)
}

/// Read a sysfs value file, trimmed: [`read_bounded`] with [`VALUE_MAX`].
pub(crate) fn read_value(
    sensor: &'static str,
    path: &Path,
    opened: bool,
    fix: &str,
) -> Result<String, SensorError> {
    read_bounded(sensor, path, opened, fix, VALUE_MAX)
}

/// Read a small text file, trimmed, of at most `max` bytes. Errors are classified by
/// [`SensorError::from_io`]; `fix` is used when reading is refused.
///
/// Hostile trees are refused before they can hurt: the file is opened non-blocking (a
/// FIFO put where `energy_uj` belongs hung `run`, `sensors` and `serve` in `open` for
/// ever, deaf to Ctrl-C), must be a regular file (sysfs and procfs attributes are), and
/// is read through a bound (a 1 GB `energy_uj` was read whole).
pub(crate) fn read_bounded(
    sensor: &'static str,
    path: &Path,
    opened: bool,
    fix: &str,
    max: usize,
) -> Result<String, SensorError> {
    match read_quick(path, max) {
        Some(text) => Ok(text),
        None => read_checked(sensor, path, opened, fix, max),
    }
}

/// The size of [`read_quick`]'s buffer: every counter and `/proc/stat` of a machine of
/// a few dozen CPUs fit.
const QUICK_MAX: usize = 8192;

/// The common case of [`read_bounded`] in three system calls (open, one read, close)
/// instead of five: sampling at 1000 Hz spent more CPU in the two others (`fstat`, the
/// read that sees the end of the file) than in waking up. Only a read that returned the
/// whole file is taken: some bytes, fewer than the buffer holds and than `max`, valid
/// UTF-8. Anything else (an error, nothing, a full buffer: a FIFO without a writer, a
/// device, a large file) is None, and [`read_checked`] reads it again and says what is
/// wrong. Non-blocking, so that a FIFO or device cannot hang it either.
fn read_quick(path: &Path, max: usize) -> Option<String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC)
        .open(path)
        .ok()?;
    let mut buf = [0u8; QUICK_MAX];
    let n = f.read(&mut buf).ok()?;
    if n == 0 || n >= QUICK_MAX || n > max {
        return None;
    }
    let text = std::str::from_utf8(buf.get(..n)?).ok()?;
    Some(text.trim().to_string())
}

/// [`read_bounded`] with every check: the file type, the bound, the encoding, each
/// failure classified.
fn read_checked(
    sensor: &'static str,
    path: &Path,
    opened: bool,
    fix: &str,
    max: usize,
) -> Result<String, SensorError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let hostile = |why: String| SensorError::NotASensorFile {
        path: path.to_path_buf(),
        why,
    };
    let io = |e: std::io::Error| SensorError::from_io(sensor, path, e, opened, fix);
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC)
        .open(path)
        .map_err(io)?;
    let md = f.metadata().map_err(io)?;
    if !md.is_file() {
        use std::os::unix::fs::FileTypeExt;
        let t = md.file_type();
        let what = if t.is_fifo() {
            "a FIFO"
        } else if t.is_char_device() || t.is_block_device() {
            "a device"
        } else if t.is_dir() {
            "a directory"
        } else {
            "not a regular file"
        };
        return Err(hostile(format!("is {what}")));
    }
    // procfs files report a size of 0: without room reserved, std reads them 32 bytes at
    // a time, doubling (eight system calls for one /proc/stat, in every sample).
    let mut buf = Vec::with_capacity(max.min(8192));
    f.take(max as u64 + 1).read_to_end(&mut buf).map_err(io)?;
    if buf.len() > max {
        return Err(hostile(format!("is larger than {max} bytes")));
    }
    match String::from_utf8(buf) {
        Ok(s) => Ok(s.trim().to_string()),
        Err(_) => Err(SensorError::Parse {
            path: path.to_path_buf(),
            content: "<not UTF-8>".into(),
        }),
    }
}

/// Shorten file contents for an error message.
pub(crate) fn snippet(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 40 {
        let mut out: String = s.chars().take(40).collect();
        out.push('…');
        out
    } else {
        s.to_string()
    }
}

/// Parse a decimal counter value; anything else is a [`SensorError::Parse`] naming `path`.
pub(crate) fn parse_u64(path: &Path, s: &str) -> Result<u64, SensorError> {
    s.trim().parse::<u64>().map_err(|_| SensorError::Parse {
        path: path.to_path_buf(),
        content: snippet(s),
    })
}

/// Parse a kernel CPU list such as `0`, `0,28` or `0-3,8-11`.
pub(crate) fn parse_cpulist(path: &Path, s: &str) -> Result<Vec<usize>, SensorError> {
    let bad = || SensorError::Parse {
        path: path.to_path_buf(),
        content: snippet(s),
    };
    let mut cpus = Vec::new();
    for part in s.trim().split(',').filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                let a: usize = a.trim().parse().map_err(|_| bad())?;
                let b: usize = b.trim().parse().map_err(|_| bad())?;
                if b < a || b - a > 65_536 {
                    return Err(bad());
                }
                cpus.extend(a..=b);
            }
            None => cpus.push(part.trim().parse().map_err(|_| bad())?),
        }
    }
    if cpus.is_empty() {
        return Err(bad());
    }
    cpus.sort_unstable();
    cpus.dedup();
    Ok(cpus)
}

/// What `/proc/cpuinfo` says about the processor (from its first entry) and how many
/// logical CPUs it lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CpuInfo {
    /// `vendor_id`: `GenuineIntel`, `AuthenticAMD`, ...
    pub vendor: String,
    /// `cpu family`, decimal.
    pub family: u32,
    /// `model`, decimal.
    pub model: u32,
    /// `model name`.
    pub model_name: String,
    /// Number of `processor` entries.
    pub processors: u32,
    /// `physical id` and `core id` per processor, when listed.
    pub topology: BTreeMap<usize, (u32, u32)>,
}

impl CpuInfo {
    /// Parse the text of `/proc/cpuinfo`.
    pub(crate) fn parse(text: &str) -> CpuInfo {
        let mut info = CpuInfo::default();
        let mut current: Option<usize> = None;
        let mut phys: Option<u32> = None;
        let mut core: Option<u32> = None;
        let flush = |cpu: Option<usize>, p: Option<u32>, c: Option<u32>, info: &mut CpuInfo| {
            if let (Some(cpu), Some(p), Some(c)) = (cpu, p, c) {
                info.topology.insert(cpu, (p, c));
            }
        };
        for line in text.lines() {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            let (k, v) = (k.trim(), v.trim());
            match k {
                "processor" => {
                    flush(current, phys, core, &mut info);
                    current = v.parse().ok();
                    phys = None;
                    core = None;
                    info.processors += 1;
                }
                "vendor_id" if info.vendor.is_empty() => info.vendor = v.to_string(),
                "cpu family" if info.processors <= 1 => info.family = v.parse().unwrap_or(0),
                "model" if info.processors <= 1 => info.model = v.parse().unwrap_or(0),
                "model name" if info.model_name.is_empty() => info.model_name = v.to_string(),
                // Some architectures (arm64) name it differently.
                "Processor" | "cpu model" if info.model_name.is_empty() => {
                    info.model_name = v.to_string()
                }
                "physical id" => phys = v.parse().ok(),
                "core id" => core = v.parse().ok(),
                _ => {}
            }
        }
        flush(current, phys, core, &mut info);
        info
    }

    /// Read and parse `<procfs>/cpuinfo`.
    pub(crate) fn read(sensor: &'static str, procfs: &Path) -> Result<CpuInfo, SensorError> {
        let path = procfs.join("cpuinfo");
        let text = read_trimmed(sensor, &path, false, "make /proc readable")?;
        Ok(CpuInfo::parse(&text))
    }
}

/// One logical CPU's place in the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CpuPlace {
    /// Logical CPU number.
    pub cpu: usize,
    /// Physical package (socket).
    pub package: u32,
    /// Core id within the package.
    pub core: u32,
}

/// The logical CPUs under `<sysfs>/devices/system/cpu/cpuN/topology`, sorted by CPU
/// number; empty when that directory has no topology.
pub(crate) fn sysfs_topology(sysfs: &Path) -> Vec<CpuPlace> {
    let dir = sysfs.join("devices/system/cpu");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(n) = name
            .to_str()
            .and_then(|s| s.strip_prefix("cpu"))
            .and_then(|s| s.parse::<usize>().ok())
        else {
            continue;
        };
        let topo = e.path().join("topology");
        let read = |f: &str| -> Option<u32> {
            std::fs::read_to_string(topo.join(f))
                .ok()
                .and_then(|s| s.trim().parse::<i64>().ok())
                // Offline CPUs report -1.
                .and_then(|v| u32::try_from(v).ok())
        };
        if let Some(package) = read("physical_package_id") {
            out.push(CpuPlace {
                cpu: n,
                package,
                core: read("core_id").unwrap_or(n as u32),
            });
        }
    }
    out.sort_by_key(|p| p.cpu);
    out
}

/// The package of `cpu` from the sysfs topology, if known.
pub(crate) fn package_of(sysfs: &Path, cpu: usize) -> Option<u32> {
    let p: PathBuf = sysfs.join(format!(
        "devices/system/cpu/cpu{cpu}/topology/physical_package_id"
    ));
    std::fs::read_to_string(p)
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|v| u32::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick read (one read system call) must give what the checked one gives, and
    /// leave every file it cannot take whole to the checked read and its errors.
    #[test]
    fn the_quick_read_takes_only_whole_small_files() {
        let dir = tempfile::tempdir().unwrap();
        let value = dir.path().join("energy_uj");
        std::fs::write(&value, "123456\n").unwrap();
        assert_eq!(read_quick(&value, VALUE_MAX).as_deref(), Some("123456"));
        assert_eq!(read_value("t", &value, true, "").unwrap(), "123456");
        // Larger than the quick buffer (a /proc/stat of many CPUs): read whole, checked.
        let table = dir.path().join("stat");
        let big = "cpu 1 2 3\n".repeat(2000);
        std::fs::write(&table, &big).unwrap();
        assert_eq!(read_quick(&table, TABLE_MAX), None);
        assert_eq!(read_trimmed("t", &table, true, "").unwrap(), big.trim());
        // Over the bound: refused by the checked read.
        std::fs::write(&value, "1".repeat(VALUE_MAX + 1)).unwrap();
        assert_eq!(read_quick(&value, VALUE_MAX), None);
        let e = read_value("t", &value, true, "").unwrap_err().to_string();
        assert!(e.contains("larger than"), "{e}");
        // A FIFO without a writer reads nothing at once: refused naming what it is.
        let fifo = dir.path().join("fifo");
        mkfifo(&fifo);
        assert_eq!(read_quick(&fifo, VALUE_MAX), None);
        let e = read_value("t", &fifo, true, "").unwrap_err().to_string();
        assert!(e.contains("FIFO"), "{e}");
    }

    fn mkfifo(p: &Path) {
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    }

    #[test]
    fn cpulists() {
        let p = Path::new("cpumask");
        assert_eq!(parse_cpulist(p, "0").unwrap(), vec![0]);
        assert_eq!(parse_cpulist(p, "0,28\n").unwrap(), vec![0, 28]);
        assert_eq!(parse_cpulist(p, "0-2,8-9").unwrap(), vec![0, 1, 2, 8, 9]);
        assert!(matches!(
            parse_cpulist(p, "zero"),
            Err(SensorError::Parse { .. })
        ));
        assert!(parse_cpulist(p, "").is_err());
        assert!(parse_cpulist(p, "3-1").is_err());
    }

    #[test]
    fn cpuinfo_fields() {
        let text = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n\
                    model name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz\nphysical id\t: 0\n\
                    core id\t\t: 0\n\nprocessor\t: 1\nvendor_id\t: GenuineIntel\n\
                    cpu family\t: 6\nmodel\t\t: 85\nphysical id\t: 1\ncore id\t\t: 0\n";
        let c = CpuInfo::parse(text);
        assert_eq!(c.vendor, "GenuineIntel");
        assert_eq!((c.family, c.model, c.processors), (6, 85, 2));
        assert!(c.model_name.contains("Gold 6148"));
        assert_eq!(c.topology.get(&1), Some(&(1, 0)));
    }

    #[test]
    fn garbage_counter_names_the_file() {
        let e = parse_u64(Path::new("/x/energy_uj"), "12ab\n").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("/x/energy_uj") && msg.contains("12ab"),
            "{msg}"
        );
    }
}
