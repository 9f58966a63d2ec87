//! Where two outputs first differ, in words a human can act on.

use std::fmt;

/// Widest excerpt of a line shown in a [`Difference`].
pub const EXCERPT: usize = 60;

/// The first line where an output differs from what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// 1-based line number.
    pub line: usize,
    /// 1-based byte column of the first differing byte in that line.
    pub column: usize,
    /// The expected line (escaped and shortened), or `<end of output>`.
    pub expected: String,
    /// The actual line (escaped and shortened), or `<end of output>`.
    pub got: String,
    /// Total sizes in bytes (expected, got).
    pub sizes: (usize, usize),
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: expected {}, got {} ({} vs {} bytes)",
            self.line, self.column, self.expected, self.got, self.sizes.0, self.sizes.1
        )
    }
}

const END: &str = "<end of output>";

/// `None` when `expected == got`, else the first differing line.
pub fn first_difference(expected: &[u8], got: &[u8]) -> Option<Difference> {
    if expected == got {
        return None;
    }
    let at = expected
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(got.len()));
    let line_start = expected[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = expected[..line_start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    let column = at - line_start;
    let excerpt = |s: &[u8]| -> String {
        if line_start >= s.len() {
            return END.to_string();
        }
        let rest = &s[line_start..];
        let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let newline = end < rest.len();
        shorten(&rest[..end], column, newline)
    };
    Some(Difference {
        line,
        column: column + 1,
        expected: excerpt(expected),
        got: excerpt(got),
        sizes: (expected.len(), got.len()),
    })
}

/// The line, quoted and escaped, cut to about [`EXCERPT`] bytes around `column`;
/// a missing final newline is shown as `(no newline)`.
fn shorten(line: &[u8], column: usize, newline: bool) -> String {
    let (from, to) = if line.len() <= EXCERPT {
        (0, line.len())
    } else {
        let from = column.saturating_sub(EXCERPT / 3).min(line.len() - EXCERPT);
        (from, from + EXCERPT)
    };
    let mut s = String::from("`");
    if from > 0 {
        s.push_str("...");
    }
    s.push_str(&line[from..to].escape_ascii().to_string());
    if to < line.len() {
        s.push_str("...");
    }
    s.push('`');
    if !newline {
        s.push_str(" (no newline)");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_first_differing_line() {
        let d = first_difference(b"a\nbcd\ne\n", b"a\nbxd\ne\n").unwrap();
        assert_eq!((d.line, d.column), (2, 2));
        assert_eq!(d.expected, "`bcd`");
        assert_eq!(d.got, "`bxd`");
        assert!(d
            .to_string()
            .starts_with("line 2, column 2: expected `bcd`, got `bxd`"));
        assert!(first_difference(b"same", b"same").is_none());
    }

    #[test]
    fn shorter_and_longer_outputs() {
        let d = first_difference(b"a\nb\n", b"a\n").unwrap();
        assert_eq!(
            (d.line, d.expected.as_str(), d.got.as_str()),
            (2, "`b`", END)
        );
        let d = first_difference(b"a\n", b"a\nextra\n").unwrap();
        assert_eq!(
            (d.line, d.expected.as_str(), d.got.as_str()),
            (2, END, "`extra`")
        );
        let d = first_difference(b"a\n", b"a").unwrap();
        assert_eq!(d.got, "`a` (no newline)");
    }

    #[test]
    fn long_and_binary_lines_are_shortened_and_escaped() {
        let mut a = vec![b'x'; 500];
        let mut b = a.clone();
        b[300] = 0xff;
        a.push(b'\n');
        b.push(b'\n');
        let d = first_difference(&a, &b).unwrap();
        assert_eq!(d.column, 301);
        assert!(d.got.contains("\\xff"), "{}", d.got);
        assert!(
            d.got.starts_with("`...") && d.got.ends_with("...`"),
            "{}",
            d.got
        );
        assert!(d.expected.len() < 80);
    }
}
