//! `run --parameter-scan/--parameter-step-size/--parameter-list`: the benchmarks a
//! parameter makes, as hyperfine makes them.
//!
//! A scan's values are computed in exact decimal arithmetic (a scaled integer), not in
//! floating point: `-P t 0 1 -D 0.1` must give `0.3`, not `0.30000000000000004`, and its
//! last value must be `1.0`, not be lost to rounding.

use anyhow::{bail, Context};
use joulebench_model::record::Parameter;

/// The most benchmarks a scan or list may make: more is a typo (a missing step size, a
/// range a thousand times too wide), not a measurement anyone waits for.
pub const MAX_BENCHMARKS: usize = 10_000;

/// The parameter flags as parsed.
#[derive(Debug, Default)]
pub struct ParameterFlags<'a> {
    /// `-P VAR MIN MAX`, its three values.
    pub scan: Option<&'a [String]>,
    /// `-D STEP`.
    pub step: Option<&'a str>,
    /// `-L VAR VALUES`, pairs of values, flattened (each `-L` adds two).
    pub lists: &'a [String],
}

/// Every combination of the parameters' values, in order (the first parameter varies
/// slowest); one empty combination when no parameter is given.
pub fn combinations(flags: &ParameterFlags) -> anyhow::Result<Vec<Vec<Parameter>>> {
    let axes = axes(flags)?;
    let total = axes
        .iter()
        .try_fold(1usize, |n, (_, values)| n.checked_mul(values.len()))
        .filter(|n| *n <= MAX_BENCHMARKS);
    if total.is_none() {
        bail!(
            "{}: more than {MAX_BENCHMARKS} benchmarks; use fewer values",
            flag_name(flags)
        );
    }
    let mut out: Vec<Vec<Parameter>> = vec![Vec::new()];
    for (name, values) in &axes {
        out = out
            .into_iter()
            .flat_map(|done| {
                values.iter().map(move |v| {
                    let mut next = done.clone();
                    next.push(Parameter {
                        name: name.clone(),
                        value: v.clone(),
                    });
                    next
                })
            })
            .collect();
    }
    Ok(out)
}

/// The flag the parameters came from, for errors.
pub fn flag_name(flags: &ParameterFlags) -> &'static str {
    if flags.scan.is_some() {
        "--parameter-scan"
    } else {
        "--parameter-list"
    }
}

/// `text` with every `{name}` replaced by its value.
pub fn substitute(text: &str, params: &[Parameter]) -> String {
    params.iter().fold(text.to_string(), |t, p| {
        t.replace(&format!("{{{}}}", p.name), &p.value)
    })
}

/// Each parameter's name and values.
fn axes(flags: &ParameterFlags) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    let mut axes = Vec::new();
    if let Some(scan) = flags.scan {
        let [name, min, max] = scan else {
            bail!("--parameter-scan takes three values: VAR MIN MAX");
        };
        check_name("--parameter-scan", name)?;
        axes.push((name.clone(), scan_values(min, max, flags.step)?));
    } else if flags.step.is_some() {
        bail!("--parameter-step-size needs --parameter-scan VAR MIN MAX");
    }
    for pair in flags.lists.chunks(2) {
        let [name, values] = pair else {
            bail!("--parameter-list takes two values: VAR VALUES (comma-separated)");
        };
        check_name("--parameter-list", name)?;
        if axes.iter().any(|(n, _)| n == name) {
            bail!("--parameter-list: parameter `{name}` is given twice");
        }
        axes.push((
            name.clone(),
            values.split(',').map(str::to_string).collect(),
        ));
    }
    Ok(axes)
}

fn check_name(flag: &str, name: &str) -> anyhow::Result<()> {
    if name.is_empty() || name.contains(['{', '}', ',']) || name.contains(char::is_whitespace) {
        bail!(
            "{flag}: `{name}` is not a parameter name (no braces, commas or spaces: it is used as {{NAME}})"
        );
    }
    Ok(())
}

/// A decimal number as an integer and its number of decimals: `-1.25` is (-125, 2).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Decimal {
    units: i128,
    scale: u32,
}

/// The most decimals a scan value may have (beyond it, i128 arithmetic could overflow).
const MAX_SCALE: u32 = 9;

impl Decimal {
    fn parse(flag: &str, what: &str, text: &str) -> anyhow::Result<Decimal> {
        let bad = || format!("{flag}: {what} `{text}` is not a number");
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() && frac.is_empty() || !all_digits(whole) || !all_digits(frac) {
            bail!(bad());
        }
        if frac.len() > MAX_SCALE as usize || whole.len() > 18 {
            bail!("{flag}: {what} `{text}` has too many digits");
        }
        let units: i128 = format!("{whole}{frac}").parse().with_context(bad)?;
        Ok(Decimal {
            units: sign * units,
            scale: frac.len() as u32,
        })
    }

    /// The same number with `scale` decimals (`scale` at least this one's).
    fn at(self, scale: u32) -> i128 {
        self.units * 10i128.pow(scale - self.scale)
    }

    fn format(units: i128, scale: u32) -> String {
        if scale == 0 {
            return units.to_string();
        }
        let p = 10i128.pow(scale);
        let sign = if units < 0 { "-" } else { "" };
        let a = units.abs();
        format!("{sign}{}.{:0width$}", a / p, a % p, width = scale as usize)
    }
}

