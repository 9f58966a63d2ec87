//! The SVG charts: text is SVG `<text>`, log axes, whiskers, fitted lines.

use joulebench_model::record::PowerSample;
use joulebench_report::power_law;
use joulebench_report::{
    bar_chart, scatter_chart, timeline_chart, Bar, BarOptions, ScatterOptions, Series,
};

/// The contents of the SVG's `<text>` elements, trimmed.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

#[test]
fn bars_have_labels_whiskers_and_a_legend_as_text() {
    let svg = bar_chart(
        &[
            Bar {
                label: "C".into(),
                value: 1.0,
                ci: Some([1.0, 1.0]),
                marker: Some(1.0),
                published: Some(1.0),
            },
            Bar {
                label: "Python".into(),
                value: 32.9,
                ci: Some([32.2, 33.5]),
                marker: Some(75.5),
                published: Some(75.88),
            },
            Bar {
                label: "negative is left out".into(),
                value: -1.0,
                ci: None,
                marker: None,
                published: None,
            },
        ],
        &BarOptions {
            title: "Energy relative to C".into(),
            x_desc: "ratio (log scale)".into(),
            log: true,
            reference_line: Some(1.0),
            legend: vec![
                "geomean".into(),
                "95 % interval".into(),
                "total".into(),
                "published".into(),
            ],
        },
    )
    .unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("viewBox=\"0 0 900 "), "scales with the page");
    let t = texts(&svg);
    for want in ["C", "Python", "Energy relative to C", "geomean", "10"] {
        assert!(t.iter().any(|x| x == want), "missing {want} in {t:?}");
    }
    assert!(!svg.contains("negative is left out"));
    assert!(svg.matches("<text").count() >= 8);
}

#[test]
fn published_figures_are_hollow_diamonds_apart_from_the_triangles() {
    let bar = |label: &str, value: f64, marker: Option<f64>, published: Option<f64>| Bar {
        label: label.into(),
        value,
        ci: None,
        marker,
        published,
    };
    let options = BarOptions {
        title: "Energy".into(),
        x_desc: "ratio".into(),
        log: true,
        reference_line: None,
        legend: vec![
            "geomean".into(),
            "interval".into(),
            "this run".into(),
            "published".into(),
        ],
    };
    let svg = bar_chart(
        &[
            bar("C", 1.0, Some(1.0), Some(1.0)),
            bar("Python", 33.0, Some(75.5), Some(75.88)),
            bar("Mine", 2.0, Some(2.5), None),
        ],
        &options,
    )
    .unwrap();
    // Two bars with a published figure, and the legend's sample.
    assert_eq!(svg.matches("class=\"published\"").count(), 3, "{svg}");
    let diamonds: Vec<&str> = svg
        .split("<polyline")
        .skip(1)
        .filter(|p| p.contains("class=\"published\""))
        .collect();
    for d in &diamonds {
        assert!(d.contains("fill=\"none\""), "hollow: {d}");
        assert_eq!(
            d[..d.find("/>").unwrap()].matches(',').count(),
            5,
            "four corners, closed: {d}"
        );
    }
    assert!(texts(&svg).iter().any(|t| t == "published"));
    // Without published figures only the legend's sample is drawn.
    let without = bar_chart(
        &[
            bar("C", 1.0, Some(1.0), None),
            bar("Python", 33.0, Some(75.5), None),
        ],
        &options,
    )
    .unwrap();
    assert_eq!(without.matches("class=\"published\"").count(), 1);
}

#[test]
fn scatter_and_timeline_render() {
    let pts = vec![(1.0, 30.0), (2.0, 61.0), (4.0, 119.0), (8.0, 242.0)];
    let fit = power_law(&pts);
    let svg = scatter_chart(
        &[Series {
            label: "Rust".into(),
            points: pts,
        }],
        &ScatterOptions {
            title: "What drives energy".into(),
            x_desc: "CPU seconds".into(),
            y_desc: "J".into(),
            fit,
        },
    )
    .unwrap();
    let t = texts(&svg);
    assert!(t.iter().any(|x| x == "Rust"), "{t:?}");
    assert!(t.iter().any(|x| x.starts_with("fit, R² = ")), "{t:?}");
    assert!(svg.contains("<circle"));
    let t = timeline_chart(
        &[
            PowerSample {
                t: 0.1,
                watts: 10.0,
            },
            PowerSample {
                t: 0.2,
                watts: 12.0,
            },
        ],
        "Power during x",
    )
    .unwrap();
    assert!(texts(&t).iter().any(|x| x == "Power during x"));
    assert!(t.contains("<polyline"));
    // Empty input still gives a valid (empty) chart rather than a panic.
    assert!(timeline_chart(&[], "empty").unwrap().starts_with("<svg"));
}
