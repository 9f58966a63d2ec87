//! The classic Prometheus text format, version 0.0.4 (`text/plain; version=0.0.4`), for
//! clients that do not ask for OpenMetrics: older agents, Telegraf, `promtool check
//! metrics`. prometheus-client only writes OpenMetrics, so this writes the same
//! [`Family`] list (see [`crate::snapshot::with_families`]).
//!
//! How it differs from OpenMetrics: `# HELP` and `# TYPE` name the sample (a counter's
//! family is `x_total`, not `x`), there is no `# UNIT` and no `# EOF`, and the format has
//! no info type: an info metric is a gauge named `_info` whose value is 1, as
//! client_golang writes one.

use crate::metrics::{write_escaped_label, Kind};
use crate::snapshot::Family;
use std::fmt::{self, Write};

/// Write `families` in the classic text format.
pub fn write<W: Write + ?Sized>(w: &mut W, families: &[Family]) -> fmt::Result {
    families.iter().try_for_each(|f| write_family(w, f))
}

fn write_family<W: Write + ?Sized>(w: &mut W, fam: &Family) -> fmt::Result {
    let def = fam.def;
    w.write_str("# HELP ")?;
    w.write_str(def.name)?;
    w.write_char(' ')?;
    write_escaped_help(w, def.help)?;
    w.write_str("\n# TYPE ")?;
    w.write_str(def.name)?;
    w.write_str(match def.kind {
        Kind::Counter => " counter\n",
        Kind::Gauge | Kind::Info => " gauge\n",
    })?;
    for s in &fam.samples {
        w.write_str(def.name)?;
        let mut sep = '{';
        for (name, value) in s.labels(def) {
            w.write_char(sep)?;
            sep = ',';
            w.write_str(name)?;
            w.write_str("=\"")?;
            write_escaped_label(w, value)?;
            w.write_char('"')?;
        }
        if sep == ',' {
            w.write_char('}')?;
        }
        w.write_char(' ')?;
        match def.kind {
            Kind::Info => w.write_char('1')?,
            Kind::Counter | Kind::Gauge => write_value(w, s.value)?,
        }
        w.write_char('\n')?;
    }
    Ok(())
}

/// Help text escaped as the classic format wants: `\` and newline only (a quote is
/// literal there, unlike in a label value).
fn write_escaped_help<W: Write + ?Sized>(w: &mut W, help: &str) -> fmt::Result {
    let mut rest = help;
    while let Some(i) = rest.find(['\\', '\n']) {
        w.write_str(&rest[..i])?;
        w.write_str(if rest.as_bytes()[i] == b'\\' {
            "\\\\"
        } else {
            "\\n"
        })?;
        rest = &rest[i + 1..];
    }
    w.write_str(rest)
}

/// A sample value as Go's `strconv.ParseFloat` (the Prometheus parser) reads it: the
/// shortest representation that round-trips, with `+Inf`, `-Inf` and `NaN` spelled
/// the Prometheus way (Rust writes `inf`).
fn write_value<W: Write + ?Sized>(w: &mut W, v: f64) -> fmt::Result {
    if v.is_nan() {
        w.write_str("NaN")
    } else if v.is_infinite() {
        w.write_str(if v > 0.0 { "+Inf" } else { "-Inf" })
    } else {
        // Debug, not Display: Display writes 1e300 as 301 digits.
        write!(w, "{v:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: f64) -> String {
        let mut s = String::new();
        write_value(&mut s, v).unwrap();
        s
    }

    #[test]
    fn values_parse_back_exactly() {
        for v in [
            0.0,
            1.0,
            12.5,
            1e-7,
            1e300,
            123456789.125,
            -3.5,
            f64::MIN_POSITIVE,
        ] {
            let s = value(v);
            assert_eq!(s.parse::<f64>().unwrap(), v, "{s}");
            assert!(!s.contains("inf") && !s.contains("NaN"), "{s}");
        }
        assert_eq!(value(1e300), "1e300");
        assert_eq!(value(f64::INFINITY), "+Inf");
        assert_eq!(value(f64::NEG_INFINITY), "-Inf");
        assert_eq!(value(f64::NAN), "NaN");
    }

    #[test]
    fn help_escapes_only_backslash_and_newline() {
        let mut s = String::new();
        write_escaped_help(&mut s, "a \"b\" c\\d\ne").unwrap();
        assert_eq!(s, "a \"b\" c\\\\d\\ne");
    }
}
