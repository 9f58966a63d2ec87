// n-body (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double, no FMA (built with
// -ffp-contract=off), no fast-math (-fno-math-errno only drops errno for
// std::sqrt); no hand-written SIMD. Standard library only.
// Speed: ~1.7x the Rust program's CPU time (quick size), for the reason given
// in ../c/main.c: g++ keeps the step's ten square roots and divisions scalar
// (the divider is the bottleneck) where LLVM pairs them into vsqrtpd/vdivpd.
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <iostream>

namespace {

constexpr double PI = 3.141592653589793;
constexpr double SOLAR_MASS = 4.0 * PI * PI;
constexpr double DAYS_PER_YEAR = 365.24;

struct Body {
    double x, y, z, vx, vy, vz, mass;
};

using System = std::array<Body, 5>;

System initial_system()
{
    System bodies{{
        // Sun
        {0, 0, 0, 0, 0, 0, 1},
        // Jupiter
        {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
         9.54791938424326609e-04},
        // Saturn
        {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
         2.85885980666130812e-04},
        // Uranus
        {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
         4.36624404335156298e-05},
        // Neptune
        {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
         5.15138902046611451e-05},
    }};
    for (Body &b : bodies) {
        b.vx *= DAYS_PER_YEAR;
        b.vy *= DAYS_PER_YEAR;
        b.vz *= DAYS_PER_YEAR;
        b.mass *= SOLAR_MASS;
    }
    return bodies;
}

void offset_momentum(System &bodies)
{
    double px = 0, py = 0, pz = 0;
    for (const Body &b : bodies) {
        px += b.vx * b.mass;
        py += b.vy * b.mass;
        pz += b.vz * b.mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
}

double energy(const System &bodies)
{
    double e = 0.0;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        const Body &a = bodies[i];
        e += 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz);
        for (std::size_t j = i + 1; j < bodies.size(); ++j) {
            const Body &b = bodies[j];
            double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
            e -= a.mass * b.mass / std::sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

void advance(System &bodies, double dt)
{
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        Body &a = bodies[i];
        for (std::size_t j = i + 1; j < bodies.size(); ++j) {
            Body &b = bodies[j];
            double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * std::sqrt(d2));
            const double ma = a.mass, mb = b.mass;
            // evaluated as written in SPEC.md: (d * m) * mag
            a.vx -= dx * mb * mag;
            a.vy -= dy * mb * mag;
            a.vz -= dz * mb * mag;
            b.vx += dx * ma * mag;
            b.vy += dy * ma * mag;
            b.vz += dz * ma * mag;
        }
    }
    for (Body &b : bodies) {
        b.x += dt * b.vx;
        b.y += dt * b.vy;
        b.z += dt * b.vz;
    }
}

} // namespace

int main(int argc, char **argv)
{
    long n = argc > 1 ? std::atol(argv[1]) : 1000;
    System bodies = initial_system();
    offset_momentum(bodies);
    std::cout << std::fixed << std::setprecision(9) << energy(bodies) << '\n';
    for (long i = 0; i < n; ++i)
        advance(bodies, 0.01);
    std::cout << energy(bodies) << '\n';
    return 0;
}
