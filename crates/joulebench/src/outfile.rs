//! Output paths: checked before any work is done, written without destroying what is
//! there.
//!
//! Why one module: every command that writes a file (`run --export-*`, `report -o`,
//! `import -o`, `rank`'s results directory) used an atomic rename onto the path. That is
//! right for a regular file and wrong for everything else: it replaced `/dev/full` (as
//! root), a FIFO a reader was waiting on, and a symlink the user had pointed somewhere.
//! And a typo in an export path was only found after every run had been measured.
//!
//! The rules here:
//! - `-` and any path that is this process's standard output (`/dev/stdout`,
//!   `/proc/self/fd/1`) are written to standard output;
//! - a character device, FIFO or socket is opened and written into, never replaced;
//! - a symlink is followed, and what it points at is treated by these same rules;
//! - only a regular file (or a new one) is replaced atomically, keeping an existing
//!   file's owner and mode;
//! - a new file created by root under sudo is handed to the invoking user, so that the
//!   user can append to or delete their own results;
//! - [`check_outputs`] refuses, before anything runs, a path given twice, a path that is
//!   one of the inputs, and a path whose directory cannot be written.

use anyhow::{bail, Context};
use std::fs::{File, Metadata, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// What a path names, for comparing outputs with each other and with inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Identity {
    /// Standard output.
    Stdout,
    /// An existing file (device and inode, after following symlinks).
    Existing(u64, u64),
    /// A file that does not exist yet: its canonical directory and name.
    New(PathBuf),
}

fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn stdout_identity() -> Option<(u64, u64)> {
    // SAFETY: fstat on fd 1 writes into a local stat struct.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    (unsafe { libc::fstat(1, &mut st) } == 0).then_some((st.st_dev, st.st_ino))
}

fn identity(path: &Path) -> anyhow::Result<Identity> {
    if is_dash(path) {
        return Ok(Identity::Stdout);
    }
    match std::fs::metadata(path) {
        Ok(md) => {
            let id = (md.dev(), md.ino());
            if !md.is_file() && stdout_identity() == Some(id) {
                return Ok(Identity::Stdout);
            }
            Ok(Identity::Existing(id.0, id.1))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let target = follow_dangling(path);
            let dir = parent_of(&target);
            let dir = std::fs::canonicalize(dir).with_context(|| {
                format!(
                    "{}: its directory {} does not exist",
                    path.display(),
                    dir.display()
                )
            })?;
            let name = target
                .file_name()
                .with_context(|| format!("{}: not a file name", path.display()))?;
            Ok(Identity::New(dir.join(name)))
        }
        Err(e) => Err(e).with_context(|| format!("cannot use {}", path.display())),
    }
}

/// The path a dangling symlink points at (what writing through it creates), else `path`.
fn follow_dangling(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    // Bounded: a loop of links ends up an error at write time, not a hang here.
    for _ in 0..16 {
        match std::fs::read_link(&p) {
            Ok(t) if t.is_absolute() => p = t,
            Ok(t) => p = parent_of(&p).join(t),
            Err(_) => break,
        }
    }
    p
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// One output path and the flag that named it, for [`check_outputs`].
pub struct Output<'a> {
    /// The flag, e.g. `--export-json`.
    pub flag: &'a str,
    /// The path given.
    pub path: &'a Path,
}

/// Check every output before any work starts: no path twice, none that is an input, each
/// one writable. `inputs` are the files (or directories) the command reads.
pub fn check_outputs(outputs: &[Output], inputs: &[&Path]) -> anyhow::Result<()> {
    let mut seen: Vec<(Identity, &Output)> = Vec::new();
    for o in outputs {
        let id = identity(o.path).with_context(|| o.flag.to_string())?;
        if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
            bail!(
                "{} {} and {} {} name the same file: each export needs its own path",
                first.flag,
                first.path.display(),
                o.flag,
                o.path.display()
            );
        }
        for input in inputs {
            if refers_to_input(&id, input) {
                bail!(
                    "{} {} is one of the inputs ({}): refusing to overwrite it",
                    o.flag,
                    o.path.display(),
                    input.display()
                );
            }
        }
        check_writable(o.path, &id).with_context(|| format!("{} {}", o.flag, o.path.display()))?;
        seen.push((id, o));
    }
    Ok(())
}

