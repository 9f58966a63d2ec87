// n-body (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double (Mono's JIT uses SSE2 and does
// not contract into FMA), no fast-math, no hand-written SIMD; the SPEC's
// expression order. Standard library only (System.Numerics.BigInteger only to
// print the energy rounded exactly like C's "%.9f": Mono's own "F9" rounds to
// 15 significant digits first).
using System;
using System.Numerics;

sealed class Body
{
    public double X, Y, Z, Vx, Vy, Vz, Mass;

    public Body(double x, double y, double z, double vx, double vy, double vz, double mass)
    {
        X = x; Y = y; Z = z; Vx = vx; Vy = vy; Vz = vz; Mass = mass;
    }
}

static class Program
{
    const double Pi = 3.141592653589793;
    const double SolarMass = 4 * Pi * Pi;
    const double DaysPerYear = 365.24;

    static Body[] MakeBodies()
    {
        var bodies = new Body[] {
            // Sun
            new Body(0, 0, 0, 0, 0, 0, 1),
            // Jupiter
            new Body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
                     1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
                     9.54791938424326609e-04),
            // Saturn
            new Body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
                     -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
                     2.85885980666130812e-04),
            // Uranus
            new Body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
                     2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
                     4.36624404335156298e-05),
            // Neptune
            new Body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
                     2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
                     5.15138902046611451e-05),
        };
        foreach (var b in bodies)
        {
            b.Vx *= DaysPerYear;
            b.Vy *= DaysPerYear;
            b.Vz *= DaysPerYear;
            b.Mass *= SolarMass;
        }
        return bodies;
    }

    static void OffsetMomentum(Body[] bodies)
    {
        double px = 0, py = 0, pz = 0;
        foreach (var b in bodies)
        {
            px += b.Vx * b.Mass;
            py += b.Vy * b.Mass;
            pz += b.Vz * b.Mass;
        }
        bodies[0].Vx = -px / SolarMass;
        bodies[0].Vy = -py / SolarMass;
        bodies[0].Vz = -pz / SolarMass;
    }

    static double Energy(Body[] bodies)
    {
        double e = 0.0;
        for (int i = 0; i < bodies.Length; i++)
        {
            Body bi = bodies[i];
            e += 0.5 * bi.Mass * (bi.Vx * bi.Vx + bi.Vy * bi.Vy + bi.Vz * bi.Vz);
            for (int j = i + 1; j < bodies.Length; j++)
            {
                Body bj = bodies[j];
                double dx = bi.X - bj.X;
                double dy = bi.Y - bj.Y;
                double dz = bi.Z - bj.Z;
                e -= bi.Mass * bj.Mass / Math.Sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        return e;
    }

    static void Advance(Body[] bodies, double dt)
    {
        int n = bodies.Length;
        for (int i = 0; i < n; i++)
        {
            Body bi = bodies[i];
            for (int j = i + 1; j < n; j++)
            {
                Body bj = bodies[j];
                double dx = bi.X - bj.X;
                double dy = bi.Y - bj.Y;
                double dz = bi.Z - bj.Z;
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * Math.Sqrt(d2));
                double mi = bi.Mass, mj = bj.Mass;
                bi.Vx -= dx * mj * mag;
                bi.Vy -= dy * mj * mag;
                bi.Vz -= dz * mj * mag;
                bj.Vx += dx * mi * mag;
                bj.Vy += dy * mi * mag;
                bj.Vz += dz * mi * mag;
            }
        }
        for (int i = 0; i < n; i++)
        {
            Body b = bodies[i];
            b.X += dt * b.Vx;
            b.Y += dt * b.Vy;
            b.Z += dt * b.Vz;
        }
    }

    // The double's exact value rounded half-to-even to `decimals` places, as C's printf.
    static string FormatFixed(double v, int decimals)
    {
        long bits = BitConverter.DoubleToInt64Bits(v);
        bool negative = bits < 0;
        int exp = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0) exp = 1; else mantissa |= 1L << 52;
        exp -= 1075; // v = mantissa * 2^exp
        BigInteger scaled = new BigInteger(mantissa) * BigInteger.Pow(10, decimals);
        BigInteger q;
        if (exp >= 0)
        {
            q = scaled << exp;
        }
        else
        {
            int k = -exp;
            q = scaled >> k;
            BigInteger rest = scaled - (q << k);
            int c = (rest << 1).CompareTo(BigInteger.One << k);
            if (c > 0 || (c == 0 && !q.IsEven)) q += 1;
        }
        string digits = q.ToString().PadLeft(decimals + 1, '0');
        string s = digits.Substring(0, digits.Length - decimals);
        if (decimals > 0) s += "." + digits.Substring(digits.Length - decimals);
        return negative ? "-" + s : s;
    }

    static void Main(string[] args)
    {
        long n = args.Length > 0 ? long.Parse(args[0]) : 1000;
        Body[] bodies = MakeBodies();
        OffsetMomentum(bodies);
        Console.Out.Write(FormatFixed(Energy(bodies), 9) + "\n");
        for (long i = 0; i < n; i++)
            Advance(bodies, 0.01);
        Console.Out.Write(FormatFixed(Energy(bodies), 9) + "\n");
    }
}
