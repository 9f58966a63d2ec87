//! `joulebench report OURS THEIRS --tracks`: two tracks side by side.

use super::report::Args;
use anyhow::{bail, Context};
use joulebench_report::{
    compare_tracks, load_path, terminal_safe, tracks_html, tracks_markdown, Format,
};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A results argument: a file, or a `rank` output directory (its `results.jsonl`).
fn results_file(p: &Path) -> PathBuf {
    if p.is_dir() {
        p.join("results.jsonl")
    } else {
        p.to_path_buf()
    }
}

/// Renders the two tracks of `args.results` in `format` (Markdown or HTML).
pub fn exec(args: &Args, format: Format) -> anyhow::Result<i32> {
    let [first, second] = args.results.as_slice() else {
        bail!(
            "--tracks takes exactly two results (the first track, then the second), not {}",
            args.results.len()
        );
    };
    let load = |p: &Path| {
        let f = results_file(p);
        let loaded = load_path(&f).with_context(|| format!("cannot load {}", f.display()))?;
        for w in &loaded.warnings {
            eprintln!("Warning: {}", terminal_safe(w));
        }
        anyhow::Ok(loaded)
    };
    let (a, b) = (load(first)?, load(second)?);
    if args.track_names.len() != 2 {
        bail!("--track-names takes two names, A,B");
    }
    let names = [args.track_names[0].as_str(), args.track_names[1].as_str()];
    let t = compare_tracks(&a.runs, &b.runs, names, args.reference.as_deref());
    if t.problems.is_empty() {
        bail!("no ranked runs (with a problem and a language) in either results file");
    }
    let bytes = match format {
        Format::Html => tracks_html(&t)?.into_bytes(),
        Format::Markdown => tracks_markdown(&t).into_bytes(),
        other => bail!("--tracks renders markdown or html, not {other:?}"),
    };
    if let Some(o) = &args.output {
        crate::outfile::write_output(o, &bytes)?;
        eprintln!("Wrote {}", o.display());
    } else {
        let text = String::from_utf8_lossy(&bytes);
        let mut out = std::io::stdout().lock();
        out.write_all(terminal_safe(&text).as_bytes())
            .and_then(|_| out.flush())
            .context("cannot write to standard output")?;
    }
    Ok(0)
}
