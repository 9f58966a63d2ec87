// n-body (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE f64, no FMA (rustc never contracts
// a*b+c on its own) and no fast-math; no hand-written SIMD. Standard library only.
// The body constants are written exactly as SPEC.md gives them.
#![allow(clippy::excessive_precision)]

use std::f64::consts::PI; // 3.141592653589793, as SPEC.md says
use std::io::{self, Write};

const SOLAR_MASS: f64 = 4.0 * PI * PI;
const DAYS_PER_YEAR: f64 = 365.24;

#[derive(Clone, Copy)]
struct Body {
    pos: [f64; 3],
    vel: [f64; 3],
    mass: f64,
}

impl Body {
    fn new(pos: [f64; 3], vel: [f64; 3], mass: f64) -> Body {
        Body {
            pos,
            vel: [
                vel[0] * DAYS_PER_YEAR,
                vel[1] * DAYS_PER_YEAR,
                vel[2] * DAYS_PER_YEAR,
            ],
            mass: mass * SOLAR_MASS,
        }
    }
}

fn initial_bodies() -> [Body; 5] {
    [
        // Sun
        Body::new([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], 1.0),
        // Jupiter
        Body::new(
            [
                4.84143144246472090e+00,
                -1.16032004402742839e+00,
                -1.03622044471123109e-01,
            ],
            [
                1.66007664274403694e-03,
                7.69901118419740425e-03,
                -6.90460016972063023e-05,
            ],
            9.54791938424326609e-04,
        ),
        // Saturn
        Body::new(
            [
                8.34336671824457987e+00,
                4.12479856412430479e+00,
                -4.03523417114321381e-01,
            ],
            [
                -2.76742510726862411e-03,
                4.99852801234917238e-03,
                2.30417297573763929e-05,
            ],
            2.85885980666130812e-04,
        ),
        // Uranus
        Body::new(
            [
                1.28943695621391310e+01,
                -1.51111514016986312e+01,
                -2.23307578892655734e-01,
            ],
            [
                2.96460137564761618e-03,
                2.37847173959480950e-03,
                -2.96589568540237556e-05,
            ],
            4.36624404335156298e-05,
        ),
        // Neptune
        Body::new(
            [
                1.53796971148509165e+01,
                -2.59193146099879641e+01,
                1.79258772950371181e-01,
            ],
            [
                2.68067772490389322e-03,
                1.62824170038242295e-03,
                -9.51592254519715870e-05,
            ],
            5.15138902046611451e-05,
        ),
    ]
}

fn offset_momentum(bodies: &mut [Body]) {
    let mut p = [0.0f64; 3];
    for b in bodies.iter() {
        for (pk, vk) in p.iter_mut().zip(b.vel) {
            *pk += vk * b.mass;
        }
    }
    for (vk, pk) in bodies[0].vel.iter_mut().zip(p) {
        *vk = -pk / SOLAR_MASS;
    }
}

fn energy(bodies: &[Body]) -> f64 {
    let mut e = 0.0;
    for (i, bi) in bodies.iter().enumerate() {
        let v2 = bi.vel[0] * bi.vel[0] + bi.vel[1] * bi.vel[1] + bi.vel[2] * bi.vel[2];
        e += 0.5 * bi.mass * v2;
        for bj in &bodies[i + 1..] {
            let dx = bi.pos[0] - bj.pos[0];
            let dy = bi.pos[1] - bj.pos[1];
            let dz = bi.pos[2] - bj.pos[2];
            let distance = (dx * dx + dy * dy + dz * dz).sqrt();
            e -= bi.mass * bj.mass / distance;
        }
    }
    e
}

fn advance(bodies: &mut [Body], dt: f64) {
    for i in 0..bodies.len() {
        // Split so that body i and the bodies after it can be borrowed together.
        let (head, rest) = bodies[i..].split_first_mut().unwrap();
        for bj in rest.iter_mut() {
            let dx = head.pos[0] - bj.pos[0];
            let dy = head.pos[1] - bj.pos[1];
            let dz = head.pos[2] - bj.pos[2];
            let d2 = dx * dx + dy * dy + dz * dz;
            let mag = dt / (d2 * d2.sqrt());
            let mj = bj.mass;
            let mi = head.mass;
            head.vel[0] -= dx * mj * mag;
            head.vel[1] -= dy * mj * mag;
            head.vel[2] -= dz * mj * mag;
            bj.vel[0] += dx * mi * mag;
            bj.vel[1] += dy * mi * mag;
            bj.vel[2] += dz * mi * mag;
        }
    }
    for b in bodies.iter_mut() {
        for (xk, vk) in b.pos.iter_mut().zip(b.vel) {
            *xk += dt * vk;
        }
    }
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let mut bodies = initial_bodies();
    offset_momentum(&mut bodies);

    let stdout = io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "{:.9}", energy(&bodies)).unwrap();
    for _ in 0..n {
        advance(&mut bodies, 0.01);
    }
    writeln!(out, "{:.9}", energy(&bodies)).unwrap();
}
