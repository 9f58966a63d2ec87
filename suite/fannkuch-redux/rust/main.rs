// fannkuch-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; permutations generated in the SPEC's
// order with the count[] scheme; every permutation copied and flipped.
// Standard library only.
// Speed: ~1.4x the C++ program's CPU time (quick size), in the flip loop; a
// plain two-index swap loop in place of slice::reverse measured the same.
// The cause is not pinned down yet.

/// Largest N the fixed-size arrays hold (the study size is 12).
const MAX_N: usize = 16;

/// Number of prefix reversals until the first element is 0.
#[inline]
fn count_flips(perm: &mut [u8]) -> u32 {
    let mut flips = 0;
    loop {
        let k = perm[0] as usize;
        if k == 0 {
            return flips;
        }
        perm[..=k].reverse();
        flips += 1;
    }
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    assert!((1..=MAX_N).contains(&n), "N must be in 1..={}", MAX_N);

    let mut perm1 = [0u8; MAX_N];
    for (i, p) in perm1.iter_mut().enumerate() {
        *p = i as u8;
    }
    let mut perm = [0u8; MAX_N];
    let mut count = [0usize; MAX_N];
    let mut r = n;
    let mut perm_index: u64 = 0;
    let mut checksum: i64 = 0;
    let mut max_flips: u32 = 0;

    loop {
        while r != 1 {
            count[r - 1] = r;
            r -= 1;
        }

        perm[..n].copy_from_slice(&perm1[..n]);
        let flips = count_flips(&mut perm[..n]);
        max_flips = max_flips.max(flips);
        if perm_index.is_multiple_of(2) {
            checksum += i64::from(flips);
        } else {
            checksum -= i64::from(flips);
        }

        loop {
            if r == n {
                println!("{}\nPfannkuchen({}) = {}", checksum, n, max_flips);
                return;
            }
            let p0 = perm1[0];
            perm1.copy_within(1..=r, 0);
            perm1[r] = p0;
            count[r] -= 1;
            if count[r] > 0 {
                break;
            }
            r += 1;
        }
        perm_index += 1;
    }
}
