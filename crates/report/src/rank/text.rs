//! Explanations in plain words, shared by the Markdown and HTML reports: the methodology,
//! why the two tables differ (with this data's own numbers), and the provenance banner.

use super::{LanguageRow, RankAnalysis};
use crate::format;

/// The banner for estimated data; None when every figure is measured.
pub fn estimated_banner(a: &RankAnalysis) -> Option<String> {
    match a.provenance.provenance.as_str() {
        "measured" => None,
        "mixed" => Some(format!(
            "Some energy figures are ESTIMATED by a model ({}), not measured, and are mixed with \
             measured ones: such figures are not comparable.",
            a.model.as_deref().unwrap_or(&a.provenance.sensor)
        )),
        _ => Some(format!(
            "Energy is ESTIMATED by a model ({}), not measured by an energy counter. Ratios \
             between languages then mostly reflect CPU time; treat them as an estimate.",
            a.model.as_deref().unwrap_or(&a.provenance.sensor)
        )),
    }
}

/// The study's languages that these results lack because this system cannot run them,
/// one sentence each: "Chapel: no Debian 12 package; needs the Chapel compiler (chpl) ...".
/// Empty when every such language has runs here (e.g. the study's own data, imported).
pub fn not_available_text(a: &RankAnalysis) -> Vec<String> {
    a.published
        .not_available(a.languages.iter().map(|l| l.language.as_str()))
        .into_iter()
        .map(|u| u.sentence())
        .collect()
}

/// The sentence that introduces [`not_available`]'s list.
pub fn not_available_lead() -> String {
    format!(
        "The study also ranked these languages; they are {}, so these results have no runs \
         of them:",
        super::published::NOT_AVAILABLE
    )
}

/// The methodology, one paragraph per item.
pub fn methodology(a: &RankAnalysis) -> Vec<String> {
    let r = &a.reference;
    vec![
        format!(
            "Energy is the default total of every run: package + DRAM energy of every socket, \
             in joules, {} by {}. Each problem x language cell is measured several times; a \
             cell's figure is the mean of its runs. Failed or timed-out runs are left out \
             (listed under caveats and exclusions).",
            a.provenance.provenance, a.provenance.sensor
        ),
        format!(
            "The study's table repeats how Pereira et al. computed their global results: for \
             each language, add up the mean energy (time, memory) of every problem it has, and \
             divide by {r}'s sum. It is a ratio of totals."
        ),
        format!(
            "The sounder table first divides each problem's mean energy by {r}'s on the same \
             problem, then takes the geometric mean of those ratios, so that every problem \
             counts the same and only problems both languages have are compared. Its 95 % \
             interval is a percentile bootstrap: the runs of every cell are resampled with \
             replacement {} times (seed {}), and the geometric mean recomputed each time. The \
             interval covers run-to-run noise, not the choice of problems.",
            a.bootstrap.resamples, a.bootstrap.seed
        ),
        "Languages whose intervals overlap are marked as not distinguishable: the data \
         cannot say which of them uses less energy. Overlap is a conservative test; ranks \
         within such a group mean little."
            .to_string(),
        format!(
            "What drives energy: every run's energy is plotted against {}, with a \
             least-squares line. If one line explains most of the variation, a language \
             saves energy mainly by finishing sooner on fewer cores, not by drawing less \
             power.",
            a.drivers.x_label
        ),
        format!(
            "Memory is the mean per-run peak resident set (MB = 10^6 bytes). Note that the \
             published memory column is relative to {}, not to C.",
            a.published.memory_normalized_to
        ),
    ]
}

fn share_of_largest(a: &RankAnalysis, lang: &str) -> Option<(String, f64, Option<f64>)> {
    let mine: Vec<_> = a.cells.iter().filter(|c| c.language == lang).collect();
    let total: f64 = mine
        .iter()
        .filter_map(|c| c.energy_j.as_ref().map(|s| s.mean))
        .sum();
    let big = mine
        .iter()
        .filter_map(|c| c.energy_j.as_ref().map(|s| (c, s.mean)))
        .max_by(|x, y| x.1.total_cmp(&y.1))?;
    (total > 0.0).then(|| {
        (
            big.0.problem.clone(),
            big.1 / total,
            big.0.energy_vs_reference,
        )
    })
}

