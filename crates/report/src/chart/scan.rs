//! A figure against a scanned parameter (`run --parameter-scan`): the mean at each value
//! with the 95 % interval of the mean as an error bar, joined by a line.

use super::{axis_label, color, draw_err, responsive, FONT};
use crate::ReportError;
use plotters::prelude::*;

/// One point of a scan: the parameter's value and the figure's mean and interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScanPoint {
    /// The parameter's value.
    pub x: f64,
    /// The mean.
    pub mean: f64,
    /// The 95 % interval of the mean.
    pub ci95: [f64; 2],
}

/// Labels of a scan chart.
pub struct ScanOptions<'a> {
    /// The chart's title (with the figure's source).
    pub title: &'a str,
    /// The parameter's name.
    pub parameter: &'a str,
    /// The y axis, with its unit.
    pub y_desc: &'a str,
    /// The series' colour index.
    pub color: usize,
}

/// Draw `points` (sorted by x here) as an SVG document.
pub fn scan_chart(points: &[ScanPoint], o: &ScanOptions<'_>) -> Result<String, ReportError> {
    let mut pts: Vec<ScanPoint> = points
        .iter()
        .copied()
        .filter(|p| p.x.is_finite() && p.mean.is_finite())
        .collect();
    pts.sort_by(|a, b| a.x.total_cmp(&b.x));
    let (w, h) = (900u32, 340u32);
    let x0 = pts.first().map_or(0.0, |p| p.x);
    let x1 = pts.last().map_or(1.0, |p| p.x);
    let pad = ((x1 - x0) * 0.05).max(0.5);
    let top = pts
        .iter()
        .map(|p| p.ci95[1].max(p.mean))
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.15;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(o.title, (FONT, 17))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(70)
            .build_cartesian_2d((x0 - pad)..(x1 + pad), 0.0..top)
            .map_err(draw_err)?;
        chart
            .configure_mesh()
            .x_desc(format!("parameter {}", o.parameter))
            .y_desc(o.y_desc)
            .x_label_formatter(&|x: &f64| axis_label(*x))
            .y_label_formatter(&|y: &f64| axis_label(*y))
            .light_line_style(WHITE.mix(0.0))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(draw_err)?;
        let c = color(o.color);
        chart
            .draw_series(LineSeries::new(
                pts.iter().map(|p| (p.x, p.mean)),
                c.stroke_width(2),
            ))
            .map_err(draw_err)?;
        chart
            .draw_series(pts.iter().map(|p| {
                PathElement::new(
                    vec![(p.x, p.ci95[0].max(0.0)), (p.x, p.ci95[1])],
                    c.stroke_width(2),
                )
            }))
            .map_err(draw_err)?;
        chart
            .draw_series(
                pts.iter()
                    .map(|p| Circle::new((p.x, p.mean), 3, c.filled())),
            )
            .map_err(draw_err)?;
        root.present().map_err(draw_err)?;
    }
    Ok(responsive(svg, w, h))
}
