// fasta (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's LCG shared by both random
// records; cumulative probabilities summed in f64 and searched linearly;
// output built in a buffer and written in large blocks. Standard library only.
use std::io::{self, Write};

const LINE_LEN: usize = 60;
/// Flush the output buffer to stdout once it holds this many bytes.
const FLUSH_AT: usize = 1 << 16;

const ALU: &[u8] = b"GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC\
AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG\
CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG\
CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

const IUB: &[(u8, f64)] = &[
    (b'a', 0.27),
    (b'c', 0.12),
    (b'g', 0.12),
    (b't', 0.27),
    (b'B', 0.02),
    (b'D', 0.02),
    (b'H', 0.02),
    (b'K', 0.02),
    (b'M', 0.02),
    (b'N', 0.02),
    (b'R', 0.02),
    (b'S', 0.02),
    (b'V', 0.02),
    (b'W', 0.02),
    (b'Y', 0.02),
];

const HOMO_SAPIENS: &[(u8, f64)] = &[
    (b'a', 0.3029549426680),
    (b'c', 0.1979883004921),
    (b'g', 0.1975473066391),
    (b't', 0.3015094502008),
];

/// The SPEC's linear congruential generator.
struct Random {
    seed: u32,
}

impl Random {
    const IM: u32 = 139968;
    const IA: u32 = 3877;
    const IC: u32 = 29573;

    #[inline]
    fn next(&mut self) -> f64 {
        self.seed = (self.seed * Self::IA + Self::IC) % Self::IM;
        f64::from(self.seed) / f64::from(Self::IM)
    }
}

/// Buffered writer that hands stdout big blocks.
struct Output<W: Write> {
    buf: Vec<u8>,
    sink: W,
}

impl<W: Write> Output<W> {
    fn maybe_flush(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.sink.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

fn repeat_fasta<W: Write>(
    out: &mut Output<W>,
    header: &str,
    seq: &[u8],
    n: usize,
) -> io::Result<()> {
    out.buf.extend_from_slice(header.as_bytes());
    // The sequence followed by its first LINE_LEN characters, so that every
    // line is one contiguous slice.
    let mut extended = Vec::with_capacity(seq.len() + LINE_LEN);
    extended.extend_from_slice(seq);
    extended.extend(seq.iter().cycle().take(LINE_LEN));
    let mut pos = 0;
    let mut left = n;
    while left > 0 {
        let len = left.min(LINE_LEN);
        out.buf.extend_from_slice(&extended[pos..pos + len]);
        out.buf.push(b'\n');
        pos = (pos + len) % seq.len();
        left -= len;
        out.maybe_flush()?;
    }
    Ok(())
}

fn random_fasta<W: Write>(
    out: &mut Output<W>,
    header: &str,
    table: &[(u8, f64)],
    n: usize,
    rng: &mut Random,
) -> io::Result<()> {
    out.buf.extend_from_slice(header.as_bytes());
    let chars: Vec<u8> = table.iter().map(|&(c, _)| c).collect();
    let mut cumulative = Vec::with_capacity(table.len());
    let mut acc = 0.0f64;
    for &(_, p) in table {
        acc += p;
        cumulative.push(acc);
    }
    let last = chars.len() - 1;

    let mut line = [0u8; LINE_LEN];
    let mut left = n;
    while left > 0 {
        let len = left.min(LINE_LEN);
        for slot in &mut line[..len] {
            let r = rng.next();
            let idx = cumulative.iter().position(|&c| c > r).unwrap_or(last);
            *slot = chars[idx];
        }
        out.buf.extend_from_slice(&line[..len]);
        out.buf.push(b'\n');
        left -= len;
        out.maybe_flush()?;
    }
    Ok(())
}

fn main() -> io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);

    let stdout = io::stdout();
    let mut out = Output {
        buf: Vec::with_capacity(FLUSH_AT + LINE_LEN + 64),
        sink: stdout.lock(),
    };
    let mut rng = Random { seed: 42 };

    repeat_fasta(&mut out, ">ONE Homo sapiens alu\n", ALU, 2 * n)?;
    random_fasta(&mut out, ">TWO IUB ambiguity codes\n", IUB, 3 * n, &mut rng)?;
    random_fasta(
        &mut out,
        ">THREE Homo sapiens frequency\n",
        HOMO_SAPIENS,
        5 * n,
        &mut rng,
    )?;
    out.flush()
}