/// Why the study's table and the geometric-mean table differ, with this data's numbers.
pub fn why_tables_differ(a: &RankAnalysis) -> Vec<String> {
    let r = &a.reference;
    let mut p = vec![
        "A ratio of totals is dominated by the problems that take longest: a language's \
         total is mostly its one or two most expensive problems, and the cheap problems \
         hardly count. When a language does especially badly (or well) on a long problem, \
         the total ratio follows that one problem. The geometric mean gives every problem \
         the same weight, so it describes the typical problem instead."
            .to_string(),
        format!(
            "Totals also compare languages on different sets of problems when some are \
             missing: a language without {r}'s most expensive problem looks better than it is. \
             The geometric mean compares each language with {r} only on the problems both have."
        ),
    ];
    if let Some((p0, share, _)) = share_of_largest(a, r) {
        p.push(format!(
            "In these data, {p0} alone is {:.0} % of {r}'s total energy.",
            share * 100.0
        ));
    }
    // The language whose two figures differ most.
    let gap = |l: &&LanguageRow| match (l.energy_ratio_total, l.energy_ratio_geomean) {
        (Some(t), Some(g)) if t > 0.0 && g > 0.0 => Some((t / g).ln().abs()),
        _ => None,
    };
    if let Some(l) = a
        .languages
        .iter()
        .filter(|l| gap(l).is_some())
        .max_by(|x, y| gap(x).unwrap_or(0.0).total_cmp(&gap(y).unwrap_or(0.0)))
    {
        if let (Some(t), Some(g), Some((p0, share, vs))) = (
            l.energy_ratio_total,
            l.energy_ratio_geomean,
            share_of_largest(a, &l.language),
        ) {
            p.push(format!(
                "The largest gap is {}: {} by the ratio of totals, {} by the geometric mean. \
                 Its most expensive problem, {p0}, is {:.0} % of its total energy{}.",
                l.language,
                format::ratio(t),
                format::ratio(g),
                share * 100.0,
                vs.map(|v| format!(
                    ", and there it uses {} times {r}'s energy",
                    format::ratio(v)
                ))
                .unwrap_or_default()
            ));
        }
    }
    // The headline figure: the language with the largest ratio of totals (among those
    // the published table has, when it has several).
    let candidates: Vec<&LanguageRow> = a
        .languages
        .iter()
        .filter(|l| l.energy_ratio_total.is_some() && l.energy_ratio_geomean.is_some())
        .collect();
    let published: Vec<&LanguageRow> = candidates
        .iter()
        .copied()
        .filter(|l| l.published.is_some())
        .collect();
    let pool = if published.len() > 1 {
        published
    } else {
        candidates
    };
    if let Some(l) = pool.into_iter().max_by(|x, y| {
        x.energy_ratio_total
            .unwrap_or(0.0)
            .total_cmp(&y.energy_ratio_total.unwrap_or(0.0))
    }) {
        if let (Some(t), Some(g), Some([lo, hi])) = (
            l.energy_ratio_total,
            l.energy_ratio_geomean,
            l.energy_ratio_geomean_ci,
        ) {
            if !p
                .iter()
                .any(|x| x.starts_with(&format!("The largest gap is {}:", l.language)))
            {
                p.push(format!(
                    "{} is {} times {r} by the ratio of totals, but on a typical problem it uses {} times {r}'s \
                     energy (95 % interval {} … {}).",
                    l.language,
                    format::ratio(t),
                    format::ratio(g),
                    format::ratio(lo),
                    format::ratio(hi)
                ));
            }
        }
    }
    p
}

/// "What drives energy" in words: the fits and what they mean.
pub fn drivers_text(a: &RankAnalysis) -> Vec<String> {
    let d = &a.drivers;
    let mut p = Vec::new();
    match &d.fit {
        Some(f) => p.push(format!(
            "Over {} runs, energy ≈ {} J × x^{:.2} with x = {} (least squares on logarithms, R² = {:.3}). \
             An exponent near 1 means energy grows in proportion to x.",
            f.n,
            format::num(f.intercept.exp()),
            f.slope,
            d.x_label,
            f.r2
        )),
        None => p.push(format!("Energy against {}: {}.", d.x_label, crate::format::na("too few runs to fit"))),
    }
    if let Some(l) = &d.fit_linear {
        p.push(format!(
            "A straight line (linear least squares) gives {} J per {} with R² = {:.3}{}.",
            format::num(l.slope),
            if d.uses_cpu_time {
                "CPU-second"
            } else {
                "second"
            },
            l.r2,
            if d.uses_cpu_time {
                ": about the power drawn per busy core"
            } else {
                ": about the average power"
            }
        ));
    }
    match (d.uses_cpu_time, &d.fit, &d.fit_wall) {
        (true, Some(f), Some(w)) => p.push(format!(
            "Against wall time alone, R² = {:.3}. {}",
            w.r2,
            if f.r2 > w.r2 + 0.02 {
                "Counting active cores explains energy better than time alone: parallel programs draw more power while they run."
            } else {
                "Counting active cores adds little: most programs here keep about the same number of cores busy."
            }
        )),
        (false, _, _) => p.push(
            "CPU time is not in these data, so x is wall time and the active cores are unknown.".into(),
        ),
        _ => {}
    }
    if let Some(f) = &d.fit {
        if f.r2 > 0.9 {
            p.push(format!(
                "With R² = {:.2}, a language is \"greener\" here mostly because it finishes sooner{}, \
                 not because it draws less power.",
                f.r2,
                if d.uses_cpu_time { " on fewer cores" } else { "" }
            ));
        }
    }
    if a.provenance.provenance != "measured" {
        // The estimate model computes energy from CPU time: a close fit here is the model
        // speaking, not a finding about the languages. Say so rather than let it read as one.
        p.push(
            "Caution: energy here is estimated from CPU time by a model, so a close fit is built \
             in. Only a measured sensor (RAPL) can show whether some languages draw more power \
             per busy core than others."
                .into(),
        );
    }
    p
}
