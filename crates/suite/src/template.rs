//! `{placeholder}` expansion in the manifest's command templates.

use std::path::Path;

/// The placeholders a template may use (`arg` only as a whole `run` element).
pub const PLACEHOLDERS: &[&str] = &["suite", "cache", "problem", "src", "src_dir", "out"];

/// The values of the placeholders for one problem x language.
#[derive(Debug, Clone)]
pub struct Vars<'a> {
    /// The suite directory.
    pub suite: &'a Path,
    /// The cache directory.
    pub cache: &'a Path,
    /// The problem id.
    pub problem: &'a str,
    /// The source file.
    pub src: &'a Path,
    /// The source file's directory.
    pub src_dir: &'a Path,
    /// The program's build directory.
    pub out: &'a Path,
}

impl Vars<'_> {
    fn get(&self, name: &str) -> Option<String> {
        let p = |p: &Path| p.to_string_lossy().into_owned();
        Some(match name {
            "suite" => p(self.suite),
            "cache" => p(self.cache),
            "problem" => self.problem.to_string(),
            "src" => p(self.src),
            "src_dir" => p(self.src_dir),
            "out" => p(self.out),
            _ => return None,
        })
    }

    /// Expands every placeholder of `template` (already checked by [`check`]).
    pub fn expand(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        walk(template, |piece| match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Var(v) => out.push_str(&self.get(v).unwrap_or_default()),
        })
        .expect("templates are checked when the manifest is loaded");
        out
    }
}

enum Piece<'a> {
    Text(&'a str),
    Var(&'a str),
}

fn walk<'a>(s: &'a str, mut f: impl FnMut(Piece<'a>)) -> Result<(), String> {
    let mut rest = s;
    while let Some(i) = rest.find(['{', '}']) {
        f(Piece::Text(&rest[..i]));
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            f(Piece::Text("{"));
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            f(Piece::Text("}"));
            rest = after;
        } else if tail.starts_with('}') {
            return Err(format!(
                "unmatched `}}` in `{s}` (write `}}}}` for a brace)"
            ));
        } else {
            let end = tail
                .find('}')
                .ok_or_else(|| format!("unclosed `{{` in `{s}`"))?;
            f(Piece::Var(&tail[1..end]));
            rest = &tail[end + 1..];
        }
    }
    f(Piece::Text(rest));
    Ok(())
}

/// Checks that `template` only uses known placeholders.
pub fn check(template: &str) -> Result<(), String> {
    let mut unknown = None;
    walk(template, |piece| {
        if let Piece::Var(v) = piece {
            if !PLACEHOLDERS.contains(&v) && unknown.is_none() {
                unknown = Some(v.to_string());
            }
        }
    })?;
    match unknown {
        Some(v) if v == "arg" => Err(format!(
            "`{{arg}}` in `{template}`: only a whole element of `run` may be `{{arg}}`"
        )),
        Some(v) => Err(format!(
            "unknown placeholder `{{{v}}}` in `{template}` (known: {})",
            PLACEHOLDERS
                .iter()
                .map(|p| format!("{{{p}}}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_and_checks() {
        let v = Vars {
            suite: Path::new("/s"),
            cache: Path::new("/c"),
            problem: "n-body",
            src: Path::new("/s/n-body/c/main.c"),
            src_dir: Path::new("/s/n-body/c"),
            out: Path::new("/c/build/c/n-body"),
        };
        assert_eq!(v.expand("{out}/prog"), "/c/build/c/n-body/prog");
        assert_eq!(v.expand("a{{b}}{problem}"), "a{b}n-body");
        assert!(check("{nope}")
            .unwrap_err()
            .contains("unknown placeholder `{nope}`"));
        assert!(check("x{arg}").unwrap_err().contains("whole element"));
        assert!(check("{out").is_err());
        assert!(check("out}").is_err());
        assert!(check("{src_dir}/x").is_ok());
    }
}
