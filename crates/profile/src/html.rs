//! The profile as one self-contained HTML page in the rank report's style: totals with
//! their provenance, the flamegraph inline, the top functions and the phases.

use crate::profile::Profile;
use minijinja::{context, Environment};

const TEMPLATE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Energy profile: {{ p.command }}</title>
<style>{{ css }}</style></head>
<body>
{% if estimated %}<div class="banner">ESTIMATED: no energy counter was readable; a model gave each
sample its CPU time times a busy CPU's watts, so energy shares equal time shares.</div>{% endif %}
<header><h1>Energy profile</h1><p class="sub"><code>{{ p.command }}</code> — {{ p.runs|length }} run(s),
stacks at {{ p.frequency }} Hz ({{ p.call_graph }}), energy {{ p.provenance }} by {{ p.sensor }}</p></header>
<main>
<h2>Energy</h2>
<table class="kv">
<tr><th>Gross</th><td class="n">{{ gross }}</td></tr>
<tr><th>Idle (not given to functions)</th><td class="n">{{ idle }}</td></tr>
<tr><th>Dynamic</th><td class="n">{{ dynamic }}</td></tr>
<tr><th>Not attributed</th><td class="n">{{ unattributed }}</td></tr>
<tr><th>Wall / CPU time per run</th><td class="n">{{ times }}</td></tr>
{% if p.model %}<tr><th>Model</th><td>{{ p.model }}</td></tr>{% endif %}
</table>
<h2>Flamegraph (dynamic energy)</h2>
<figure>{{ svg|safe }}<figcaption>Width: microjoules of dynamic energy per run. Click a frame to zoom.</figcaption></figure>
<h2>Top functions</h2>
<div class="tbl"><table><thead><tr><th class="n">self J</th><th class="n">total J</th><th class="n">energy %</th>
<th class="n">time %</th><th class="n">W</th><th>function</th></tr></thead><tbody>
{% for f in functions %}<tr><td class="n">{{ f.self_ }}</td><td class="n">{{ f.total }}</td><td class="n">{{ f.es }}</td>
<td class="n">{{ f.ts }}</td><td class="n">{{ f.w }}</td><td><code>{{ f.name }}</code></td></tr>
{% endfor %}</tbody></table></div>
{% if phases %}<h2>Phases</h2>
<table><thead><tr><th>phase</th><th class="n">n</th><th class="n">mean J</th><th class="n">sd J</th>
<th class="n">95 % CI</th><th class="n">s</th></tr></thead><tbody>
{% for ph in phases %}<tr><td>{{ ph.name }}</td><td class="n">{{ ph.n }}</td><td class="n">{{ ph.mean }}</td>
<td class="n">{{ ph.sd }}</td><td class="n">{{ ph.ci }}</td><td class="n">{{ ph.s }}</td></tr>
{% endfor %}</tbody></table>{% endif %}
{% if p.warnings %}<h2>Notes</h2><ul>{% for w in p.warnings %}<li>{{ w }}</li>{% endfor %}</ul>{% endif %}
<h2>How energy is attributed</h2>
<p class="note">Each energy-timeline interval's dynamic energy (above the idle baseline) is split
over the stack samples of the command that fell in it on that package, by their periods. Idle energy
is reported apart and never given to functions. Energy of intervals with no sample of the command
stays "not attributed".</p>
</main><footer>joulebench {{ version }}</footer></body></html>
"#;

/// The HTML page.
pub fn html(p: &Profile) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("profile.html", TEMPLATE)?;
    let svg = crate::export::svg(p)
        .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))?;
    let j = |f: &dyn Fn(&crate::RunFigures) -> f64| match p.summary(f) {
        Some(s) if s.n > 1 => format!(
            "{:.3} J ± {:.3} (95 % CI {:.3}…{:.3})",
            s.mean, s.stddev, s.ci95[0], s.ci95[1]
        ),
        Some(s) => format!("{:.3} J", s.mean),
        None => "none".into(),
    };
    let functions: Vec<_> = p
        .functions
        .iter()
        .take(30)
        .map(|f| {
            context! {
                total => format!("{:.4}", f.total_j),
                self_ => format!("{:.4}", f.self_j),
                es => format!("{:.1}", 100.0 * f.energy_share),
                ts => format!("{:.1}", 100.0 * f.time_share),
                w => f.watts.map_or("-".into(), |w| format!("{w:.2}")),
                name => f.name.clone(),
            }
        })
        .collect();
    let phases: Vec<_> = p
        .phases
        .iter()
        .map(|ph| {
            context! {
                name => ph.name.clone(), n => ph.energy.n,
                mean => format!("{:.4}", ph.energy.mean), sd => format!("{:.4}", ph.energy.stddev),
                ci => format!("±{:.4}", ph.energy.ci_half_width()), s => format!("{:.3}", ph.seconds),
            }
        })
        .collect();
    let idle = match p.idle_watts {
        Some(w) => format!("{} ({w:.2} W)", j(&|r| r.idle_j)),
        None => "not measured (--idle 0)".into(),
    };
    env.get_template("profile.html")?.render(context! {
        p => p,
        css => joulebench_report::REPORT_CSS,
        estimated => p.provenance == joulebench_sensors::Provenance::Estimated,
        gross => j(&|r| r.gross_j),
        idle => idle,
        dynamic => j(&|r| r.dynamic_j),
        unattributed => format!("{:.3} J", p.mean(|r| r.unattributed_j)),
        times => format!("{:.3} s / {:.3} s", p.mean(|r| r.wall_s), p.mean(|r| r.cpu_s)),
        svg => String::from_utf8_lossy(&svg).into_owned(),
        functions => functions,
        phases => phases,
        version => env!("CARGO_PKG_VERSION"),
    })
}
