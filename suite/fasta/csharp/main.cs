// fasta (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's linear congruential generator
// (seed 42, one generator shared by both random records); cumulative
// probabilities summed in double; output assembled in a byte buffer and
// written to the raw stdout stream in large blocks. Standard library only.
using System;
using System.IO;
using System.Text;

static class Program
{
    const int LineLength = 60;
    const int IM = 139968, IA = 3877, IC = 29573;

    const string Alu =
        "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC" +
        "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG" +
        "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG" +
        "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

    static readonly char[] IubChars = "acgtBDHKMNRSVWY".ToCharArray();
    static readonly double[] IubProbs = {
        0.27, 0.12, 0.12, 0.27,
        0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02,
    };
    static readonly char[] HomoChars = "acgt".ToCharArray();
    static readonly double[] HomoProbs = {
        0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008,
    };

    static Stream stdout;
    static readonly byte[] buffer = new byte[1 << 16];
    static int used;
    static int seed = 42;

    static void Flush()
    {
        stdout.Write(buffer, 0, used);
        used = 0;
    }

    static void PutAscii(string s)
    {
        if (used + s.Length > buffer.Length)
            Flush();
        used += Encoding.ASCII.GetBytes(s, 0, s.Length, buffer, used);
    }

    static void RepeatFasta(string header, string source, long n)
    {
        // the source twice, so that every line is one contiguous copy
        byte[] twice = Encoding.ASCII.GetBytes(source + source);
        int sourceLength = source.Length;
        PutAscii(header);
        int pos = 0;
        while (n > 0)
        {
            int len = n < LineLength ? (int)n : LineLength;
            if (used + len + 1 > buffer.Length)
                Flush();
            Buffer.BlockCopy(twice, pos, buffer, used, len);
            used += len;
            buffer[used++] = (byte)'\n';
            pos += len;
            if (pos >= sourceLength)
                pos -= sourceLength;
            n -= len;
        }
    }

    static void RandomFasta(string header, char[] chars, double[] probs, long n)
    {
        int count = chars.Length;
        var cumulative = new double[count];
        var symbols = new byte[count];
        double acc = 0.0;
        for (int i = 0; i < count; i++)
        {
            acc += probs[i];
            cumulative[i] = acc;
            symbols[i] = (byte)chars[i];
        }
        PutAscii(header);
        while (n > 0)
        {
            int len = n < LineLength ? (int)n : LineLength;
            if (used + len + 1 > buffer.Length)
                Flush();
            for (int i = 0; i < len; i++)
            {
                seed = (seed * IA + IC) % IM;
                double r = seed / (double)IM;
                int k = 0;
                while (k < count - 1 && !(cumulative[k] > r))
                    k++;
                buffer[used + i] = symbols[k];
            }
            used += len;
            buffer[used++] = (byte)'\n';
            n -= len;
        }
    }

    static void Main(string[] args)
    {
        long n = args.Length > 0 ? long.Parse(args[0]) : 1000;
        stdout = Console.OpenStandardOutput();
        RepeatFasta(">ONE Homo sapiens alu\n", Alu, 2 * n);
        RandomFasta(">TWO IUB ambiguity codes\n", IubChars, IubProbs, 3 * n);
        RandomFasta(">THREE Homo sapiens frequency\n", HomoChars, HomoProbs, 5 * n);
        Flush();
        stdout.Flush();
    }
}
