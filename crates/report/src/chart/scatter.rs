//! Scatter plots on log-log axes, one colour per series, with an optional fitted line:
//! energy against time per language, and energy against CPU seconds ("what drives energy").

use super::{color, draw_err, log_label, log_range, responsive, FONT};
use crate::rank::drivers::Fit;
use crate::ReportError;
use plotters::prelude::*;

/// One coloured series of points.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend label.
    pub label: String,
    /// (x, y) points; non-positive or non-finite points are left out (log axes).
    pub points: Vec<(f64, f64)>,
}

/// Titles and the optional fitted line.
#[derive(Clone, Debug, PartialEq)]
pub struct ScatterOptions {
    /// Title.
    pub title: String,
    /// x axis description.
    pub x_desc: String,
    /// y axis description.
    pub y_desc: String,
    /// A least-squares line `y = intercept + slope x` to draw over the points.
    pub fit: Option<Fit>,
}

/// Draw the series as an SVG document (legend on the right).
pub fn scatter_chart(series: &[Series], o: &ScatterOptions) -> Result<String, ReportError> {
    let ok = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite() && p.0 > 0.0 && p.1 > 0.0;
    let (w, h) = (900u32, (520).max(60 + 20 * series.len()) as u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let (plot, legend) = root.split_horizontally(w - 190);
        let xs = series
            .iter()
            .flat_map(|s| s.points.iter().filter(ok).map(|p| p.0));
        let ys = series
            .iter()
            .flat_map(|s| s.points.iter().filter(ok).map(|p| p.1));
        let (x0, x1) = log_range(xs).unwrap_or((0.1, 10.0));
        let (y0, y1) = log_range(ys).unwrap_or((0.1, 10.0));
        let mut chart = ChartBuilder::on(&plot)
            .caption(&o.title, (FONT, 18))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())
            .map_err(draw_err)?;
        chart
            .configure_mesh()
            .x_desc(&o.x_desc)
            .y_desc(&o.y_desc)
            .x_label_formatter(&|x: &f64| log_label(*x))
            .y_label_formatter(&|y: &f64| log_label(*y))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 14))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(draw_err)?;
        for (i, s) in series.iter().enumerate() {
            let c = color(i);
            chart
                .draw_series(
                    s.points
                        .iter()
                        .filter(ok)
                        .map(|p| Circle::new(*p, 4, c.mix(0.8).filled())),
                )
                .map_err(draw_err)?;
        }
        if let Some(f) = &o.fit {
            let steps = 60;
            let line: Vec<(f64, f64)> = (0..=steps)
                .map(|k| {
                    let x = x0 * (x1 / x0).powf(k as f64 / steps as f64);
                    (x, f.predict(x))
                })
                .filter(|p| p.1 > y0 && p.1 < y1)
                .collect();
            if line.len() > 1 {
                chart
                    .draw_series([PathElement::new(line, BLACK.stroke_width(2))])
                    .map_err(draw_err)?;
            }
        }
        for (i, s) in series.iter().enumerate() {
            let y = 40 + 20 * i as i32;
            legend
                .draw(&Circle::new((12, y + 7), 5, color(i).filled()))
                .map_err(draw_err)?;
            legend
                .draw(&Text::new(s.label.clone(), (24, y), (FONT, 13).into_font()))
                .map_err(draw_err)?;
        }
        if let Some(f) = &o.fit {
            let y = 40 + 20 * series.len() as i32 + 10;
            legend
                .draw(&PathElement::new(
                    vec![(4, y + 7), (20, y + 7)],
                    BLACK.stroke_width(2),
                ))
                .map_err(draw_err)?;
            legend
                .draw(&Text::new(
                    format!("fit, R² = {:.3}", f.r2),
                    (24, y),
                    (FONT, 13).into_font(),
                ))
                .map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    Ok(responsive(svg, w, h))
}
