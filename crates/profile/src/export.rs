//! Exports: pure functions from a profile to bytes.

use crate::profile::Profile;
use inferno::flamegraph::{self, color::BasicPalette, color::Palette, Options};

/// Folded stacks, one `frame;frame;frame VALUE` line per stack, VALUE the mean dynamic
/// energy per run in whole microjoules: the format `stackcollapse-perf.pl` writes and
/// `flamegraph.pl`, inferno and speedscope read. Stacks worth less than 1 µJ are left
/// out (a flamegraph cannot show them).
pub fn folded(p: &Profile) -> String {
    let mut lines: Vec<(String, u64)> = p
        .stacks
        .iter()
        .map(|s| (s.frames.join(";"), (s.energy_j * 1e6).round() as u64))
        .filter(|(_, uj)| *uj > 0)
        .collect();
    // Sorted by stack: the order collapse tools write and diff tools expect.
    lines.sort();
    let mut out = String::new();
    for (stack, uj) in lines {
        out.push_str(&stack);
        out.push(' ');
        out.push_str(&uj.to_string());
        out.push('\n');
    }
    out
}

/// Stacks below this share of the energy are left out of the SVG: too narrow to see,
/// and one deep broken stack (a walk through code without frame pointers) would make
/// the picture thousands of pixels tall.
const SVG_MIN_SHARE: f64 = 0.0005;

/// An energy flamegraph (SVG): widths are microjoules of dynamic energy.
pub fn svg(p: &Profile) -> std::io::Result<Vec<u8>> {
    let total: f64 = p.stacks.iter().map(|s| s.energy_j).sum();
    let visible = Profile {
        stacks: p
            .stacks
            .iter()
            .filter(|s| s.energy_j >= SVG_MIN_SHARE * total)
            .cloned()
            .collect(),
        ..p.clone()
    };
    let folded = folded(&visible);
    let mut opts = Options::default();
    opts.title = format!("Energy flamegraph: {}", p.command);
    opts.subtitle = Some(format!(
        "dynamic energy per run ({}: {}), idle apart; {} run(s), stacks at {} Hz; \
         stacks under 0.05 % left out",
        p.provenance.as_str(),
        p.sensor,
        p.runs.len(),
        p.frequency
    ));
    opts.count_name = "µJ".into();
    opts.colors = Palette::Basic(BasicPalette::Hot);
    let mut out = Vec::new();
    flamegraph::from_lines(&mut opts, folded.lines(), &mut out)?;
    Ok(out)
}

/// The whole profile as JSON.
pub fn json(p: &Profile) -> serde_json::Result<String> {
    serde_json::to_string_pretty(p)
}