/// The values of `-P VAR MIN MAX [-D STEP]`: MIN, MIN + STEP, ... up to MAX included.
fn scan_values(min: &str, max: &str, step: Option<&str>) -> anyhow::Result<Vec<String>> {
    const F: &str = "--parameter-scan";
    let lo = Decimal::parse(F, "MIN", min)?;
    let hi = Decimal::parse(F, "MAX", max)?;
    let step = match step {
        Some(s) => Decimal::parse("--parameter-step-size", "STEP", s)?,
        None if lo.scale > 0 || hi.scale > 0 => bail!(
            "{F} {min} {max}: MIN and MAX must be integers unless --parameter-step-size is given"
        ),
        None => Decimal { units: 1, scale: 0 },
    };
    if step.units <= 0 {
        bail!(
            "--parameter-step-size must be above 0, got {}",
            Decimal::format(step.units, step.scale)
        );
    }
    let scale = lo.scale.max(hi.scale).max(step.scale);
    let (a, b, d) = (lo.at(scale), hi.at(scale), step.at(scale));
    if a > b {
        bail!("{F}: MIN {min} is larger than MAX {max}");
    }
    let count = (b - a) / d + 1;
    if count > MAX_BENCHMARKS as i128 {
        bail!("{F} {min} {max}: {count} values, more than {MAX_BENCHMARKS}; use a larger --parameter-step-size");
    }
    // The values have the decimals of MIN and STEP: those of MAX are only its bound.
    let shown = lo.scale.max(step.scale);
    let per = 10i128.pow(scale - shown);
    Ok((0..count)
        .map(|k| Decimal::format((a + k * d) / per, shown))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(min: &str, max: &str, step: Option<&str>) -> anyhow::Result<Vec<String>> {
        scan_values(min, max, step)
    }

    #[test]
    fn integer_and_decimal_scans_are_exact() {
        assert_eq!(scan("1", "4", None).unwrap(), ["1", "2", "3", "4"]);
        assert_eq!(scan("-2", "0", None).unwrap(), ["-2", "-1", "0"]);
        assert_eq!(
            scan("0", "0.3", Some("0.1")).unwrap(),
            ["0.0", "0.1", "0.2", "0.3"]
        );
        assert_eq!(
            scan("0.1", "1", Some("0.25")).unwrap(),
            ["0.10", "0.35", "0.60", "0.85"]
        );
        assert_eq!(scan("10", "30", Some("10")).unwrap(), ["10", "20", "30"]);
        assert_eq!(
            scan("-0.5", "0.5", Some("0.5")).unwrap(),
            ["-0.5", "0.0", "0.5"]
        );
    }

    #[test]
    fn bad_scans_name_their_flag() {
        let err = |r: anyhow::Result<Vec<String>>| r.unwrap_err().to_string();
        assert!(err(scan("5", "1", None)).contains("--parameter-scan: MIN 5 is larger than MAX 1"));
        assert!(err(scan("1", "5", Some("0"))).contains("--parameter-step-size must be above 0"));
        assert!(err(scan("1", "5", Some("-1"))).contains("--parameter-step-size must be above 0"));
        assert!(
            err(scan("0.5", "2", None)).contains("must be integers unless --parameter-step-size")
        );
        assert!(err(scan("x", "2", None)).contains("--parameter-scan: MIN `x` is not a number"));
        assert!(err(scan("1", "1e3", None)).contains("MAX `1e3` is not a number"));
        assert!(err(scan("1", "100000", None)).contains("more than 10000"));
    }

    #[test]
    fn lists_make_the_cartesian_product_in_order() {
        let lists: Vec<String> = ["cc", "gcc,clang", "opt", "O1,O2,O3"]
            .map(String::from)
            .to_vec();
        let flags = ParameterFlags {
            lists: &lists,
            ..Default::default()
        };
        let c = combinations(&flags).unwrap();
        assert_eq!(c.len(), 6);
        let line = |i: usize| substitute("{cc} -{opt}", &c[i]);
        assert_eq!(line(0), "gcc -O1");
        assert_eq!(line(2), "gcc -O3");
        assert_eq!(line(3), "clang -O1");
        assert_eq!(
            combinations(&ParameterFlags::default()).unwrap(),
            [Vec::new()]
        );
    }

    #[test]
    fn bad_lists_name_their_flag() {
        let twice: Vec<String> = ["x", "1,2", "x", "3"].map(String::from).to_vec();
        let flags = ParameterFlags {
            lists: &twice,
            ..Default::default()
        };
        let e = combinations(&flags).unwrap_err().to_string();
        assert!(
            e.contains("--parameter-list: parameter `x` is given twice"),
            "{e}"
        );
        let (ones, twos) = ("1,".repeat(200), "2,".repeat(200));
        let many: Vec<String> = ["a", ones.as_str(), "b", twos.as_str()]
            .map(String::from)
            .to_vec();
        let flags = ParameterFlags {
            lists: &many,
            ..Default::default()
        };
        let e = combinations(&flags).unwrap_err().to_string();
        assert!(
            e.contains("--parameter-list: more than 10000 benchmarks"),
            "{e}"
        );
        let step = ParameterFlags {
            step: Some("1"),
            ..Default::default()
        };
        let e = combinations(&step).unwrap_err().to_string();
        assert!(
            e.contains("--parameter-step-size needs --parameter-scan"),
            "{e}"
        );
        let spaced: Vec<String> = ["a b", "1"].map(String::from).to_vec();
        let flags = ParameterFlags {
            lists: &spaced,
            ..Default::default()
        };
        let e = combinations(&flags).unwrap_err().to_string();
        assert!(
            e.contains("--parameter-list: `a b` is not a parameter name"),
            "{e}"
        );
    }
}
