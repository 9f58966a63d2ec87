//! Addresses to function names, after the command has exited.
//!
//! The processes are gone by the time the profile is built, so `/proc/PID/maps` cannot
//! be read: the kernel's mmap records, taken while they ran, say which file each
//! address belongs to, and blazesym symbolizes the file offset in that ELF file (its
//! symbol table, or DWARF when present; names demangled). Addresses in anonymous
//! memory are JIT code: they are looked up in the runtime's `/tmp/perf-PID.map`, the
//! perf convention (`node --perf-basic-prof`, `python3 -X perf`, Java map agents).
//! Kernel addresses go to blazesym's kernel source (`/proc/kallsyms`).

use crate::sampler::{is_kernel_address, Mapping, StackSample};
use blazesym::symbolize::source::{Elf, Kernel, Source};
use blazesym::symbolize::{Input, Symbolized, Symbolizer};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Resolves every sample's stack to function names, root first.
pub struct Symbols {
    symbolizer: Symbolizer,
    maps: HashMap<u32, Vec<Mapping>>,
    comms: HashMap<u32, String>,
    perf_maps: HashMap<u32, Option<PerfMap>>,
    /// Where `perf-PID.map` files are (`/tmp`; a test directory in tests).
    perf_map_dir: PathBuf,
    /// The uid the command ran as: only its (or root's) perf maps are believed.
    perf_map_owner: u32,
    kernel: HashMap<u64, String>,
    /// How many frames had no symbol.
    pub unknown_frames: u64,
    /// How many frames were resolved.
    pub known_frames: u64,
}

/// Where an address lies.
enum Place<'a> {
    Kernel,
    File {
        path: &'a str,
        offset: u64,
    },
    /// A kernel-labelled region such as `[vdso]`.
    Labelled(&'a str),
    Anonymous,
}

impl Symbols {
    /// Symbols for the processes described by `mappings` and `comms`.
    pub fn new(
        mappings: &[Mapping],
        comms: &[(u32, String)],
        perf_map_dir: &Path,
        perf_map_owner: u32,
    ) -> Self {
        let mut maps: HashMap<u32, Vec<Mapping>> = HashMap::new();
        for m in mappings {
            maps.entry(m.pid).or_default().push(m.clone());
        }
        Symbols {
            symbolizer: Symbolizer::new(),
            maps,
            comms: comms.iter().cloned().collect(),
            perf_maps: HashMap::new(),
            perf_map_dir: perf_map_dir.to_path_buf(),
            perf_map_owner,
            kernel: HashMap::new(),
            unknown_frames: 0,
            known_frames: 0,
        }
    }

    /// The frames of every sample, root first, the process name as the root frame (as
    /// `perf script | stackcollapse-perf` writes them).
    pub fn stacks(&mut self, samples: &[StackSample]) -> Vec<Vec<String>> {
        let names = self.resolve_all(samples);
        samples
            .iter()
            .map(|s| {
                let comm = self
                    .comms
                    .get(&s.pid)
                    .cloned()
                    .unwrap_or_else(|| format!("pid-{}", s.pid));
                let mut frames = vec![comm];
                frames.extend(s.ips.iter().enumerate().rev().map(|(depth, &ip)| {
                    names
                        .get(&(s.pid, lookup_ip(ip, depth)))
                        .cloned()
                        .unwrap_or_else(|| "[unknown]".to_string())
                }));
                frames
            })
            .collect()
    }

