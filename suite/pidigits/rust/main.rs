// pidigits (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's step-by-step spigot on
// arbitrary-precision integers; library: rug (Integer), a binding to the
// system GMP (mpz), as SPEC rule 3 names for Rust.
use rug::{Assign, Integer};
use std::io::{self, Write};

fn main() -> io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);

    let mut acc = Integer::new();
    let mut den = Integer::from(1);
    let mut num = Integer::from(1);
    // Scratch integers reused for d3 and d4, so the loop allocates nothing.
    let mut t3 = Integer::new();
    let mut t4 = Integer::new();
    let mut k: u32 = 0;
    let mut i: usize = 0;

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut line = String::with_capacity(10);

    while i < n {
        k += 1;
        let k2 = 2 * k + 1;
        acc += &num * 2u32;
        acc *= k2;
        den *= k2;
        num *= k;
        if num > acc {
            continue;
        }
        t3.assign(&num * 3u32);
        t3 += &acc;
        t3 /= &den;
        t4.assign(&num * 4u32);
        t4 += &acc;
        t4 /= &den;
        if t3 != t4 {
            continue;
        }
        let d3 = t3.to_u32().expect("a digit fits in u32");
        line.push(char::from_digit(d3, 10).expect("a decimal digit"));
        i += 1;
        if i.is_multiple_of(10) {
            writeln!(out, "{}\t:{}", line, i)?;
            line.clear();
        }
        acc -= &den * d3;
        acc *= 10u32;
        num *= 10u32;
    }
    if !line.is_empty() {
        writeln!(out, "{:<10}\t:{}", line, i)?;
    }
    out.flush()
}