/// True when output `id` is input `input`, or a file inside an input directory.
fn refers_to_input(id: &Identity, input: &Path) -> bool {
    let Ok(md) = std::fs::metadata(input) else {
        return false;
    };
    match id {
        Identity::Existing(dev, ino) if md.dev() == *dev && md.ino() == *ino => true,
        Identity::Existing(..) if md.is_dir() => {
            // An existing file somewhere under an input directory (the study's own CSVs).
            let Ok(dir) = std::fs::canonicalize(input) else {
                return false;
            };
            walk_contains(&dir, id, 4)
        }
        _ => false,
    }
}

fn walk_contains(dir: &Path, id: &Identity, depth: u32) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    for e in entries.flatten() {
        let Ok(md) = e.metadata() else { continue };
        if let Identity::Existing(dev, ino) = id {
            if md.dev() == *dev && md.ino() == *ino {
                return true;
            }
        }
        if md.is_dir() && depth > 0 && walk_contains(&e.path(), id, depth - 1) {
            return true;
        }
    }
    false
}

fn check_writable(path: &Path, id: &Identity) -> anyhow::Result<()> {
    match id {
        Identity::Stdout => Ok(()),
        Identity::Existing(..) => {
            let md = std::fs::metadata(path)?;
            if md.is_dir() {
                bail!("is a directory");
            }
            if md.is_file() {
                // Replaced by a rename in its directory: that directory must be writable.
                probe_dir(parent_of(&std::fs::canonicalize(path)?))
            } else {
                // A device or FIFO is written into: opening it must work. (A FIFO
                // without a reader is checked at write time, not here: opening it now
                // would block.)
                if md.file_type().is_fifo() {
                    return Ok(());
                }
                OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map(drop)
                    .context("cannot open it for writing")
            }
        }
        Identity::New(p) => probe_dir(parent_of(p)),
    }
}

fn probe_dir(dir: &Path) -> anyhow::Result<()> {
    tempfile::NamedTempFile::new_in(dir)
        .map(drop)
        .with_context(|| format!("cannot create files in {}", dir.display()))
}

/// Write `bytes` to `path` by the rules of this module (see the module's docs).
pub fn write_output(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let what = || format!("cannot write {}", path.display());
    if is_dash(path) || identity(path).ok() == Some(Identity::Stdout) {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|_| out.flush())
            .with_context(what);
    }
    match std::fs::metadata(path) {
        Ok(md) if md.is_file() => {
            let real = std::fs::canonicalize(path).with_context(what)?;
            replace_regular(&real, bytes, Some(&md)).with_context(what)
        }
        Ok(md) if md.is_dir() => bail!("cannot write {}: it is a directory", path.display()),
        Ok(_) => {
            // Device, FIFO, socket: write into it; never replace the node.
            let mut f = OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(what)?;
            f.write_all(bytes)
                .and_then(|_| f.flush())
                .with_context(what)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let target = follow_dangling(path);
            replace_regular(&target, bytes, None).with_context(what)
        }
        Err(e) => Err(e).with_context(what),
    }
}

/// Atomic replace of a regular file (or creation of a new one): a temporary file in the
/// same directory, synced, renamed over it. An existing file keeps its owner and mode; a
/// new one is 0644 and, under sudo, the invoking user's.
fn replace_regular(path: &Path, bytes: &[u8], old: Option<&Metadata>) -> std::io::Result<()> {
    let mut tmp = tempfile::NamedTempFile::new_in(parent_of(path))?;
    tmp.write_all(bytes)?;
    put_in_place(tmp, path, old)
}