    /// Names for every (pid, address) in the samples, symbolizing each file once.
    fn resolve_all(&mut self, samples: &[StackSample]) -> HashMap<(u32, u64), String> {
        let mut by_file: HashMap<String, Vec<(u32, u64, u64)>> = HashMap::new();
        let mut names = HashMap::new();
        let mut rest = Vec::new();
        let mut labelled = 0;
        for s in samples {
            for (depth, &ip) in s.ips.iter().enumerate() {
                let ip = lookup_ip(ip, depth);
                if names.contains_key(&(s.pid, ip)) {
                    continue;
                }
                names.insert((s.pid, ip), String::new());
                match self.place(s.pid, ip) {
                    Place::File { path, offset } => by_file
                        .entry(path.to_string())
                        .or_default()
                        .push((s.pid, ip, offset)),
                    Place::Labelled(label) => {
                        labelled += 1;
                        names.insert((s.pid, ip), label.to_string());
                    }
                    Place::Kernel | Place::Anonymous => rest.push((s.pid, ip)),
                }
            }
        }
        self.known_frames += labelled;
        for (path, addrs) in by_file {
            let offsets: Vec<u64> = addrs.iter().map(|a| a.2).collect();
            let src = Source::Elf(Elf::new(&path));
            let found = self
                .symbolizer
                .symbolize(&src, Input::FileOffset(&offsets))
                .unwrap_or_default();
            for (i, (pid, ip, _)) in addrs.iter().enumerate() {
                let name = match found.get(i) {
                    Some(Symbolized::Sym(sym)) => {
                        self.known_frames += 1;
                        sym.name.to_string()
                    }
                    _ => {
                        self.unknown_frames += 1;
                        format!("[{}]", file_name(&path))
                    }
                };
                names.insert((*pid, *ip), name);
            }
        }
        for (pid, ip) in rest {
            let name = if is_kernel_address(ip) {
                self.kernel_name(ip)
            } else {
                self.jit_name(pid, ip)
            };
            names.insert((pid, ip), name);
        }
        names
    }

    /// Which file an address of `pid` is in: the latest mapping covering it wins (a
    /// process that calls `exec` maps new files over the old ones).
    fn place(&self, pid: u32, ip: u64) -> Place<'_> {
        if is_kernel_address(ip) {
            return Place::Kernel;
        }
        let hit = self.maps.get(&pid).and_then(|maps| {
            maps.iter()
                .rev()
                .find(|m| ip >= m.start && ip - m.start < m.len)
        });
        match hit {
            Some(m) if is_jit_region(&m.path) => Place::Anonymous,
            Some(m) if m.path.starts_with('/') => Place::File {
                path: &m.path,
                offset: ip - m.start + m.pgoff,
            },
            // `[vdso]`, `[vsyscall]`: named by the kernel. Anonymous, heap and stack
            // regions that run code are a JIT's: its perf map names them.
            Some(m) if m.path.starts_with('[') => Place::Labelled(&m.path),
            _ => Place::Anonymous,
        }
    }

    fn kernel_name(&mut self, ip: u64) -> String {
        if let Some(n) = self.kernel.get(&ip) {
            return n.clone();
        }
        let src = Source::Kernel(Kernel::default());
        let name = match self.symbolizer.symbolize_single(&src, Input::AbsAddr(ip)) {
            Ok(Symbolized::Sym(sym)) => {
                self.known_frames += 1;
                format!("{}_[k]", sym.name)
            }
            _ => {
                self.unknown_frames += 1;
                "[kernel]".to_string()
            }
        };
        self.kernel.insert(ip, name.clone());
        name
    }

    fn jit_name(&mut self, pid: u32, ip: u64) -> String {
        let (dir, owner) = (self.perf_map_dir.clone(), self.perf_map_owner);
        let map = self
            .perf_maps
            .entry(pid)
            .or_insert_with(|| PerfMap::load(&dir.join(format!("perf-{pid}.map")), owner));
        match map.as_ref().and_then(|m| m.find(ip)) {
            Some(name) => {
                self.known_frames += 1;
                name.to_string()
            }
            None => {
                self.unknown_frames += 1;
                "[unknown]".to_string()
            }
        }
    }
}

/// A return address points after the call; the call itself is one byte earlier (as
/// perf resolves callers). The innermost frame is where the sample hit, used as is.
fn lookup_ip(ip: u64, depth: usize) -> u64 {
    if depth == 0 {
        ip
    } else {
        ip.saturating_sub(1)
    }
}

