//! `joulebench suite import energy-languages REPO -o DIR`: the study's own programs as a
//! suite (see `joulebench_suite::study`).

use anyhow::Context;
use joulebench_suite::study::{self, ImportOptions, Mapper};
use joulebench_suite::Suite;
use std::path::PathBuf;

/// Arguments of `joulebench suite import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// What to import; `energy-languages` (Pereira et al.'s repository) is the one format.
    #[arg(value_parser = ["energy-languages"])]
    pub format: String,
    /// A checkout of the study's repository (read in place; nothing is written to it).
    pub repo: PathBuf,
    /// The directory to write the suite manifest to (created if needed).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// Replace OLD by NEW in the Makefiles' lines before the default mapping (repeatable),
    /// e.g. --map /usr/local/src/java-libs/fastutil-7.0.12.jar=/usr/share/java/fastutil.jar
    #[arg(long = "map", value_name = "OLD=NEW", value_parser = parse_map)]
    pub maps: Vec<(String, String)>,
}

fn parse_map(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((old, new)) if !old.is_empty() => Ok((old.to_string(), new.to_string())),
        _ => Err(format!("`{s}`: expected OLD=NEW")),
    }
}

/// Imports the study's programs against `reference`; the exit code is 0 when at least one
/// program was mapped.
pub fn exec(reference: &Suite, args: ImportArgs) -> anyhow::Result<i32> {
    let opts = ImportOptions {
        repo: args.repo.clone(),
        out_dir: args.output.clone(),
        mapper: Mapper {
            maps: args.maps,
            ..Mapper::default()
        },
    };
    let imported = study::import(reference, &opts)
        .with_context(|| format!("cannot import {}", args.repo.display()))?;
    imported
        .write(&args.output)
        .with_context(|| format!("cannot write the suite to {}", args.output.display()))?;
    // The written manifest must load: check it now rather than at the first verify.
    Suite::load(&args.output).context("the generated manifest does not load")?;
    let mut per_language: Vec<(String, Vec<String>)> = Vec::new();
    for m in &imported.mapped {
        match per_language.iter_mut().find(|(l, _)| *l == m.language) {
            Some((_, v)) => v.push(m.problem.clone()),
            None => per_language.push((m.language.clone(), vec![m.problem.clone()])),
        }
    }
    println!(
        "Mapped {} programs of {} into {}:",
        imported.mapped.len(),
        args.repo.display(),
        args.output.join("manifest.toml").display()
    );
    for (l, problems) in &per_language {
        println!("  {l:<11} {:>2}  {}", problems.len(), problems.join(", "));
    }
    if !imported.unmapped.is_empty() {
        println!(
            "\nNot mapped ({}; each program's line is in the manifest's header):",
            imported.unmapped.len()
        );
        // One line per folder and reason (the reason without the Makefile line it quotes).
        let mut groups: Vec<(String, String, Vec<String>)> = Vec::new();
        for u in &imported.unmapped {
            let reason = u
                .reason
                .split(" (compile line `")
                .next()
                .unwrap_or(&u.reason)
                .split(" (run line `")
                .next()
                .unwrap_or(&u.reason)
                .to_string();
            match groups.last_mut() {
                Some((f, r, problems)) if *f == u.folder && *r == reason => {
                    problems.push(u.problem.clone())
                }
                _ => groups.push((u.folder.clone(), reason, vec![u.problem.clone()])),
            }
        }
        for (folder, reason, problems) in groups {
            println!("  {folder}/{}: {reason}", problems.join(","));
        }
    }
    println!(
        "\nNext: joulebench suite verify --suite-dir {0}\n      joulebench rank --suite-dir {0}",
        args.output.display()
    );
    Ok(i32::from(imported.mapped.is_empty()))
}
