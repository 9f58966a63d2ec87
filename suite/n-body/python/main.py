# n-body (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; IEEE double (Python float), operations
# evaluated in the SPEC's order ((d * m) * mag), no FMA; standard library only.
# Runs under CPython 3 and PyPy 3.
import sys
from math import sqrt

PI = 3.141592653589793
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


def make_bodies():
    raw = [
        # Sun
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),
        # Jupiter
        (4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
         9.54791938424326609e-04),
        # Saturn
        (8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
         2.85885980666130812e-04),
        # Uranus
        (1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
         4.36624404335156298e-05),
        # Neptune
        (1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
         5.15138902046611451e-05),
    ]
    # Each body: (position list, velocity list, mass); the lists are mutated in place.
    return [([x, y, z], [vx * DAYS_PER_YEAR, vy * DAYS_PER_YEAR, vz * DAYS_PER_YEAR],
             m * SOLAR_MASS)
            for (x, y, z, vx, vy, vz, m) in raw]


def offset_momentum(bodies):
    px = py = pz = 0.0
    for (_, (vx, vy, vz), m) in bodies:
        px += vx * m
        py += vy * m
        pz += vz * m
    v0 = bodies[0][1]
    v0[0] = -px / SOLAR_MASS
    v0[1] = -py / SOLAR_MASS
    v0[2] = -pz / SOLAR_MASS


def energy(bodies):
    e = 0.0
    nb = len(bodies)
    for i in range(nb):
        (xi, yi, zi), (vx, vy, vz), mi = bodies[i]
        e += 0.5 * mi * (vx * vx + vy * vy + vz * vz)
        for j in range(i + 1, nb):
            (xj, yj, zj), _, mj = bodies[j]
            dx = xi - xj
            dy = yi - yj
            dz = zi - zj
            e -= mi * mj / sqrt(dx * dx + dy * dy + dz * dz)
    return e


def advance(bodies, steps, dt):
    # Pairs i < j, i outer, j inner, in body order.
    pairs = [(bodies[i][0], bodies[i][1], bodies[i][2],
              bodies[j][0], bodies[j][1], bodies[j][2])
             for i in range(len(bodies)) for j in range(i + 1, len(bodies))]
    _sqrt = sqrt
    for _ in range(steps):
        for (ri, vi, mi, rj, vj, mj) in pairs:
            dx = ri[0] - rj[0]
            dy = ri[1] - rj[1]
            dz = ri[2] - rj[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * _sqrt(d2))
            vi[0] -= dx * mj * mag
            vi[1] -= dy * mj * mag
            vi[2] -= dz * mj * mag
            vj[0] += dx * mi * mag
            vj[1] += dy * mi * mag
            vj[2] += dz * mi * mag
        for (r, (vx, vy, vz), _) in bodies:
            r[0] += dt * vx
            r[1] += dt * vy
            r[2] += dt * vz


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    bodies = make_bodies()
    offset_momentum(bodies)
    out = ["%.9f\n" % energy(bodies)]
    advance(bodies, n, 0.01)
    out.append("%.9f\n" % energy(bodies))
    sys.stdout.write("".join(out))


main()
