//! Number formatting shared by every renderer, so that all outputs agree.

/// A figure with about four significant digits and no exponent: `1234.5`, `12.34`,
/// `1.234`, `0.0123`, `0.000164`. Non-finite values print as `n/a (not finite)`.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return na("not finite");
    }
    let a = x.abs();
    let decimals = if a == 0.0 {
        0
    } else if a >= 100.0 {
        1
    } else if a >= 10.0 {
        2
    } else if a >= 1.0 {
        3
    } else {
        // Three significant digits below 1.
        ((2.0 - a.log10().floor()) as usize).min(12)
    };
    format!("{x:.decimals$}")
}

/// A ratio with two decimals, as the study prints them (`75.50`).
pub fn ratio(x: f64) -> String {
    if !x.is_finite() {
        return na("not finite");
    }
    if x.abs() >= 1000.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// `n/a (reason)`: how a missing figure is printed. Never a silent zero.
pub fn na(reason: &str) -> String {
    format!("n/a ({reason})")
}

/// The unit hyperfine would use for a time of `mean_s` seconds: `("ms", 1000.0)` below
/// one second, else `("s", 1.0)`.
pub fn time_unit(mean_s: f64) -> (&'static str, f64) {
    if mean_s < 1.0 {
        ("ms", 1000.0)
    } else {
        ("s", 1.0)
    }
}

/// Bytes as megabytes (10^6 bytes), the unit the study uses.
pub fn mb(bytes: f64) -> f64 {
    bytes / 1e6
}

/// `mean ± sd` with [`num`]. A spread below a billionth of the mean is floating-point
/// noise from identical values, shown as `0` (it printed `± 0.000000000000`).
pub fn pm(mean: f64, sd: f64) -> String {
    let sd = if sd.abs() <= mean.abs() * 1e-9 {
        0.0
    } else {
        sd
    };
    format!("{} ± {}", num(mean), num(sd))
}

/// A percentage change from a ratio: 1.3 → `+30.0 %`.
pub fn change_pct(ratio: f64) -> String {
    if !ratio.is_finite() {
        return na("not finite");
    }
    format!("{:+.1} %", (ratio - 1.0) * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_identical_values_reads_zero() {
        assert_eq!(pm(6.115, 8.9e-16), "6.115 ± 0");
        assert_eq!(pm(6.115, 0.0757), "6.115 ± 0.0757");
        assert_eq!(pm(0.0, 0.0), "0 ± 0");
    }

    #[test]
    fn numbers_keep_about_four_digits() {
        assert_eq!(num(1234.56), "1234.6");
        assert_eq!(num(12.3456), "12.35");
        assert_eq!(num(1.23456), "1.235");
        assert_eq!(num(0.0123456), "0.0123");
        assert_eq!(num(0.000164), "0.000164");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(f64::NAN), "n/a (not finite)");
        assert_eq!(ratio(75.499), "75.50");
        assert_eq!(change_pct(1.3), "+30.0 %");
        assert_eq!(time_unit(0.5), ("ms", 1000.0));
    }
}

/// A text cell for CSV. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return is run as a formula by spreadsheets (CSV injection): such a cell gets a leading
/// apostrophe, which they show as text. Numbers are written by the caller, not through
/// this.
pub fn csv_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Text that came from a results file, made safe to print on a terminal: control
/// characters other than newline and tab (ESC, BEL, CR, backspace, C1 controls) are
/// shown as `\u{..}` escapes instead of being obeyed, so a hostile file cannot move the
/// cursor, rewrite what was printed or set the window title.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if bad(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod safety_tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_in_csv_text() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_text("-2+3"), "'-2+3");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("sleep 1"), "sleep 1");
    }

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        let s = terminal_safe("ok\x1b]0;owned\x07\x1b[2J\r\nnext\tline");
        assert!(!s.contains('\x1b') && !s.contains('\x07') && !s.contains('\r'));
        assert!(s.contains("\\u{1b}") && s.contains("\nnext\tline"), "{s}");
        assert!(matches!(
            terminal_safe("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
