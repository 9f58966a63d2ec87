//! `joulebench suite import energy-languages` end to end, on a synthetic repository in the
//! study's layout written here (small C and Python programs that print the expected
//! outputs of the check size, behind Makefiles with the study's quirks), then
//! `suite verify` and `rank` of both tracks, and `report --tracks`.

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn jb(cache: &Path) -> Command {
    let mut c = common::jb();
    c.env_remove("JOULEBENCH_SUITE_DIR")
        .env_remove("CI")
        .env("JOULEBENCH_CACHE_DIR", cache);
    c
}

fn real_suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../suite")
}

fn expected(name: &str) -> Vec<u8> {
    std::fs::read(real_suite().join("expected").join(name)).unwrap()
}

/// A C string literal holding `bytes`.
fn c_literal(bytes: &[u8]) -> String {
    let mut s = String::from("\"");
    for b in bytes {
        s.push_str(&format!("\\x{b:02x}\"\""));
    }
    s.push('"');
    s
}

/// A C program that prints `out` when its last argument is `size` (and, with `rts`, the
/// arguments before it are `+RTS -N4 -RTS`), or when its standard input is `stdin_len`
/// bytes long; anything else prints a wrong answer.
fn c_program(out: &[u8], size: Option<&str>, rts: bool, stdin_len: Option<usize>) -> String {
    let check = match (size, stdin_len) {
        (Some(n), _) => {
            let rts_check = if rts {
                " && argc == 5 && !strcmp(argv[1], \"+RTS\") && !strcmp(argv[2], \"-N4\") && !strcmp(argv[3], \"-RTS\")"
            } else {
                " && argc == 2"
            };
            format!("int ok = !strcmp(argv[argc - 1], \"{n}\"){rts_check};")
        }
        (None, Some(len)) => format!(
            "size_t n = 0; char buf[4096]; size_t k;\n  while ((k = fread(buf, 1, sizeof buf, stdin)) > 0) n += k;\n  int ok = n == {len}u && argc == 2 && !strcmp(argv[1], \"0\");"
        ),
        (None, None) => "int ok = 1;".to_string(),
    };
    format!(
        "#include <stdio.h>\n#include <string.h>\nstatic const char OUT[] = {};\nint main(int argc, char **argv) {{\n  {check}\n  if (!ok) {{ puts(\"wrong arguments or input\"); return 0; }}\n  fwrite(OUT, 1, sizeof OUT - 1, stdout);\n  return 0;\n}}\n",
        c_literal(out)
    )
}

