//! Standard input for the stdin problems: the suite's own fasta output, cached by size.
//!
//! At a size whose expected fasta output ships with the suite (1000) that file is the input,
//! so verification of k-nucleotide and friends does not depend on any fasta program. At
//! other sizes the first usable generator of `[suite] fasta_generators` (C, else Rust)
//! writes `<cache>/inputs/fasta.<N>.fa`, after its own output at the check sizes was found
//! correct.

use crate::error::SuiteError;
use crate::process::{self, Spec, StdoutTo};
use crate::suite::{prepare_cache, Suite};
use std::path::{Path, PathBuf};

impl Suite {
    /// The fasta output of `size`, made and cached if needed.
    pub fn fasta_input(&self, size: u64, cache: &Path) -> Result<PathBuf, SuiteError> {
        if let Some(other) = &self.manifest().settings.inputs_from {
            let other = Suite::load(self.dir().join(other))?;
            return other.fasta_input(size, cache);
        }
        let fasta = self.manifest().settings.fasta_problem.clone();
        let shipped = self.expected_path(&fasta, size)?;
        if shipped.is_file() {
            return Ok(shipped);
        }
        let cache = prepare_cache(cache)?;
        let path = cache.join("inputs").join(format!("fasta.{size}.fa"));
        if path.is_file() {
            return Ok(path);
        }
        let dir = cache.join("inputs");
        std::fs::create_dir_all(&dir).map_err(|e| SuiteError::io(&dir, e))?;
        let mut reasons = Vec::new();
        for generator in &self.manifest().settings.fasta_generators {
            match self.generate(&fasta, generator, size, &cache, &path) {
                Ok(()) => return Ok(path),
                Err(e) => reasons.push(format!("{generator}: {e}")),
            }
        }
        Err(SuiteError::NoFastaGenerator {
            size,
            reasons: reasons.join("; "),
        })
    }

    fn generate(
        &self,
        fasta: &str,
        language: &str,
        size: u64,
        cache: &Path,
        path: &Path,
    ) -> Result<(), SuiteError> {
        let what = format!("{fasta}/{language}");
        let built = self.build_one(fasta, language, cache, false);
        if !built.is_ready() {
            return Err(SuiteError::Run {
                what,
                message: format!("not usable: {:?}", built.status),
            });
        }
        // Trust a generator only if its output at the check sizes is right.
        for &check in self.sizes(fasta, "check")? {
            let expected = self.expected_path(fasta, check)?;
            let Ok(want) = std::fs::read(&expected) else {
                continue;
            };
            let inv = self.command_without_input(fasta, language, check, cache)?;
            let spec = Spec {
                argv: &inv.argv,
                cwd: &inv.cwd,
                env: &inv.env,
                stdin: None,
            };
            let done =
                process::run(&spec, StdoutTo::Capture, None).map_err(|e| SuiteError::Run {
                    what: what.clone(),
                    message: e.to_string(),
                })?;
            if let Some(d) = crate::diff::first_difference(&want, &done.stdout) {
                return Err(SuiteError::Run {
                    what,
                    message: format!(
                        "its output at {check} differs from {}: {d}",
                        expected.display()
                    ),
                });
            }
        }
        let inv = self.command_without_input(fasta, language, size, cache)?;
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let file = std::fs::File::create(&tmp).map_err(|e| SuiteError::io(&tmp, e))?;
        let spec = Spec {
            argv: &inv.argv,
            cwd: &inv.cwd,
            env: &inv.env,
            stdin: None,
        };
        let result = process::run(&spec, StdoutTo::File(file), None);
        let ok = match &result {
            Ok(done) if done.status.success() => Ok(()),
            Ok(done) => Err(format!(
                "{} ({})",
                process::describe_status(&done.status),
                process::tail_lines(&done.stderr, 5)
            )),
            Err(e) => Err(e.to_string()),
        };
        if let Err(message) = ok {
            let _ = std::fs::remove_file(&tmp);
            return Err(SuiteError::Run { what, message });
        }
        std::fs::rename(&tmp, path).map_err(|e| SuiteError::io(path, e))?;
        Ok(())
    }
}
