//! A tiny benchmark suite in a temporary directory, with shell "languages" that build in
//! milliseconds and need no compiler: the manifest fixture of the suite crate's tests
//! and of `joulebench suite`'s command-line tests.
//!
//! ```no_run
//! use joulebench_testkit::tiny_suite::TinySuite;
//! let t = TinySuite::new();
//! t.write("fail/sh/main.sh", "exit 7\n"); // more programs, or a changed one
//! // `joulebench suite --suite-dir <t.path()> verify`, or `Suite::load(t.path())`.
//! ```

use std::path::{Path, PathBuf};

/// The manifest of the tiny suite: problems `fasta` (arg), `echo` (stdin fasta) and
/// `count` (arg, two check sizes); languages `sh`, `sh2` (a second implementation) and
/// `nope` (a toolchain that is never installed).
pub const MANIFEST: &str = r#"
[suite]
profiles = ["check", "quick"]
fasta_generators = ["nope", "sh"]

[problems.fasta]
input = "arg"
sizes = { check = 3, quick = 5 }

[problems.echo]
input = "stdin-fasta"
sizes = { check = 3, quick = 5 }

[problems.count]
input = "arg"
sizes = { check = [2, 3], quick = 4 }

[languages.sh]
name = "Shell"
source = "sh/main.sh"
version = { command = ["sh", "-c", "echo 'sh version 1.2.3'"] }
install_hint = "apt-get install dash"
build = ["cp", "{src}", "{out}/main.sh"]
artifact = "{out}/main.sh"
run = ["sh", "{out}/main.sh", "{arg}"]

[languages.sh2]
name = "Shell again"
source = "sh2/main.sh"
version = { command = ["sh", "-c", "echo 'sh version 1.2.3'"] }
install_hint = "apt-get install dash"
build = ["cp", "{src}", "{out}/main.sh"]
artifact = "{out}/main.sh"
run = ["sh", "{out}/main.sh", "{arg}"]

[languages.nope]
name = "Nope"
source = "nope/main.nope"
version = { command = ["joulebench-test-no-such-compiler", "--version"] }
install_hint = "apt-get install nope-lang"
run = ["joulebench-test-no-such-compiler", "{src}", "{arg}"]
"#;

/// `fasta N` prints lines `line 0` .. `line N-1`.
pub const FASTA: &str = "i=0; while [ \"$i\" -lt \"$1\" ]; do echo \"line $i\"; i=$((i+1)); done\n";
/// `echo` copies stdin.
pub const ECHO: &str = "cat\n";
/// `count N` prints 1..N.
pub const COUNT: &str = "seq 1 \"$1\"\n";

/// A temporary suite; dropped with its directory.
pub struct TinySuite {
    /// The suite directory.
    pub dir: tempfile::TempDir,
    /// A cache directory for its builds.
    pub cache: tempfile::TempDir,
}

impl TinySuite {
    /// The suite with correct programs for `sh` and `sh2` and the expected outputs.
    pub fn new() -> TinySuite {
        let t = TinySuite {
            dir: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        t.write("manifest.toml", MANIFEST);
        for lang in ["sh", "sh2"] {
            t.write(&format!("fasta/{lang}/main.sh"), FASTA);
            t.write(&format!("echo/{lang}/main.sh"), ECHO);
            t.write(&format!("count/{lang}/main.sh"), COUNT);
        }
        let fasta3 = "line 0\nline 1\nline 2\n";
        t.write("expected/fasta.3.out", fasta3);
        t.write("expected/echo.fasta3.out", fasta3);
        t.write("expected/count.2.out", "1\n2\n");
        t.write("expected/count.3.out", "1\n2\n3\n");
        t
    }

    /// Adds tables (problems, languages) at the end of `manifest.toml`.
    pub fn append_manifest(&self, toml: &str) {
        let p = self.dir.path().join("manifest.toml");
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str(toml);
        std::fs::write(p, text).unwrap();
    }

    /// Writes `rel` (creating directories).
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// The suite directory (`--suite-dir`).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The cache directory (`JOULEBENCH_CACHE_DIR`).
    pub fn cache(&self) -> PathBuf {
        self.cache.path().to_path_buf()
    }
}

impl Default for TinySuite {
    fn default() -> Self {
        TinySuite::new()
    }
}
