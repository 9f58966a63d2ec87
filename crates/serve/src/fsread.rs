//! Reading many small files cheaply: relative opens (`openat`), whole-file reads in
//! one `pread`, and whether a directory is a real procfs.

use std::ffi::CString;
use std::fs::File;
use std::io::ErrorKind;
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::fs::FileExt;
use std::path::Path;

/// An open directory, to open files relative to it: fewer path lookups than full paths,
/// which matters at thousands of files per scan.
#[derive(Debug)]
pub(crate) struct Dir(File);

impl Dir {
    /// Open the directory `path`.
    pub(crate) fn open(path: &Path) -> std::io::Result<Dir> {
        File::open(path).map(Dir)
    }

    /// Open `rel`, relative to this directory, for reading.
    pub(crate) fn open_file(&self, rel: &str) -> std::io::Result<File> {
        let c = CString::new(rel).map_err(|_| std::io::Error::from(ErrorKind::InvalidInput))?;
        // SAFETY: a valid directory fd and a NUL-terminated path.
        let fd = unsafe {
            libc::openat(
                self.0.as_raw_fd(),
                c.as_ptr(),
                libc::O_RDONLY | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: fd was just opened and nothing else owns it; the File closes it.
        Ok(unsafe { File::from_raw_fd(fd) })
    }

    /// Read the small file `rel` into `buf`: open, read, close.
    pub(crate) fn read(&self, rel: &str, buf: &mut Vec<u8>) -> std::io::Result<()> {
        read_at_start(&self.open_file(rel)?, buf)
    }
}

/// Read a whole small file from offset 0 into `buf` (one `pread` when it fits in
/// 4 KiB). On a procfs file that is kept open, this returns fresh contents each time.
pub(crate) fn read_at_start(f: &File, buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.clear();
    buf.resize(4096, 0);
    let mut len = 0;
    loop {
        let n = match f.read_at(&mut buf[len..], len as u64) {
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => {
                buf.clear();
                return Err(e);
            }
        };
        let room = buf.len() - len;
        len += n;
        // A short read of a regular or proc file is its end.
        if n == 0 || n < room {
            buf.truncate(len);
            return Ok(());
        }
        buf.resize(buf.len() * 2, 0);
    }
}

/// True when `path` is a procfs mount (files kept open there show fresh contents when
/// read again; in a test tree of regular files replaced by rename they would not).
// `f_type` and the magic numbers have different integer types on different
// architectures, hence the conversions that are no-ops on x86-64.
#[allow(clippy::useless_conversion)]
pub(crate) fn is_procfs(path: &Path) -> bool {
    let Ok(c) = CString::new(path.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: statfs fills the zeroed struct it is given; the path is NUL-terminated.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    let rc = unsafe { libc::statfs(c.as_ptr(), &mut st) };
    rc == 0 && i64::from(st.f_type) == i64::from(libc::PROC_SUPER_MAGIC)
}

/// How many files a process scanner may keep open: half the soft limit on open files,
/// after raising that limit towards the hard one (at most 65536). A failure to raise it
/// only means fewer kept files.
pub(crate) fn open_file_budget() -> usize {
    // SAFETY: getrlimit/setrlimit read and write the struct they are given.
    let mut rl: libc::rlimit = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) } != 0 {
        return 0;
    }
    let want = rl.rlim_max.min(65_536);
    if want > rl.rlim_cur {
        let raised = libc::rlimit {
            rlim_cur: want,
            ..rl
        };
        // SAFETY: as above.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            rl = raised;
        }
    }
    usize::try_from(rl.rlim_cur / 2).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_small_and_large_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("small"), "hello\n").unwrap();
        let big = "x".repeat(10_000);
        std::fs::write(dir.path().join("big"), &big).unwrap();
        let d = Dir::open(dir.path()).unwrap();
        let mut buf = Vec::new();
        d.read("small", &mut buf).unwrap();
        assert_eq!(buf, b"hello\n");
        d.read("big", &mut buf).unwrap();
        assert_eq!(buf.len(), 10_000);
        let e = d.read("missing", &mut buf).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert!(d.read("nul\0byte", &mut buf).is_err());
        assert!(is_procfs(Path::new("/proc")));
        assert!(!is_procfs(dir.path()));
    }

    #[test]
    fn the_budget_is_half_the_raised_soft_limit() {
        let budget = open_file_budget();
        // SAFETY: getrlimit fills the struct it is given.
        let mut rl: libc::rlimit = unsafe { std::mem::zeroed() };
        // SAFETY: as above.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) }, 0);
        // Raising a soft limit up to the hard one is always allowed.
        assert!(rl.rlim_cur >= rl.rlim_max.min(65_536), "{}", rl.rlim_cur);
        assert_eq!(budget as u64, rl.rlim_cur / 2);
    }
}
