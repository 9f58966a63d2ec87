// mandelbrot (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double (no FMA, no fast-math, no
// hand-written SIMD); cr and ci computed directly for each pixel; the binary
// PBM assembled in a byte array and written to the raw stdout stream at once.
// Standard library only.
using System;
using System.IO;
using System.Text;

static class Program
{
    static void Main(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 200;
        int rowBytes = (n + 7) / 8;
        byte[] header = Encoding.ASCII.GetBytes("P4\n" + n + " " + n + "\n");
        var image = new byte[header.Length + (long)rowBytes * n];
        Buffer.BlockCopy(header, 0, image, 0, header.Length);
        int pos = header.Length;

        for (int y = 0; y < n; y++)
        {
            double ci = 2.0 * y / n - 1.0;
            int bits = 0;
            int nbits = 0;
            for (int x = 0; x < n; x++)
            {
                double cr = 2.0 * x / n - 1.5;
                double zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
                for (int i = 0; i < 50 && tr + ti <= 4.0; i++)
                {
                    zi = 2.0 * zr * zi + ci;
                    zr = tr - ti + cr;
                    tr = zr * zr;
                    ti = zi * zi;
                }
                bits <<= 1;
                if (tr + ti <= 4.0)
                    bits |= 1;
                if (++nbits == 8)
                {
                    image[pos++] = (byte)bits;
                    bits = 0;
                    nbits = 0;
                }
            }
            if (nbits > 0)
            {
                image[pos++] = (byte)(bits << (8 - nbits));
            }
        }

        using (Stream stdout = Console.OpenStandardOutput())
        {
            stdout.Write(image, 0, pos);
        }
    }
}