/// A Python program that prints `out` (from hex) when its last argument is `size`, or
/// when its standard input is `stdin_len` bytes long.
fn py_program(out: &[u8], size: Option<&str>, stdin_len: Option<usize>) -> String {
    let hex: String = out.iter().map(|b| format!("{b:02x}")).collect();
    let check = match (size, stdin_len) {
        (Some(n), _) => format!("ok = sys.argv[-1] == '{n}'"),
        (None, Some(len)) => format!("ok = len(sys.stdin.buffer.read()) == {len}"),
        (None, None) => "ok = True".to_string(),
    };
    format!(
        "import sys\n{check}\nsys.stdout.buffer.write(bytes.fromhex('{hex}') if ok else b'wrong\\n')\n"
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// The synthetic repository in the study's layout.
fn study_repo() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let r = t.path();
    let fasta_len = expected("fasta.1000.out").len();
    // C n-body: a hard-coded compiler path, a misspelled measure target.
    write(
        r,
        "C/n-body/nbody.gcc-4.c",
        &c_program(&expected("n-body.1000.out"), Some("1000"), false, None),
    );
    write(
        r,
        "C/n-body/Makefile",
        "compile:\n\t/usr/local/src/gcc-4.9.2/bin/gcc -pipe -O2 nbody.gcc-4.c -o nbody.gcc-4.gcc_run\n\nxmeasure:\n\tsudo modprobe msr\n\tsudo ../../RAPL/main \"./nbody.gcc-4.gcc_run 50000000\" C n-body\n\nrun:\n\t./nbody.gcc-4.gcc_run 50000000\n\nmem:\n\t/usr/bin/time -v ./nbody.gcc-4.gcc_run 50000000\n",
    );
    // C fannkuch-redux: RTS-style flags before the size, two compile lines.
    write(
        r,
        "C/fannkuch-redux/fannkuch.c.txt",
        &c_program(&expected("fannkuch-redux.7.out"), Some("7"), true, None),
    );
    write(
        r,
        "C/fannkuch-redux/Makefile",
        "compile:\n\tcp fannkuch.c.txt fannkuch.c\n\t/usr/local/src/gcc-4.9.2/bin/gcc fannkuch.c -o fannkuch.gcc_run\nrun:\n\t./fannkuch.gcc_run +RTS -N4 -RTS 12\n",
    );
    // C k-nucleotide: the study's input file on stdin.
    write(
        r,
        "C/k-nucleotide/knucleotide.c",
        &c_program(
            &expected("k-nucleotide.fasta1000.out"),
            None,
            false,
            Some(fasta_len),
        ),
    );
    write(
        r,
        "C/k-nucleotide/Makefile",
        "compile:\n\t/usr/local/src/gcc-4.9.2/bin/gcc -O2 knucleotide.c -o knucleotide.gcc_run && true\nrun:\n\t./knucleotide.gcc_run 0 < knucleotide-input25000000.txt\n",
    );
    // C mandelbrot: a source but no Makefile.
    write(
        r,
        "C/mandelbrot/mandelbrot.c",
        "int main(void) { return 1; }\n",
    );
    // C pidigits: a Makefile without a run target.
    write(
        r,
        "C/pidigits/Makefile",
        "compile:\n\ttrue\n\nxmeasure:\n\tsudo modprobe msr\n",
    );
    // A problem joulebench does not have, and a language it does not have.
    write(
        r,
        "C/chameneos-redux/Makefile",
        "compile:\n\nrun:\n\t./x 6000000\n",
    );
    write(
        r,
        "Smalltalk/n-body/Makefile",
        "compile:\n\nrun:\n\t./x 1\n",
    );
    // Python n-body: an empty compile target, the study's interpreter path.
    write(
        r,
        "Python/n-body/nbody.py",
        &py_program(&expected("n-body.1000.out"), Some("1000"), None),
    );
    write(
        r,
        "Python/n-body/Makefile",
        "compile:\n\nmeasure:\n\tsudo modprobe msr\n\nrun:\n\t/usr/local/src/Python-3.6.1/bin/python3.6 -OO nbody.py 50000000\n",
    );
    // Python regex-redux: a copy at compile time, the input two levels up.
    write(
        r,
        "Python/regex-redux/regexredux.python3",
        &py_program(
            &expected("regex-redux.fasta1000.out"),
            None,
            Some(fasta_len),
        ),
    );
    write(
        r,
        "Python/regex-redux/Makefile",
        "compile:\n\tcp regexredux.python3 regexredux.py\nrun:\n\t/usr/local/src/Python-3.6.1/bin/python3.6 -OO regexredux.py 0 < ../../regexredux-input5000000.txt\n",
    );
    // Python spectral-norm: prints the wrong bytes (verification must exclude it).
    write(
        r,
        "Python/spectral-norm/spectralnorm.py",
        "print('1.000000000')\n",
    );
    write(
        r,
        "Python/spectral-norm/Makefile",
        "compile:\n\nrun:\n\t/usr/local/src/Python-3.6.1/bin/python3.6 spectralnorm.py 5500\n",
    );
    // Python binary-trees: a toolchain that is installed nowhere.
    write(
        r,
        "Python/binary-trees/Makefile",
        "compile:\n\nrun:\n\t/usr/local/src/nopython-0.1/bin/nopython-joulebench-test bt.py 21\n",
    );
    // Python fasta: an interpreter path only --map can fix.
    write(
        r,
        "Python/fasta/fasta.py",
        &py_program(&expected("fasta.1000.out"), Some("1000"), None),
    );
    write(
        r,
        "Python/fasta/Makefile",
        "compile:\n\nrun:\n\t/opt/joulebench-test/bin/py fasta.py 25000000\n",
    );
    t
}

fn import(repo: &Path, out: &Path, cache: &Path, extra: &[&str]) -> String {
    let o = jb(cache)
        .args(["suite", "--suite-dir"])
        .arg(real_suite())
        .args(["import", "energy-languages"])
        .arg(repo)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    common::assert_ok(&o);
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn import_maps_the_programs_and_lists_what_it_cannot() {
    let repo = study_repo();
    let out = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let text = import(repo.path(), out.path(), cache.path(), &[]);
    assert!(text.contains("Mapped 6 programs"), "{text}");
    for want in [
        "C/mandelbrot: no Makefile",
        "C/pidigits: the Makefile has no `run` target (it has `compile`, `xmeasure`)",
        "C/chameneos-redux: a problem joulebench's suite does not have",
        "Smalltalk/*: no language of this name in joulebench's suite",
        "Python/binary-trees: toolchain not installed: /usr/local/src/nopython-0.1/bin/nopython-joulebench-test",
        "Python/fasta: toolchain not installed: /opt/joulebench-test/bin/py",
        "--map /opt/joulebench-test/bin/py=NEW",
        "C/reverse-complement: the study has no",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    let manifest = std::fs::read_to_string(out.path().join("manifest.toml")).unwrap();
    // The study's paths mapped, the size and the input replaced, the checkout in place.
    assert!(
        manifest.contains("gcc -pipe -O2 nbody.gcc-4.c"),
        "{manifest}"
    );
    assert!(!manifest.contains("/usr/local/src/gcc"), "{manifest}");
    assert!(
        manifest.contains(r#"run = ["{out}/nbody.gcc-4.gcc_run", "{arg}"]"#),
        "{manifest}"
    );
    assert!(
        manifest.contains(r#"run = ["{out}/fannkuch.gcc_run", "+RTS", "-N4", "-RTS", "{arg}"]"#),
        "{manifest}"
    );
    assert!(
        manifest.contains(r#"run = ["{out}/knucleotide.gcc_run", "0"]"#),
        "{manifest}"
    );
    assert!(
        manifest.contains(r#"run = ["python3", "-OO", "nbody.py", "{arg}"]"#),
        "{manifest}"
    );
    assert!(
        manifest.contains(&format!(
            "source = \"{}",
            std::fs::canonicalize(repo.path()).unwrap().display()
        )),
        "{manifest}"
    );
    assert!(manifest.contains("absent = \"no Makefile\""), "{manifest}");
    // Nothing written into the checkout.
    let names: Vec<String> = std::fs::read_dir(repo.path().join("C/n-body"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // --map fixes the one it names.
    let text = import(
        repo.path(),
        out.path(),
        cache.path(),
        &["--map", "/opt/joulebench-test/bin/py=python3"],
    );
    assert!(text.contains("Mapped 7 programs"), "{text}");
    assert!(!text.contains("Python/fasta:"), "{text}");
}

#[test]
fn verify_rank_and_two_tracks() {
    let repo = study_repo();
    let out = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    import(repo.path(), out.path(), cache.path(), &[]);

    // Verification against joulebench's expected outputs; the wrong program fails loudly.
    let v = jb(cache.path())
        .args(["suite", "--suite-dir"])
        .arg(out.path())
        .args(["verify", "--lang", "c,python"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&v.stdout);
    assert_eq!(v.status.code(), Some(1), "{report}");
    assert!(report.contains("spectral-norm/python check"), "{report}");
    assert!(report.contains("5 passed, 1 failed"), "{report}");
    let _ = std::fs::read_dir(repo.path()).unwrap();

    // Rank both tracks at the check size, then the tracks report.
    let problems = "n-body,fannkuch-redux,k-nucleotide,regex-redux,spectral-norm";
    let rank = |suite: &Path, dir: &Path| {
        let o = jb(cache.path())
            .args(["rank", "--profile", "check", "--runs", "1", "--idle", "0"])
            .args(["--sensor", "estimate", "--languages", "c,python"])
            .args(["--problems", problems, "--suite-dir"])
            .arg(suite)
            .arg("--out")
            .arg(dir)
            .output()
            .unwrap();
        common::assert_ok(&o);
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let results = tempfile::tempdir().unwrap();
    let ours = results.path().join("ours");
    let theirs = results.path().join("theirs");
    rank(&real_suite(), &ours);
    let stderr = rank(out.path(), &theirs);
    assert!(stderr.contains("EXCLUDED spectral-norm/python"), "{stderr}");

    let md = jb(cache.path())
        .args(["report", "--tracks"])
        .arg(&ours)
        .arg(&theirs)
        .output()
        .unwrap();
    common::assert_ok(&md);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("# Two tracks: joulebench and study"), "{md}");
    assert!(
        md.contains("| energy / C (joulebench) | energy / C (study) |"),
        "{md}"
    );
    assert!(md.contains("| C | 1.00x | 1.00x |"), "{md}");
    assert!(md.contains("| n-body | Python |"), "{md}");
    assert!(md.contains("| spectral-norm | Python |"), "{md}");
    assert!(md.contains("cores = CPU time"), "{md}");

    let html = results.path().join("tracks.html");
    let h = jb(cache.path())
        .args(["report", "--tracks"])
        .arg(&ours)
        .arg(&theirs)
        .arg("-o")
        .arg(&html)
        .output()
        .unwrap();
    common::assert_ok(&h);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<section id=\"tracks\">"), "{page}");
    assert!(page.contains("<svg"), "{page}");
    assert!(page.contains("<td>Python</td>"), "{page}");
}