/// The end of [`replace_regular`]: `tmp`, in `path`'s directory, becomes `path`.
fn put_in_place(
    tmp: tempfile::NamedTempFile,
    path: &Path,
    old: Option<&Metadata>,
) -> std::io::Result<()> {
    let f = tmp.as_file();
    match old {
        Some(md) => {
            f.set_permissions(std::fs::Permissions::from_mode(md.mode() & 0o7777))?;
            chown_file(f, md.uid(), md.gid());
        }
        None => {
            f.set_permissions(std::fs::Permissions::from_mode(0o644))?;
            give_to_invoking_user(f);
        }
    }
    f.sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Where the runs of `run --output FILE` write. They truncate it at every run, so it is
/// never a regular file joulebench did not create:
/// - a device, FIFO, socket or standard output is written into ([`RunsOutput::Direct`]);
/// - a regular file, or a new one, gets a temporary file of joulebench's own beside it,
///   put in place at the end by the atomic replace of [`write_output`]
///   ([`RunsOutput::Staged`]): until then, what was there is untouched.
pub enum RunsOutput {
    /// The runs write into this path.
    Direct(PathBuf),
    /// The runs write into a temporary file; [`Staged::install`] puts it in place.
    Staged(Staged),
}

/// A temporary file beside the file it will replace.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl Staged {
    /// The temporary file, for the runs to write into.
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Replace the target with the temporary file (an existing file keeps its owner and
    /// mode).
    pub fn install(self) -> anyhow::Result<()> {
        let old = std::fs::metadata(&self.target)
            .ok()
            .filter(Metadata::is_file);
        let target = self.target.clone();
        put_in_place(self.tmp, &target, old.as_ref())
            .with_context(|| format!("cannot write {}", target.display()))
    }
}

/// Get `path` ready for the runs to write into, by the rules of [`RunsOutput`].
pub fn stage_for_runs(path: &Path) -> anyhow::Result<RunsOutput> {
    if is_dash(path) {
        return Ok(RunsOutput::Direct(PathBuf::from("/dev/stdout")));
    }
    let target = match std::fs::metadata(path) {
        Ok(md) if md.is_dir() => bail!("{} is a directory", path.display()),
        Ok(md) if !md.is_file() => return Ok(RunsOutput::Direct(path.to_path_buf())),
        Ok(_) => std::fs::canonicalize(path)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => follow_dangling(path),
        Err(e) => return Err(e).with_context(|| format!("cannot use {}", path.display())),
    };
    let tmp = tempfile::NamedTempFile::new_in(parent_of(&target))
        .with_context(|| format!("cannot create files beside {}", target.display()))?;
    Ok(RunsOutput::Staged(Staged { tmp, target }))
}

fn chown_file(f: &File, uid: u32, gid: u32) {
    use std::os::fd::AsRawFd;
    // SAFETY: fchown on an open fd; failure (not root) leaves it as it is.
    unsafe {
        libc::fchown(f.as_raw_fd(), uid, gid);
    }
}

/// The user who ran `sudo joulebench ...`, when this process is root under sudo.
pub fn invoking_user() -> Option<(u32, u32)> {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let uid = std::env::var("SUDO_UID").ok()?.trim().parse().ok()?;
    let gid = std::env::var("SUDO_GID").ok()?.trim().parse().ok()?;
    (uid != 0).then_some((uid, gid))
}

/// Hand a file joulebench just created to the invoking user under sudo (no-op otherwise).
pub fn give_to_invoking_user(f: &File) {
    if let Some((uid, gid)) = invoking_user() {
        chown_file(f, uid, gid);
    }
}

/// `create_dir_all`, and under sudo every directory it created belongs to the invoking
/// user (`joulebench-results/` as well as `joulebench-results/<timestamp>/`), so that the
/// user can make, resume and delete rankings there without sudo.
pub fn create_dirs_for_user(path: &Path) -> std::io::Result<()> {
    let missing: Vec<PathBuf> = path
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(path)?;
    if let Some((uid, gid)) = invoking_user() {
        for dir in &missing {
            let _ = std::os::unix::fs::chown(dir, Some(uid), Some(gid));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_is_followed_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_output(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // A dangling link creates its target.
        let dangling = dir.path().join("d.json");
        std::os::unix::fs::symlink(dir.path().join("made.json"), &dangling).unwrap();
        write_output(&dangling, b"x").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("made.json")).unwrap(),
            "x"
        );
    }

    #[test]
    fn an_existing_file_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.csv");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_output(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        let mode = std::fs::metadata(&p).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn the_same_file_twice_or_an_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.jsonl");
        std::fs::write(&a, "x").unwrap();
        let b = dir.path().join("sub/../b.md");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let same = dir.path().join("b.md");
        let e = check_outputs(
            &[
                Output {
                    flag: "--export-markdown",
                    path: &b,
                },
                Output {
                    flag: "--export-csv",
                    path: &same,
                },
            ],
            &[],
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("same file"), "{e:#}");
        let e = check_outputs(
            &[Output {
                flag: "-o",
                path: &a,
            }],
            &[&a],
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("one of the inputs"), "{e:#}");
        // A file inside an input directory counts as an input.
        let e = check_outputs(
            &[Output {
                flag: "-o",
                path: &a,
            }],
            &[dir.path()],
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("one of the inputs"), "{e:#}");
    }

    #[test]
    fn a_missing_directory_is_refused_up_front() {
        let e = check_outputs(
            &[Output {
                flag: "--export-json",
                path: Path::new("/nonexistent-joulebench-dir/out.json"),
            }],
            &[],
        )
        .unwrap_err();
        let msg = format!("{e:#}");
        assert!(
            msg.contains("--export-json") && msg.contains("does not exist"),
            "{msg}"
        );
    }
}
