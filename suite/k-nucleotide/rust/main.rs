// k-nucleotide (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; counts kept in std::collections::HashMap
// (the standard library's hash map), keyed by the k-mer packed 2 bits a base
// into a u64, with a small multiplicative hasher instead of the default
// DoS-resistant SipHash (still std's HashMap, via BuildHasherDefault);
// stdin read line by line through std's buffered reader. Standard library only.
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, BufRead, Write};

/// Hasher for u64 k-mer keys: one multiply, then the high half folded into
/// the low bits (the table indexes with the low bits).
#[derive(Default)]
struct KmerHasher(u64);

impl Hasher for KmerHasher {
    #[inline]
    fn finish(&self) -> u64 {
        let h = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^ (h >> 32)
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used by u64 keys; kept correct for any other input.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
}

type Counts = HashMap<u64, u32, BuildHasherDefault<KmerHasher>>;

const BASES: [u8; 4] = [b'A', b'C', b'G', b'T'];

/// Upper-cases a nucleotide and gives its 2-bit code.
#[inline]
fn encode(b: u8) -> u8 {
    match b.to_ascii_uppercase() {
        b'A' => 0,
        b'C' => 1,
        b'G' => 2,
        b'T' => 3,
        other => panic!("unexpected nucleotide {:?}", other as char),
    }
}

fn decode(mut key: u64, k: usize) -> String {
    let mut s = vec![0u8; k];
    for slot in s.iter_mut().rev() {
        *slot = BASES[(key & 3) as usize];
        key >>= 2;
    }
    String::from_utf8(s).unwrap()
}

/// Counts every (overlapping) k-length substring of `seq` (2-bit codes).
fn count(seq: &[u8], k: usize) -> Counts {
    let mut counts = Counts::default();
    if seq.len() < k {
        return counts;
    }
    let mask: u64 = if k == 32 {
        u64::MAX
    } else {
        (1u64 << (2 * k)) - 1
    };
    let mut key: u64 = 0;
    for &c in &seq[..k - 1] {
        key = (key << 2) | u64::from(c);
    }
    for &c in &seq[k - 1..] {
        key = ((key << 2) | u64::from(c)) & mask;
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// Reads stdin and returns the 2-bit codes of the `>THREE` record.
fn read_three() -> io::Result<Vec<u8>> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut line = Vec::with_capacity(128);
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(Vec::new());
        }
        if line.starts_with(b">THREE") {
            break;
        }
    }
    let mut seq = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 || line[0] == b'>' {
            break;
        }
        seq.extend(
            line.iter()
                .filter(|&&b| b != b'\n' && b != b'\r')
                .map(|&b| encode(b)),
        );
    }
    Ok(seq)
}

fn write_frequencies<W: Write>(out: &mut W, seq: &[u8], k: usize) -> io::Result<()> {
    let counts = count(seq, k);
    let total = seq.len().saturating_sub(k - 1) as f64;
    let mut sorted: Vec<(String, u32)> = counts
        .into_iter()
        .map(|(key, n)| (decode(key, k), n))
        .collect();
    sorted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (kmer, n) in &sorted {
        writeln!(out, "{} {:.3}", kmer, 100.0 * f64::from(*n) / total)?;
    }
    writeln!(out)
}

fn write_count<W: Write>(out: &mut W, seq: &[u8], kmer: &str) -> io::Result<()> {
    let counts = count(seq, kmer.len());
    let key = kmer
        .bytes()
        .fold(0u64, |key, b| (key << 2) | u64::from(encode(b)));
    let n = counts.get(&key).copied().unwrap_or(0);
    writeln!(out, "{}\t{}", n, kmer)
}

fn main() -> io::Result<()> {
    let seq = read_three()?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    write_frequencies(&mut out, &seq, 1)?;
    write_frequencies(&mut out, &seq, 2)?;
    for kmer in [
        "GGT",
        "GGTA",
        "GGTATT",
        "GGTATTTTAATT",
        "GGTATTTTAATTTATAGT",
    ] {
        write_count(&mut out, &seq, kmer)?;
    }
    out.flush()
}
