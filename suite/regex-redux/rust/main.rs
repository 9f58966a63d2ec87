// regex-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; library: the regex crate (Regex,
// find_iter and replace_all on the whole sequence), as SPEC rule 3 names
// for Rust; stdin read whole in one read_to_string.
use regex::{NoExpand, Regex};
use std::io::{self, Read, Write};

const VARIANTS: [&str; 9] = [
    "agggtaaa|tttaccct",
    "[cgt]gggtaaa|tttaccc[acg]",
    "a[act]ggtaaa|tttacc[agt]t",
    "ag[act]gtaaa|tttac[agt]ct",
    "agg[act]taaa|ttta[agt]cct",
    "aggg[acg]aaa|ttt[cgt]ccct",
    "agggt[cgt]aa|tt[acg]accct",
    "agggta[cgt]a|t[acg]taccct",
    "agggtaa[cgt]|[acg]ttaccct",
];

const SUBSTITUTIONS: [(&str, &str); 5] = [
    ("tHa[Nt]", "<4>"),
    ("aND|caN|Ha[DS]|WaS", "<3>"),
    ("a[NSt]|BY", "<2>"),
    ("<[^>]*>", "|"),
    ("\\|[^|][^|]*\\|", "-"),
];

fn main() -> io::Result<()> {
    let mut input = String::new();
    io::stdin().lock().read_to_string(&mut input)?;
    let input_len = input.len();

    let seq = Regex::new(">.*\n|\n")
        .unwrap()
        .replace_all(&input, NoExpand(""))
        .into_owned();
    drop(input);
    let clean_len = seq.len();

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for pattern in VARIANTS {
        let re = Regex::new(pattern).unwrap();
        writeln!(out, "{} {}", pattern, re.find_iter(&seq).count())?;
    }

    let mut result = seq;
    for (pattern, replacement) in SUBSTITUTIONS {
        let re = Regex::new(pattern).unwrap();
        result = re.replace_all(&result, NoExpand(replacement)).into_owned();
    }

    writeln!(out, "\n{}\n{}\n{}", input_len, clean_len, result.len())?;
    out.flush()
}
