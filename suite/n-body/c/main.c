/* n-body (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; IEEE double, no FMA (built with
 * -ffp-contract=off), no fast-math (-fno-math-errno only drops errno for
 * sqrt); no hand-written SIMD. Standard library only.
 * Speed: ~1.7x the Rust program's CPU time (quick size). GCC issues the ten
 * square roots and ten divisions of a step one at a time (vsqrtsd, vdivsd:
 * the divider is the bottleneck); LLVM unrolls the step and pairs them
 * (vsqrtpd, vdivpd). Splitting the step into pair arrays, structure-of-arrays
 * and local accumulators did not get GCC past ~1.6x without hand-written
 * SIMD, which the SPEC forbids. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define PI 3.141592653589793
#define SOLAR_MASS (4.0 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define NBODIES 5

struct body {
    double x, y, z, vx, vy, vz, mass;
};

static struct body bodies[NBODIES] = {
    /* Sun */
    {0, 0, 0, 0, 0, 0, 1},
    /* Jupiter */
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
     9.54791938424326609e-04},
    /* Saturn */
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
     2.85885980666130812e-04},
    /* Uranus */
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
     4.36624404335156298e-05},
    /* Neptune */
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
     5.15138902046611451e-05},
};

static void scale_units(struct body *b)
{
    for (int i = 0; i < NBODIES; i++) {
        b[i].vx *= DAYS_PER_YEAR;
        b[i].vy *= DAYS_PER_YEAR;
        b[i].vz *= DAYS_PER_YEAR;
        b[i].mass *= SOLAR_MASS;
    }
}

static void offset_momentum(struct body *b)
{
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < NBODIES; i++) {
        px += b[i].vx * b[i].mass;
        py += b[i].vy * b[i].mass;
        pz += b[i].vz * b[i].mass;
    }
    b[0].vx = -px / SOLAR_MASS;
    b[0].vy = -py / SOLAR_MASS;
    b[0].vz = -pz / SOLAR_MASS;
}

static double energy(const struct body *b)
{
    double e = 0.0;
    for (int i = 0; i < NBODIES; i++) {
        e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < NBODIES; j++) {
            double dx = b[i].x - b[j].x;
            double dy = b[i].y - b[j].y;
            double dz = b[i].z - b[j].z;
            e -= b[i].mass * b[j].mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void advance(struct body *b, double dt)
{
    for (int i = 0; i < NBODIES; i++) {
        struct body *bi = &b[i];
        for (int j = i + 1; j < NBODIES; j++) {
            struct body *bj = &b[j];
            double dx = bi->x - bj->x;
            double dy = bi->y - bj->y;
            double dz = bi->z - bj->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            double mj = bj->mass, mi = bi->mass;
            /* evaluated as written in SPEC.md: (d * m) * mag */
            bi->vx -= dx * mj * mag;
            bi->vy -= dy * mj * mag;
            bi->vz -= dz * mj * mag;
            bj->vx += dx * mi * mag;
            bj->vy += dy * mi * mag;
            bj->vz += dz * mi * mag;
        }
    }
    for (int i = 0; i < NBODIES; i++) {
        b[i].x += dt * b[i].vx;
        b[i].y += dt * b[i].vy;
        b[i].z += dt * b[i].vz;
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000;
    scale_units(bodies);
    offset_momentum(bodies);
    printf("%.9f\n", energy(bodies));
    for (long i = 0; i < n; i++)
        advance(bodies, 0.01);
    printf("%.9f\n", energy(bodies));
    return 0;
}
