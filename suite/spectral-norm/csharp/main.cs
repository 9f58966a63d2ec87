// spectral-norm (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double (Mono's JIT uses SSE2 and does
// not contract into FMA), no fast-math, no hand-written SIMD. Standard library
// only (System.Numerics.BigInteger only to print the result rounded exactly like
// C's "%.9f": Mono's own "F9" rounds to 15 significant digits first).
using System;
using System.Numerics;

static class Program
{
    // A(i, j) with 0-based indices; the integer part is exact in double.
    static double A(int i, int j)
    {
        int ij = i + j;
        return 1.0 / (double)(ij * (ij + 1) / 2 + i + 1);
    }

    // result = A * x
    static void MulAv(double[] x, double[] result)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            double sum = 0.0;
            for (int j = 0; j < n; j++)
                sum += A(i, j) * x[j];
            result[i] = sum;
        }
    }

    // result = A^T * x
    static void MulAtv(double[] x, double[] result)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            double sum = 0.0;
            for (int j = 0; j < n; j++)
                sum += A(j, i) * x[j];
            result[i] = sum;
        }
    }

    // result = A^T * A * x; tmp is scratch
    static void MulAtAv(double[] x, double[] result, double[] tmp)
    {
        MulAv(x, tmp);
        MulAtv(tmp, result);
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
        int n = args.Length > 0 ? int.Parse(args[0]) : 100;
        var u = new double[n];
        var v = new double[n];
        var tmp = new double[n];
        for (int i = 0; i < n; i++)
            u[i] = 1.0;
        for (int k = 0; k < 10; k++)
        {
            MulAtAv(u, v, tmp);
            MulAtAv(v, u, tmp);
        }
        double vBv = 0.0, vv = 0.0;
        for (int i = 0; i < n; i++)
        {
            vBv += u[i] * v[i];
            vv += v[i] * v[i];
        }
        Console.Out.Write(FormatFixed(Math.Sqrt(vBv / vv), 9) + "\n");
    }
}
