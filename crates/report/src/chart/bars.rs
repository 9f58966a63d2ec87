//! Horizontal bars with optional 95 % whiskers and two markers, on a log or linear axis:
//! normalized energy (geomean with its interval; this run's ratio of totals as a filled
//! triangle, the published figure as a hollow diamond) and memory.

use super::{axis_label, draw_err, log_label, log_range, responsive, FONT};
use crate::ReportError;
use plotters::prelude::*;

/// The bars' colour (steel blue).
const BAR: RGBColor = RGBColor(91, 141, 196);
/// The marker's colour (dark orange).
const MARKER: RGBColor = RGBColor(214, 96, 0);
/// The published marker's colour (dark purple), drawn hollow.
const PUBLISHED: RGBColor = RGBColor(106, 27, 154);
/// Half the diagonal of the published diamond, in pixels (the triangle's size is 6).
const DIAMOND: i32 = 8;

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The category (language or command).
    pub label: String,
    /// The bar's length.
    pub value: f64,
    /// A 95 % interval drawn as a whisker.
    pub ci: Option<[f64; 2]>,
    /// A second figure drawn as a filled triangle (e.g. this run's ratio of totals).
    pub marker: Option<f64>,
    /// A third figure drawn as a hollow diamond (e.g. the published figure).
    pub published: Option<f64>,
}

/// How to draw the bars.
#[derive(Clone, Debug, PartialEq)]
pub struct BarOptions {
    /// Title.
    pub title: String,
    /// Axis description.
    pub x_desc: String,
    /// Log scale (all values must be positive; others are left out).
    pub log: bool,
    /// A vertical reference line (e.g. 1.0 for the reference language).
    pub reference_line: Option<f64>,
    /// Legend text for, in this order, the bars, the whisker, the triangle marker and the
    /// hollow-diamond (published) marker; as many as the chart needs.
    pub legend: Vec<String>,
}

/// Draw `bars` top to bottom, as an SVG document.
pub fn bar_chart(bars: &[Bar], o: &BarOptions) -> Result<String, ReportError> {
    let bars: Vec<&Bar> = bars
        .iter()
        .filter(|b| b.value.is_finite() && (!o.log || b.value > 0.0))
        .collect();
    let n = bars.len().max(1);
    let (w, h) = (900u32, (110 + 26 * n + 24 * o.legend.len()) as u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
        let label_of = move |y: &f64| -> String {
            let r = y.round();
            if (y - r).abs() > 1e-6 || r < 0.0 {
                return String::new();
            }
            let i = n - 1 - r as usize;
            labels.get(i).cloned().unwrap_or_default()
        };
        let all = bars.iter().flat_map(|b| {
            let ci = b.ci.unwrap_or([b.value, b.value]);
            [
                b.value,
                ci[0],
                ci[1],
                b.marker.unwrap_or(b.value),
                b.published.unwrap_or(b.value),
            ]
        });
        let y_range = -0.5f64..(n as f64 - 0.5);
        let (chart_area, legend_area) = root.split_vertically(h - 24 * o.legend.len() as u32);
        let mut builder = ChartBuilder::on(&chart_area);
        builder
            .caption(&o.title, (FONT, 18))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(170);
        if o.log {
            let (lo, hi) = log_range(all).unwrap_or((0.5, 2.0));
            let mut chart = builder
                .build_cartesian_2d((lo..hi).log_scale(), y_range)
                .map_err(draw_err)?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .light_line_style(WHITE.mix(0.0))
                .y_labels(n + 1)
                .y_label_formatter(&label_of)
                .x_label_formatter(&|x: &f64| log_label(*x))
                .x_desc(&o.x_desc)
                .label_style((FONT, 13))
                .axis_desc_style((FONT, 14))
                .draw()
                .map_err(draw_err)?;
            draw_bars(&mut chart, &bars, lo, n, o.reference_line)?;
        } else {
            let hi = all.fold(0.0f64, f64::max).max(1e-9) * 1.1;
            let mut chart = builder
                .build_cartesian_2d(0.0..hi, y_range)
                .map_err(draw_err)?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .light_line_style(WHITE.mix(0.0))
                .y_labels(n + 1)
                .y_label_formatter(&label_of)
                .x_label_formatter(&|x: &f64| axis_label(*x))
                .x_desc(&o.x_desc)
                .label_style((FONT, 13))
                .axis_desc_style((FONT, 14))
                .draw()
                .map_err(draw_err)?;
            draw_bars(&mut chart, &bars, 0.0, n, o.reference_line)?;
        }
        draw_legend(&legend_area, &o.legend)?;
        root.present().map_err(draw_err)?;
    }
    // Name the published diamonds (the only paths in that colour), for styling and tests.
    let RGBColor(r, g, b) = PUBLISHED;
    let stroke = format!("stroke=\"#{r:02X}{g:02X}{b:02X}\"");
    let svg = svg.replace(&stroke, &format!("class=\"published\" {stroke}"));
    Ok(responsive(svg, w, h))
}

