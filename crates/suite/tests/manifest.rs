//! Manifest errors name the file and the line; the real manifest is complete.

mod common;

use joulebench_suite::{InputKind, Suite, SuiteError};

/// Loads the tiny suite with `edit` applied to its manifest; returns the error text.
fn load_error(edit: impl Fn(&str) -> String) -> (String, String) {
    let t = common::TinySuite::new();
    let text = edit(common::MANIFEST);
    t.write("manifest.toml", &text);
    let err = Suite::load(t.path()).unwrap_err();
    assert!(matches!(err, SuiteError::Manifest { .. }), "{err:?}");
    (err.to_string(), text)
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn bad_toml_names_file_and_line() {
    let (msg, text) = load_error(|m| m.replacen("input = \"arg\"", "input = arg", 1));
    let line = line_of(&text, "input = arg");
    assert!(msg.contains(&format!("manifest.toml:{line}:")), "{msg}");
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let (msg, text) =
        load_error(|m| m.replacen("input = \"arg\"", "input = \"arg\"\ninptu = 1", 1));
    let line = line_of(&text, "inptu");
    assert!(msg.contains(&format!("manifest.toml:{line}:")), "{msg}");
    assert!(msg.contains("unknown field `inptu`"), "{msg}");
}

#[test]
fn missing_field_names_file_line_and_field() {
    let (msg, text) = load_error(|m| m.replacen("name = \"Shell again\"\n", "", 1));
    let line = line_of(&text, "[languages.sh2]");
    assert!(msg.contains(&format!("manifest.toml:{line}:")), "{msg}");
    assert!(msg.contains("missing field `name`"), "{msg}");
}

#[test]
fn rule_violations_name_the_table() {
    let (msg, text) = load_error(|m| {
        m.replacen(
            "sizes = { check = 3, quick = 5 }",
            "sizes = { check = 3 }",
            1,
        )
    });
    let line = line_of(&text, "[problems.fasta]");
    assert!(msg.contains(&format!("manifest.toml:{line}:")), "{msg}");
    assert!(msg.contains("lacks profile `quick`"), "{msg}");

    let (msg, _) = load_error(|m| m.replacen("{out}/main.sh\"]", "{ou}/main.sh\"]", 1));
    assert!(msg.contains("unknown placeholder `{ou}`"), "{msg}");
    let (msg, _) = load_error(|m| m.replacen("\"{arg}\"]", "\"x{arg}\"]", 1));
    assert!(msg.contains("whole element"), "{msg}");
    let (msg, _) = load_error(|m| m.replacen("[\"nope\", \"sh\"]", "[\"cobol\"]", 1));
    assert!(msg.contains("unknown language `cobol`"), "{msg}");
}

#[test]
fn tables_keep_file_order() {
    let t = common::TinySuite::new();
    let s = Suite::load(t.path()).unwrap();
    let ids = |v: Vec<&String>| v.into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(
        ids(s.problems().iter().map(|p| &p.id).collect()),
        ["fasta", "echo", "count"]
    );
    assert_eq!(
        ids(s.languages().iter().map(|l| &l.id).collect()),
        ["sh", "sh2", "nope"]
    );
    assert_eq!(s.sizes("count", "check").unwrap(), &[2, 3]);
    assert!(s.sizes("count", "study").is_err());
    assert!(s
        .problem("nbody")
        .unwrap_err()
        .to_string()
        .contains("known: fasta, echo, count"));
}

#[test]
fn the_real_manifest_is_complete() {
    let s = Suite::load(Suite::locate(Some(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../suite"),
    )))
    .unwrap();
    let problems: Vec<&str> = s.problems().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        problems,
        [
            "n-body",
            "spectral-norm",
            "fannkuch-redux",
            "binary-trees",
            "fasta",
            "k-nucleotide",
            "mandelbrot",
            "pidigits",
            "regex-redux",
            "reverse-complement"
        ]
    );
    let langs: Vec<&str> = s.languages().iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        langs,
        [
            "c",
            "cpp",
            "rust",
            "go",
            "java",
            "javascript",
            "python",
            "pypy",
            // The study's other languages that Debian 12 ships.
            "ada",
            "csharp",
            "erlang",
            "fortran",
            "haskell",
            "lisp",
            "lua",
            "ocaml",
            "pascal",
            "perl",
            "php",
            "racket",
            "ruby",
            "jruby",
            "typescript"
        ]
    );
    assert_eq!(s.profiles(), ["check", "quick", "study"]);
    for p in s.problems() {
        for &size in p.sizes("check").unwrap() {
            let e = s.expected_path(&p.id, size).unwrap();
            assert!(
                e.is_file(),
                "{} has no expected output {}",
                p.id,
                e.display()
            );
        }
    }
    assert_eq!(s.sizes("pidigits", "check").unwrap(), &[30, 27]);
    assert_eq!(s.sizes("n-body", "study").unwrap(), &[50_000_000]);
    assert_eq!(
        s.problem("regex-redux").unwrap().input,
        InputKind::StdinFasta
    );
    for l in s.languages() {
        assert!(
            l.library("pidigits").is_some(),
            "{} names no bignum library",
            l.id
        );
        assert!(
            l.library("regex-redux").is_some(),
            "{} names no regex library",
            l.id
        );
    }
}

#[test]
fn a_language_without_run_needs_one_per_present_problem() {
    let (msg, _) = load_error(|m| {
        m.replacen(
            "run = [\"joulebench-test-no-such-compiler\", \"{src}\", \"{arg}\"]",
            "[languages.nope.problems.fasta]\nrun = [\"x\", \"{arg}\"]",
            1,
        )
    });
    assert!(
        msg.contains("run is empty and problem `echo` has no run of its own"),
        "{msg}"
    );
}

#[test]
fn per_problem_source_run_and_absent() {
    let t = common::TinySuite::new();
    let text = common::MANIFEST.replacen(
        "run = [\"joulebench-test-no-such-compiler\", \"{src}\", \"{arg}\"]",
        "[languages.nope.problems.fasta]\nsource = \"elsewhere/fasta.sh\"\nrun = [\"sh\", \"{src}\", \"{arg}\"]\n[languages.nope.problems.echo]\nabsent = \"no program\"\n[languages.nope.problems.count]\nabsent = \"no program either\"",
        1,
    );
    t.write("manifest.toml", &text);
    let s = Suite::load(t.path()).unwrap();
    assert!(s
        .source_path("fasta", "nope")
        .unwrap()
        .ends_with("elsewhere/fasta.sh"));
    assert_eq!(s.absent("echo", "nope").unwrap(), Some("no program"));
    assert_eq!(s.absent("fasta", "nope").unwrap(), None);
    assert_eq!(s.language("nope").unwrap().run_for("fasta")[0], "sh");
}
