//! Mapping the study's hard-coded toolchain paths (`/usr/local/src/<tool>-<version>/bin/`)
//! to what is installed here.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Where the study kept the toolchains it built from source.
pub const STUDY_PREFIX: &str = "/usr/local/src/";

/// The study's Rust crates directory (`rustc -L /usr/local/src/rust-libs`).
pub const RUST_LIBS: &str = "/usr/local/src/rust-libs";

/// Commands whose names changed between the study's toolchains and Debian's; any other
/// `/usr/local/src/<tool>/bin/<name>` becomes plain `<name>` from PATH.
const RENAMES: &[(&str, &str)] = &[
    ("python3.6", "python3"),
    ("lua", "lua5.4"),
    ("luac", "luac5.4"),
];

/// Shell built-ins and utilities a recipe may use without them being a toolchain.
const UTILITIES: &[&str] = &[
    "cp", "mv", "rm", "ln", "mkdir", "cd", "cat", "echo", "export", "true", "touch", "chmod",
    "test", "[", "sed",
];

/// How to map paths: the user's `--map OLD=NEW` pairs, the PATH to search, and what the
/// study's Rust crates directory becomes (if anything provides it).
#[derive(Debug, Clone, Default)]
pub struct Mapper {
    /// `OLD=NEW` replacements, applied first, longest `OLD` first.
    pub maps: Vec<(String, String)>,
    /// The search path (default: `$PATH`).
    pub path: Option<OsString>,
    /// The replacement of [`RUST_LIBS`].
    pub rust_libs: Option<String>,
}

impl Mapper {
    /// The search path in use.
    fn search_path(&self) -> OsString {
        self.path
            .clone()
            .or_else(|| std::env::var_os("PATH"))
            .unwrap_or_default()
    }

    /// `name` found on the search path.
    pub fn which(&self, name: &str) -> Option<PathBuf> {
        std::env::split_paths(&self.search_path())
            .map(|d| d.join(name))
            .find(|p| is_executable(p))
    }

    /// Applies the user's replacements to `text`.
    pub fn user_maps(&self, text: &str) -> String {
        let mut maps: Vec<&(String, String)> = self.maps.iter().collect();
        maps.sort_by_key(|(old, _)| std::cmp::Reverse(old.len()));
        let mut out = text.to_string();
        for (old, new) in maps {
            if !old.is_empty() {
                out = out.replace(old.as_str(), new);
            }
        }
        out
    }

    /// Maps one absolute path found in a recipe; `Err` says why it cannot be used here.
    pub fn map_path(&self, path: &str) -> Result<String, String> {
        if let Some(rest) = path.strip_prefix(RUST_LIBS) {
            if rest.is_empty() || rest.starts_with('/') {
                return match &self.rust_libs {
                    Some(r) => Ok(format!("{r}{rest}")),
                    None => Err(format!(
                        "needs the study's Rust crates ({RUST_LIBS}), which nothing provides here"
                    )),
                };
            }
        }
        let under_study = path.starts_with(STUDY_PREFIX);
        if !under_study && Path::new(path).exists() {
            return Ok(path.to_string());
        }
        let is_tool = path.contains("/bin/");
        if is_tool {
            let name = path.rsplit('/').next().unwrap_or(path);
            let local = RENAMES
                .iter()
                .find(|(from, _)| *from == name)
                .map_or(name, |(_, to)| to);
            if self.which(local).is_some() {
                return Ok(local.to_string());
            }
            return Err(format!(
                "toolchain not installed: {path} (no `{local}` on PATH; --map {path}=NEW \
                 points it elsewhere)"
            ));
        }
        if Path::new(path).exists() {
            return Ok(path.to_string());
        }
        if under_study {
            return Err(format!(
                "needs {path}, which is not here (--map {path}=NEW points it elsewhere)"
            ));
        }
        Ok(path.to_string())
    }

    /// Maps every absolute path inside `text` (a recipe line or one word of it).
    pub fn map_paths(&self, text: &str) -> Result<String, String> {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < bytes.len() {
            let at_boundary = i == 0 || is_start_delimiter(bytes[i - 1]);
            if bytes[i] == b'/' && at_boundary {
                let end = text[i..]
                    .find(|c: char| is_end_delimiter(c))
                    .map_or(text.len(), |n| i + n);
                out.push_str(&self.map_path(&text[i..end])?);
                i = end;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
            }
        }
        Ok(out)
    }

    /// Whether command `name` (the first word of a command) can run here; `Err` says why
    /// not. `./x` (something the build makes) is taken on trust.
    pub fn check_command(&self, name: &str) -> Result<(), String> {
        if name.starts_with("./") || name.starts_with('{') || UTILITIES.contains(&name) {
            return Ok(());
        }
        if name.contains('/') {
            if is_executable(Path::new(name)) {
                return Ok(());
            }
            return Err(format!("toolchain not installed: {name} does not exist"));
        }
        if self.which(name).is_some() {
            return Ok(());
        }
        Err(format!(
            "toolchain not installed: no `{name}` on PATH (--map {name}=NEW points it elsewhere)"
        ))
    }
}

fn is_start_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b':' | b'=' | b'\'' | b'"' | b'(' | b'<' | b'>')
}

fn is_end_delimiter(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '\'' | '"' | ';' | '&' | '|' | '<' | '>' | ')')
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapper() -> Mapper {
        Mapper {
            path: Some(OsString::from("/bin:/usr/bin")),
            ..Mapper::default()
        }
    }

    #[test]
    fn study_tools_become_path_commands() {
        let m = mapper();
        assert_eq!(
            m.map_paths("/usr/local/src/coreutils-9.9/bin/ls -l x")
                .unwrap(),
            "ls -l x"
        );
        let err = m
            .map_paths("/usr/local/src/nolang-1.0/bin/nolangc x.nl")
            .unwrap_err();
        assert!(err.contains("toolchain not installed"), "{err}");
        assert!(err.contains("nolangc"), "{err}");
    }

    #[test]
    fn libraries_and_user_maps() {
        let mut m = mapper();
        let err = m
            .map_paths("-cp .:/usr/local/src/java-libs/none-1.jar x")
            .unwrap_err();
        assert!(err.contains("/usr/local/src/java-libs/none-1.jar"), "{err}");
        m.maps
            .push(("/usr/local/src/java-libs/none-1.jar".into(), "/tmp".into()));
        let line = m.user_maps("-cp .:/usr/local/src/java-libs/none-1.jar x");
        assert_eq!(m.map_paths(&line).unwrap(), "-cp .:/tmp x");
        assert!(m.map_paths("-L /usr/local/src/rust-libs x.rs").is_err());
        m.rust_libs = Some("{cache}/deps".into());
        assert_eq!(
            m.map_paths("-L /usr/local/src/rust-libs x.rs").unwrap(),
            "-L {cache}/deps x.rs"
        );
    }

    #[test]
    fn commands() {
        let m = mapper();
        assert!(m.check_command("cp").is_ok());
        assert!(m.check_command("./x.run").is_ok());
        assert!(m.check_command("ls").is_ok());
        assert!(m.check_command("surely-not-a-command").is_err());
        assert!(m.check_command("/nonexistent/bin/cc").is_err());
    }
}
