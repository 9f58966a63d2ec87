//! The little shell syntax the study's recipe lines use: words with quotes, `<`
//! redirections, and `&&` / `;` between commands.

/// A word of a command line and whether any of it was quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word after quote removal.
    pub text: String,
    /// Some part of it was inside quotes (so it is no operator).
    pub quoted: bool,
}

/// Splits `line` into words as `sh` would (single and double quotes, backslashes), with
/// `<`, `>`, `|`, `&&`, `||` and `;` as words of their own when unquoted.
pub fn words(line: &str) -> Result<Vec<Word>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut started = false;
    let mut chars = line.chars().peekable();
    let flush = |out: &mut Vec<Word>, cur: &mut String, quoted: &mut bool, started: &mut bool| {
        if *started {
            out.push(Word {
                text: std::mem::take(cur),
                quoted: *quoted,
            });
        }
        *quoted = false;
        *started = false;
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => flush(&mut out, &mut cur, &mut quoted, &mut started),
            '\'' => {
                started = true;
                quoted = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err(format!("unclosed ' in `{line}`")),
                    }
                }
            }
            '"' => {
                started = true;
                quoted = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => cur.push(c),
                            Some(c) => {
                                cur.push('\\');
                                cur.push(c);
                            }
                            None => return Err(format!("unclosed \" in `{line}`")),
                        },
                        Some(c) => cur.push(c),
                        None => return Err(format!("unclosed \" in `{line}`")),
                    }
                }
            }
            '\\' => {
                started = true;
                quoted = true;
                if let Some(c) = chars.next() {
                    cur.push(c);
                }
            }
            '<' | '>' | '|' | ';' | '&' => {
                flush(&mut out, &mut cur, &mut quoted, &mut started);
                let mut op = c.to_string();
                if (c == '&' || c == '|' || c == '>') && chars.peek() == Some(&c) {
                    op.push(chars.next().unwrap_or(c));
                }
                out.push(Word {
                    text: op,
                    quoted: false,
                });
            }
            c => {
                started = true;
                cur.push(c);
            }
        }
    }
    flush(&mut out, &mut cur, &mut quoted, &mut started);
    Ok(out)
}

/// Whether `w` is an unquoted operator word.
pub fn is_operator(w: &Word) -> bool {
    !w.quoted
        && matches!(
            w.text.as_str(),
            "<" | ">" | ">>" | "|" | "||" | "&&" | ";" | "&"
        )
}

/// The first word of each command of `line` (split at `&&`, `||`, `;`, `|`), skipping
/// leading `VAR=value` assignments.
pub fn command_names(line: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut expect = true;
    for w in words(line)? {
        if is_operator(&w) {
            expect = matches!(w.text.as_str(), "&&" | "||" | ";" | "|" | "&");
            continue;
        }
        if expect {
            if !w.quoted && w.text.contains('=') && !w.text.starts_with('=') {
                continue;
            }
            names.push(w.text);
            expect = false;
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        words(line).unwrap().into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn quotes_and_operators() {
        assert_eq!(
            texts("./a.run 0 < ../../in.txt"),
            ["./a.run", "0", "<", "../../in.txt"]
        );
        assert_eq!(
            texts("rustc -C llvm-args='-unroll-threshold=500' x.rs"),
            ["rustc", "-C", "llvm-args=-unroll-threshold=500", "x.rs"]
        );
        assert_eq!(texts("a \"b c\" d\\ e"), ["a", "b c", "d e"]);
        assert_eq!(texts("a&&b"), ["a", "&&", "b"]);
        assert!(words("a 'b").is_err());
    }

    #[test]
    fn names_of_commands() {
        assert_eq!(
            command_names("/usr/bin/g++ -c x.c++ -o x.o &&  /usr/bin/g++ x.o -o x").unwrap(),
            ["/usr/bin/g++", "/usr/bin/g++"]
        );
        assert_eq!(
            command_names("GOPATH=/x go build; cp a b").unwrap(),
            ["go", "cp"]
        );
    }
}
