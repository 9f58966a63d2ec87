// k-nucleotide (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; counting in the standard library's hash
// map (System.Collections.Generic.Dictionary), keyed by the k-mer packed two
// bits a base into a long; stdin read as bytes in large blocks. Standard
// library only (System.Numerics.BigInteger only to print percentages rounded
// exactly like C's "%.3f": Mono's own "F3" rounds to 15 significant digits first).
using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text;

static class Program
{
    const string Bases = "ACGT";

    static byte[] ReadAll(Stream input)
    {
        var memory = new MemoryStream(1 << 20);
        input.CopyTo(memory, 1 << 16);
        return memory.ToArray();
    }

    // The sequence of the record whose header starts with ">THREE", as codes 0..3.
    static byte[] ReadThree(byte[] data)
    {
        var code = new byte[256];
        code['A'] = 0; code['C'] = 1; code['G'] = 2; code['T'] = 3;
        code['a'] = 0; code['c'] = 1; code['g'] = 2; code['t'] = 3;
        byte[] marker = Encoding.ASCII.GetBytes(">THREE");
        int pos = 0;
        int n = data.Length;
        // find the header line
        while (pos < n)
        {
            int lineEnd = Array.IndexOf(data, (byte)'\n', pos);
            if (lineEnd < 0) lineEnd = n;
            bool match = lineEnd - pos >= marker.Length;
            for (int i = 0; match && i < marker.Length; i++)
                match = data[pos + i] == marker[i];
            pos = lineEnd + 1;
            if (match) break;
        }
        var seq = new byte[Math.Max(0, n - pos)];
        int len = 0;
        for (; pos < n; pos++)
        {
            byte b = data[pos];
            if (b == (byte)'>') break;
            if (b == (byte)'\n' || b == (byte)'\r') continue;
            seq[len++] = code[b];
        }
        Array.Resize(ref seq, len);
        return seq;
    }

    static Dictionary<long, int> Count(byte[] seq, int k)
    {
        var counts = new Dictionary<long, int>();
        long mask = (1L << (2 * k)) - 1;
        long key = 0;
        for (int i = 0; i < k - 1 && i < seq.Length; i++)
            key = (key << 2) | seq[i];
        for (int i = k - 1; i < seq.Length; i++)
        {
            key = ((key << 2) | seq[i]) & mask;
            int c;
            counts.TryGetValue(key, out c);
            counts[key] = c + 1;
        }
        return counts;
    }

    static string Decode(long key, int k)
    {
        var chars = new char[k];
        for (int i = k - 1; i >= 0; i--)
        {
            chars[i] = Bases[(int)(key & 3)];
            key >>= 2;
        }
        return new string(chars);
    }

    static long Encode(string kmer)
    {
        long key = 0;
        foreach (char c in kmer)
            key = (key << 2) | (long)(uint)Bases.IndexOf(c);
        return key;
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

    static void Frequencies(byte[] seq, int k, StringBuilder output)
    {
        Dictionary<long, int> counts = Count(seq, k);
        int total = Math.Max(0, seq.Length - k + 1);
        var items = new List<KeyValuePair<string, int>>(counts.Count);
        foreach (var entry in counts)
            items.Add(new KeyValuePair<string, int>(Decode(entry.Key, k), entry.Value));
        items.Sort((a, b) =>
        {
            if (a.Value != b.Value) return b.Value.CompareTo(a.Value);
            return string.CompareOrdinal(a.Key, b.Key);
        });
        foreach (var item in items)
            output.Append(item.Key).Append(' ').Append(FormatFixed(100.0 * item.Value / total, 3)).Append('\n');
        output.Append('\n');
    }

    static void Main(string[] args)
    {
        byte[] seq = ReadThree(ReadAll(Console.OpenStandardInput()));
        var output = new StringBuilder();
        Frequencies(seq, 1, output);
        Frequencies(seq, 2, output);
        foreach (string kmer in new[] { "GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT" })
        {
            Dictionary<long, int> counts = Count(seq, kmer.Length);
            int c;
            counts.TryGetValue(Encode(kmer), out c);
            output.Append(c).Append('\t').Append(kmer).Append('\n');
        }
        Console.Out.Write(output.ToString());
    }
}