/// The legend under the chart: one sample of each mark (bar, whisker, triangle, diamond),
/// in that order, beside its text.
fn draw_legend(
    legend_area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    legend: &[String],
) -> Result<(), ReportError> {
    for (k, text) in legend.iter().enumerate() {
        let y = 8 + 24 * k as i32;
        match k {
            0 => legend_area
                .draw(&Rectangle::new([(190, y + 2), (208, y + 12)], BAR.filled()))
                .map_err(draw_err)?,
            1 => {
                let st = BLACK.stroke_width(2);
                for seg in [
                    vec![(190, y + 7), (208, y + 7)],
                    vec![(190, y + 2), (190, y + 12)],
                    vec![(208, y + 2), (208, y + 12)],
                ] {
                    legend_area
                        .draw(&PathElement::new(seg, st))
                        .map_err(draw_err)?;
                }
            }
            2 => legend_area
                .draw(&TriangleMarker::new((199, y + 7), 6, MARKER.filled()))
                .map_err(draw_err)?,
            _ => legend_area
                .draw(&(EmptyElement::at((199, y + 7)) + diamond()))
                .map_err(draw_err)?,
        }
        legend_area
            .draw(&Text::new(text.clone(), (216, y), (FONT, 13).into_font()))
            .map_err(draw_err)?;
    }
    Ok(())
}

fn draw_bars<X>(
    chart: &mut ChartContext<
        '_,
        SVGBackend<'_>,
        Cartesian2d<X, plotters::coord::types::RangedCoordf64>,
    >,
    bars: &[&Bar],
    base: f64,
    n: usize,
    reference_line: Option<f64>,
) -> Result<(), ReportError>
where
    X: Ranged<ValueType = f64>,
{
    let y_of = |i: usize| (n - 1 - i) as f64;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let y = y_of(i);
            Rectangle::new([(base, y - 0.32), (b.value, y + 0.32)], BAR.filled())
        }))
        .map_err(draw_err)?;
    for (i, b) in bars.iter().enumerate() {
        let y = y_of(i);
        if let Some([lo, hi]) =
            b.ci.filter(|c| c[0].is_finite() && c[1].is_finite() && c[0] > 0.0)
        {
            let style = BLACK.stroke_width(2);
            chart
                .draw_series([
                    PathElement::new(vec![(lo, y), (hi, y)], style),
                    PathElement::new(vec![(lo, y - 0.2), (lo, y + 0.2)], style),
                    PathElement::new(vec![(hi, y - 0.2), (hi, y + 0.2)], style),
                ])
                .map_err(draw_err)?;
        }
        if let Some(m) = b.marker.filter(|m| m.is_finite() && *m > 0.0) {
            chart
                .draw_series([TriangleMarker::new((m, y), 6, MARKER.filled())])
                .map_err(draw_err)?;
        }
        if let Some(p) = b.published.filter(|p| p.is_finite() && *p > 0.0) {
            chart
                .draw_series([EmptyElement::at((p, y)) + diamond()])
                .map_err(draw_err)?;
        }
    }
    if let Some(r) = reference_line {
        chart
            .draw_series([PathElement::new(
                vec![(r, -0.5), (r, n as f64 - 0.5)],
                BLACK.mix(0.5).stroke_width(1),
            )])
            .map_err(draw_err)?;
    }
    Ok(())
}

/// The hollow diamond of a published figure, centred on the point it is added to.
fn diamond() -> PathElement<(i32, i32)> {
    let d = DIAMOND;
    PathElement::new(
        vec![(0, -d), (d, 0), (0, d), (-d, 0), (0, -d)],
        PUBLISHED.stroke_width(2),
    )
}
