//! The power timeline of one run.

use super::{axis_label, color, draw_err, responsive, FONT};
use crate::ReportError;
use joulebench_model::record::PowerSample;
use plotters::prelude::*;

/// Draw `samples` (watts against seconds) as an SVG document titled `title`.
pub fn timeline_chart(samples: &[PowerSample], title: &str) -> Result<String, ReportError> {
    let pts: Vec<(f64, f64)> = samples
        .iter()
        .filter(|s| s.t.is_finite() && s.watts.is_finite())
        .map(|s| (s.t, s.watts))
        .collect();
    let (w, h) = (900u32, 360u32);
    let t1 = pts.iter().map(|p| p.0).fold(0.0f64, f64::max).max(1e-3);
    let p1 = pts.iter().map(|p| p.1).fold(0.0f64, f64::max).max(1e-3) * 1.15;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..t1, 0.0..p1)
            .map_err(draw_err)?;
        chart
            .configure_mesh()
            .x_desc("time since the run started (s)")
            .y_desc("power (W)")
            .x_label_formatter(&|x: &f64| axis_label(*x))
            .y_label_formatter(&|y: &f64| axis_label(*y))
            .light_line_style(WHITE.mix(0.0))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(draw_err)?;
        chart
            .draw_series(LineSeries::new(pts.clone(), color(0).stroke_width(2)))
            .map_err(draw_err)?;
        chart
            .draw_series(pts.iter().map(|p| Circle::new(*p, 2, color(0).filled())))
            .map_err(draw_err)?;
        root.present().map_err(draw_err)?;
    }
    Ok(responsive(svg, w, h))
}
