//! A C program that burns CPU in named functions for known shares of its time, for the
//! profiler's tests (see `burn.c` for its arguments).

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The source, built by [`build`].
pub const SOURCE: &str = include_str!("burn.c");

/// Compile `burn.c` into `dir` with gcc (`-O1 -fno-omit-frame-pointer`), or with
/// `frame_pointers` false, without them. Returns the binary's path.
pub fn build(dir: &Path, frame_pointers: bool) -> io::Result<PathBuf> {
    let src = dir.join("burn.c");
    std::fs::write(&src, SOURCE)?;
    let name = if frame_pointers { "burn" } else { "burn-nofp" };
    let bin = dir.join(name);
    let fp = if frame_pointers {
        "-fno-omit-frame-pointer"
    } else {
        "-fomit-frame-pointer"
    };
    let out = Command::new("gcc")
        .args(["-O1", "-g", fp, "-o"])
        .arg(&bin)
        .arg(&src)
        .output()?;
    if !out.status.success() {
        return Err(io::Error::other(format!(
            "gcc failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(bin)
}
