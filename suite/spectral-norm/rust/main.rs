// spectral-norm (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE f64, no FMA (rustc never contracts
// a*b+c on its own) and no fast-math; no hand-written SIMD. Standard library only.

/// A(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1), 0-based.
/// The integer part is exact (the product is always even), so it is
/// computed in integers and converted once.
#[inline]
fn a(i: usize, j: usize) -> f64 {
    1.0 / (((i + j) * (i + j + 1) / 2 + i + 1) as f64)
}

/// out = A x
fn mul_av(x: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        let mut sum = 0.0;
        for (j, &xj) in x.iter().enumerate() {
            sum += a(i, j) * xj;
        }
        *o = sum;
    }
}

/// out = At x
fn mul_atv(x: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        let mut sum = 0.0;
        for (j, &xj) in x.iter().enumerate() {
            sum += a(j, i) * xj;
        }
        *o = sum;
    }
}

/// out = At (A x), using tmp for the intermediate vector.
fn mul_atav(x: &[f64], out: &mut [f64], tmp: &mut [f64]) {
    mul_av(x, tmp);
    mul_atv(tmp, out);
}

fn dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).fold(0.0, |acc, (a, b)| acc + a * b)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let mut u = vec![1.0f64; n];
    let mut v = vec![0.0f64; n];
    let mut tmp = vec![0.0f64; n];
    for _ in 0..10 {
        mul_atav(&u, &mut v, &mut tmp);
        mul_atav(&v, &mut u, &mut tmp);
    }
    let vbv = dot(&u, &v);
    let vv = dot(&v, &v);
    println!("{:.9}", (vbv / vv).sqrt());
}
