//! SVG charts, drawn with plotters' SVG backend. Text is written as SVG `<text>`
//! elements (no font files are read: plotters' built-in estimate lays text out, and the
//! browser renders it with its own sans-serif font).

mod bars;
mod scan;
mod scatter;
mod timeline;

pub use bars::{bar_chart, Bar, BarOptions};
pub use scan::{scan_chart, ScanOptions, ScanPoint};
pub use scatter::{scatter_chart, ScatterOptions, Series};
pub use timeline::timeline_chart;

use crate::ReportError;
use plotters::style::{Palette, Palette99, RGBColor};

/// The font family every chart uses.
pub const FONT: &str = "sans-serif";

pub(crate) fn draw_err<E: std::fmt::Debug>(e: E) -> ReportError {
    ReportError::Render(format!("chart: {e:?}"))
}

/// The colour of series `i` (a fixed palette, so charts are reproducible).
pub fn color(i: usize) -> RGBColor {
    let (r, g, b) = Palette99::COLORS[i % Palette99::COLORS.len()];
    RGBColor(r, g, b)
}

/// Labels for a log axis: `0.001`, `0.5`, `1`, `10`, `100` (enough significant digits
/// that a small tick never reads as `0`).
pub(crate) fn log_label(v: f64) -> String {
    if v >= 10.0 {
        format!("{v:.0}")
    } else if v > 0.0 {
        // Two significant digits, whatever the magnitude.
        let decimals = (1 - v.log10().floor() as i32).max(0) as usize;
        let s = format!("{v:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    } else {
        format!("{v}")
    }
}

/// Labels for a linear axis: `0`, `2.5`, `10`, `0.25` (no trailing zeros).
pub(crate) fn axis_label(v: f64) -> String {
    let s = crate::format::num(v);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Make a plotters SVG scale with its container: add a viewBox and drop fixed sizes.
pub(crate) fn responsive(svg: String, w: u32, h: u32) -> String {
    drop_repeated_text(&svg.replacen(
        &format!("width=\"{w}\" height=\"{h}\""),
        &format!("viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\""),
        1,
    ))
}

/// Remove `<text>` elements identical to an earlier one (same place, same words).
/// plotters' log axis can produce the same key point twice (a decade boundary reached from
/// both sides), which drew "10" twice, in bold-looking overprint.
fn drop_repeated_text(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut seen = std::collections::HashSet::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        let Some(len) = rest[start..].find("</text>") else {
            break;
        };
        let end = start + len + "</text>".len();
        out.push_str(&rest[..start]);
        let element = &rest[start..end];
        if seen.insert(element) {
            out.push_str(element);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// (lo, hi) of positive finite values, padded for a log axis; None when none.
pub(crate) fn log_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
    for v in values.filter(|v| v.is_finite() && *v > 0.0) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return None;
    }
    if hi <= lo * 1.01 {
        return Some((lo / 2.0, hi * 2.0));
    }
    Some((lo / 1.6, hi * 1.6))
}

#[cfg(test)]
mod tests {
    use super::{drop_repeated_text, log_label};

    #[test]
    fn repeated_text_elements_are_dropped_once() {
        let svg =
            r#"<svg><text x="1">10</text><line/><text x="1">10</text><text x="2">10</text></svg>"#;
        assert_eq!(
            drop_repeated_text(svg),
            r#"<svg><text x="1">10</text><line/><text x="2">10</text></svg>"#
        );
    }

    #[test]
    fn small_log_ticks_keep_their_digits() {
        assert_eq!(log_label(0.001), "0.001");
        assert_eq!(log_label(0.00025), "0.00025");
        assert_eq!(log_label(0.5), "0.5");
        assert_eq!(log_label(1.0), "1");
        assert_eq!(log_label(2.5), "2.5");
        assert_eq!(log_label(100.0), "100");
    }
}
