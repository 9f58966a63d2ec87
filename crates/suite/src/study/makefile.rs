//! Just enough of a Makefile for the study's layout: targets and their recipe lines.
//!
//! The study's Makefiles are flat lists of `target:` lines, each followed by tab-indented
//! recipe lines; there are no variables, patterns or prerequisites that matter here. A
//! recipe line ending in `\` continues on the next line, and `$$` is make's escape for `$`.

/// One target and its recipe, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The target's name (`compile`, `run`, `xmeasure`...).
    pub name: String,
    /// Its recipe lines, without the leading tab, continuations joined, blank lines and
    /// comments dropped.
    pub recipe: Vec<String>,
}

/// The targets of a Makefile, in order.
pub fn parse(text: &str) -> Vec<Target> {
    let mut targets: Vec<Target> = Vec::new();
    let mut pending: Option<String> = None;
    for raw in text.lines() {
        let raw = raw.trim_end_matches('\r');
        if let Some(mut joined) = pending.take() {
            let piece = raw.trim_start();
            match piece.strip_suffix('\\') {
                Some(head) => {
                    joined.push_str(head.trim_end());
                    joined.push(' ');
                    pending = Some(joined);
                }
                None => {
                    joined.push_str(piece);
                    push_line(&mut targets, joined);
                }
            }
            continue;
        }
        if let Some(line) = raw.strip_prefix('\t') {
            if targets.is_empty() {
                continue;
            }
            match line.strip_suffix('\\') {
                Some(head) => pending = Some(format!("{} ", head.trim_end())),
                None => push_line(&mut targets, line.to_string()),
            }
            continue;
        }
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((name, _prerequisites)) = line.split_once(':') {
            let name = name.trim();
            if !name.is_empty() && !name.contains(char::is_whitespace) && !name.contains('=') {
                targets.push(Target {
                    name: name.to_string(),
                    recipe: Vec::new(),
                });
            }
        }
    }
    if let Some(joined) = pending {
        push_line(&mut targets, joined);
    }
    targets
}

fn push_line(targets: &mut [Target], line: String) {
    let line = line.trim().replace("$$", "$");
    if line.is_empty() || line.starts_with('#') {
        return;
    }
    // `@` (silent) and `-` (ignore errors) prefixes do not change what runs.
    let line = line.trim_start_matches(['@', '-']).trim_start().to_string();
    if let Some(t) = targets.last_mut() {
        t.recipe.push(line);
    }
}

/// The target called `name`, if the Makefile has it.
pub fn target<'a>(targets: &'a [Target], name: &str) -> Option<&'a Target> {
    targets.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_recipes_and_quirks() {
        let text = "compile:\n\tcp a.x a.y\n\t\n\tgcc a.y \\\n\t  -o a.run\n\nxmeasure:\n\tsudo x\n\nrun:\n\t./a.run 10 $$HOME\nmem:\n";
        let t = parse(text);
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["compile", "xmeasure", "run", "mem"]);
        assert_eq!(t[0].recipe, ["cp a.x a.y", "gcc a.y -o a.run"]);
        assert_eq!(target(&t, "run").unwrap().recipe, ["./a.run 10 $HOME"]);
        assert!(target(&t, "mem").unwrap().recipe.is_empty());
        assert!(target(&t, "measure").is_none());
    }

    #[test]
    fn empty_compile() {
        let t = parse("compile:\n\nrun:\n\tpython3 x.py 5\n");
        assert!(target(&t, "compile").unwrap().recipe.is_empty());
    }
}
