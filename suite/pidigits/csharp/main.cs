// pidigits (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's step-by-step spigot with
// arbitrary-precision integers from System.Numerics.BigInteger (.NET's
// standard library, Mono's implementation); output collected in a
// StringBuilder and written once.
using System;
using System.Numerics;
using System.Text;

static class Program
{
    static void Main(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 30;
        BigInteger acc = BigInteger.Zero;
        BigInteger den = BigInteger.One;
        BigInteger num = BigInteger.One;
        int k = 0;
        int i = 0;
        var output = new StringBuilder();
        int column = 0;

        while (i < n)
        {
            k++;
            int k2 = 2 * k + 1;
            acc += num * 2;
            acc *= k2;
            den *= k2;
            num *= k;
            if (num > acc)
                continue;
            BigInteger d3 = BigInteger.Divide(num * 3 + acc, den);
            BigInteger d4 = BigInteger.Divide(num * 4 + acc, den);
            if (d3 != d4)
                continue;
            int digit = (int)d3;
            output.Append((char)('0' + digit));
            i++;
            column++;
            if (column == 10)
            {
                output.Append("\t:").Append(i).Append('\n');
                column = 0;
            }
            acc -= den * digit;
            acc *= 10;
            num *= 10;
        }
        if (column > 0)
        {
            output.Append(' ', 10 - column);
            output.Append("\t:").Append(n).Append('\n');
        }
        Console.Out.Write(output.ToString());
    }
}
