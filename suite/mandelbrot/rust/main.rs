// mandelbrot (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE f64, no FMA (rustc never contracts
// a*b+c on its own) and no fast-math; no hand-written SIMD, one pixel at a
// time; binary PBM (P4) built in memory and written once. Standard library only.
use std::io::{self, Write};

const MAX_ITER: u32 = 50;

#[inline]
fn in_set(cr: f64, ci: f64) -> bool {
    let (mut zr, mut zi, mut tr, mut ti) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    let mut i = 0;
    while i < MAX_ITER && tr + ti <= 4.0 {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
        i += 1;
    }
    tr + ti <= 4.0
}

fn main() -> io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let nf = n as f64;
    let row_bytes = n.div_ceil(8);

    let header = format!("P4\n{} {}\n", n, n);
    let mut image = Vec::with_capacity(header.len() + row_bytes * n);
    image.extend_from_slice(header.as_bytes());

    for y in 0..n {
        let ci = 2.0 * y as f64 / nf - 1.0;
        let mut byte = 0u8;
        for x in 0..n {
            let cr = 2.0 * x as f64 / nf - 1.5;
            byte = (byte << 1) | u8::from(in_set(cr, ci));
            if x % 8 == 7 {
                image.push(byte);
                byte = 0;
            }
        }
        if !n.is_multiple_of(8) {
            // Pad the row's last byte with zero bits on the right.
            image.push(byte << (8 - n % 8));
        }
    }

    let stdout = io::stdout();
    let mut out = stdout.lock();
    out.write_all(&image)?;
    out.flush()
}
