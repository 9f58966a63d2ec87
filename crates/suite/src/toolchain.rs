//! Is a language's toolchain installed, and which version is it?

use crate::manifest::Language;
use crate::process::{self, Spec, StdoutTo};
use std::path::Path;
use std::time::Duration;

/// The result of detecting one language's toolchain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toolchain {
    /// Whether every required program is on PATH and the version command succeeded.
    pub found: bool,
    /// The version number, e.g. `12.2.0`.
    pub version: Option<String>,
    /// The whole line the version was read from, e.g. `gcc (Debian 12.2.0-14) 12.2.0`.
    pub version_line: Option<String>,
    /// Why it was not found (empty when found).
    pub reason: String,
    /// How to install it.
    pub install_hint: String,
}

/// Detects `lang`'s toolchain: every program of `requires` and the version command's
/// program must be on PATH, and the version command must succeed.
pub fn detect(lang: &Language) -> Toolchain {
    let missing = |reason: String| Toolchain {
        found: false,
        version: None,
        version_line: None,
        reason,
        install_hint: lang.install_hint.clone(),
    };
    let probe = &lang.version.command;
    for program in lang.requires.iter().chain(probe.first()) {
        if process::find_program(program).is_none() {
            return missing(format!("`{program}` is not on PATH"));
        }
    }
    let spec = Spec {
        argv: probe,
        cwd: Path::new("/"),
        env: &[],
        stdin: None,
    };
    let out = match process::run(&spec, StdoutTo::Capture, Some(Duration::from_secs(60))) {
        Ok(out) => out,
        Err(e) => return missing(e.to_string()),
    };
    if out.timed_out || !out.status.success() {
        return missing(format!(
            "`{}` failed ({}): {}",
            process::shell_line(probe),
            process::describe_status(&out.status),
            process::tail_lines(&out.stderr, 3)
        ));
    }
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push('\n');
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    let (version, line) = parse_version(&text, lang.version.after.as_deref());
    Toolchain {
        found: true,
        version,
        version_line: line,
        reason: String::new(),
        install_hint: lang.install_hint.clone(),
    }
}

/// The first version number (`\d+(\.\d+)+`) in `text`, after `after` when given, and
/// the trimmed line it is on (the first non-empty line when there is no number).
pub fn parse_version(text: &str, after: Option<&str>) -> (Option<String>, Option<String>) {
    let start = after
        .and_then(|a| text.find(a).map(|i| i + a.len()))
        .unwrap_or(0);
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()) {
            let mut j = i;
            let mut dots = 0;
            while j < bytes.len() {
                if bytes[j].is_ascii_digit() {
                    j += 1;
                } else if bytes[j] == b'.' && j + 1 < bytes.len() && bytes[j + 1].is_ascii_digit() {
                    dots += 1;
                    j += 1;
                } else {
                    break;
                }
            }
            if dots > 0 {
                let line_start = text[..i].rfind('\n').map_or(0, |p| p + 1);
                let line_end = text[i..].find('\n').map_or(text.len(), |p| i + p);
                return (
                    Some(text[i..j].to_string()),
                    Some(text[line_start..line_end].trim().to_string()),
                );
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    (None, first.map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str, after: Option<&str>) -> String {
        parse_version(text, after).0.unwrap()
    }

    #[test]
    fn versions_of_the_suite_toolchains() {
        assert_eq!(
            v("gcc (Debian 12.2.0-14+deb12u1) 12.2.0\nCopyright", None),
            "12.2.0"
        );
        assert_eq!(v("go version go1.19.8 linux/amd64", None), "1.19.8");
        assert_eq!(v("rustc 1.95.0 (59807616e 2026-04-14)", None), "1.95.0");
        assert_eq!(v("\njavac 17.0.15", None), "17.0.15");
        assert_eq!(v("v20.20.2\n", None), "20.20.2");
        assert_eq!(v("Python 3.11.7", None), "3.11.7");
        let pypy = "Python 3.9.16 (7.3.11+dfsg-2+deb12u3, Dec 30 2024, 22:36:23)\n[PyPy 7.3.11 with GCC 12.2.0]";
        assert_eq!(v(pypy, Some("PyPy")), "7.3.11");
        assert_eq!(
            parse_version(pypy, Some("PyPy")).1.unwrap(),
            "[PyPy 7.3.11 with GCC 12.2.0]"
        );
        assert_eq!(
            parse_version("no digits", None),
            (None, Some("no digits".into()))
        );
    }
}