/// Regions where a JIT puts code: anonymous memory (`//anon`, `[anon:NAME]` in mmap
/// records), heap, stack, and memfd files (code mapped twice, W^X).
fn is_jit_region(path: &str) -> bool {
    path.starts_with("//anon")
        || path.starts_with("[anon")
        || path == "[heap]"
        || path.starts_with("[stack")
        || path.starts_with("/memfd:")
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The most of a perf map read: a JIT writes a line per compiled function (about 100
/// bytes); 64 MiB is over half a million of them.
pub const PERF_MAP_MAX: u64 = 64 << 20;

/// A JIT's perf map: lines of `START SIZE NAME`, hexadecimal, as the perf tools define
/// the format. A line that does not parse is skipped.
pub struct PerfMap {
    /// (start, end, name), sorted by start.
    entries: Vec<(u64, u64, String)>,
}

impl PerfMap {
    /// Read `path`; None when it does not exist, cannot be read, or is not to be
    /// believed: `/tmp` is everyone's, so a map owned by another user than `owner` (or
    /// root), or writable by others, could name the command's functions for it. At most
    /// [`PERF_MAP_MAX`] bytes are read.
    pub fn load(path: &Path, owner: u32) -> Option<PerfMap> {
        use std::io::Read;
        use std::os::unix::fs::MetadataExt;
        let file = std::fs::File::open(path).ok()?;
        let md = file.metadata().ok()?;
        if !md.is_file() || (md.uid() != owner && md.uid() != 0) || md.mode() & 0o002 != 0 {
            return None;
        }
        let mut bytes = Vec::new();
        file.take(PERF_MAP_MAX).read_to_end(&mut bytes).ok()?;
        Some(PerfMap::parse(&String::from_utf8_lossy(&bytes)))
    }

    /// Parse the text of a perf map.
    pub fn parse(text: &str) -> PerfMap {
        let mut entries: Vec<(u64, u64, String)> = text
            .lines()
            .filter_map(|line| {
                let mut parts = line.trim().splitn(3, ' ');
                let start = hex(parts.next()?)?;
                let size = hex(parts.next()?)?;
                let name = parts.next()?.trim();
                (!name.is_empty() && size > 0)
                    .then(|| (start, start.saturating_add(size), name.to_string()))
            })
            .collect();
        entries.sort_by_key(|e| e.0);
        PerfMap { entries }
    }

    /// The name covering `ip`; of overlapping entries (re-JITted code) the last listed
    /// one that starts at or before `ip` and covers it.
    pub fn find(&self, ip: u64) -> Option<&str> {
        let upto = self.entries.partition_point(|e| e.0 <= ip);
        self.entries[..upto]
            .iter()
            .rev()
            .find(|e| ip < e.1)
            .map(|e| e.2.as_str())
    }
}

fn hex(s: &str) -> Option<u64> {
    u64::from_str_radix(s.trim_start_matches("0x"), 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perf_maps_as_node_and_python_write_them() {
        let m = PerfMap::parse(
            "7f0000001000 40 LazyCompile:*fib /app/fib.js:1\n\
             garbage line\n\
             0x7f0000002000 0x100 py::burn:/app/x.py\n",
        );
        assert_eq!(
            m.find(0x7f00_0000_1010),
            Some("LazyCompile:*fib /app/fib.js:1")
        );
        assert_eq!(m.find(0x7f00_0000_2080), Some("py::burn:/app/x.py"));
        assert_eq!(m.find(0x7f00_0000_1040), None);
        assert_eq!(m.find(0x10), None);
    }

    #[test]
    fn a_perf_map_of_another_user_or_writable_by_all_is_not_believed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("perf-1.map");
        std::fs::write(&path, "1000 10 forged\n").unwrap();
        // SAFETY: geteuid has no preconditions.
        let me = unsafe { libc::geteuid() };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(PerfMap::load(&path, me).is_some());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
        assert!(PerfMap::load(&path, me).is_none(), "world-writable");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        if me != 0 {
            assert!(PerfMap::load(&path, me + 1).is_none(), "another user's");
        } else {
            // Root's own files are believed whoever the command ran as.
            assert!(PerfMap::load(&path, 12345).is_some());
        }
    }
}
