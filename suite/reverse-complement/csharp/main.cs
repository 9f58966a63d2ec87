// reverse-complement (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; stdin read as bytes in large blocks, each
// record complemented through a 256-entry lookup table into a byte buffer and
// written to the raw stdout stream in large blocks. Standard library only.
using System;
using System.IO;

static class Program
{
    const int LineLength = 60;

    static byte[] MakeTable()
    {
        var table = new byte[256];
        for (int i = 0; i < 256; i++)
            table[i] = (byte)i;
        string from = "ACGTUMRWSYKVHDBN";
        string to = "TGCAAKYWSRMBDHVN";
        for (int i = 0; i < from.Length; i++)
        {
            table[from[i]] = (byte)to[i];
            table[char.ToLowerInvariant(from[i])] = (byte)to[i];
        }
        return table;
    }

    static void Main(string[] args)
    {
        var memory = new MemoryStream(1 << 20);
        Console.OpenStandardInput().CopyTo(memory, 1 << 16);
        byte[] data = memory.GetBuffer();
        int n = (int)memory.Length;
        byte[] table = MakeTable();
        Stream stdout = Console.OpenStandardOutput();

        // the output is never longer than the input plus one newline a line
        var output = new byte[n + n / LineLength + 2];
        int used = 0;
        var seq = new byte[n];
        int pos = 0;
        while (pos < n)
        {
            // header line, copied unchanged (data[pos] is '>')
            int lineEnd = Array.IndexOf(data, (byte)'\n', pos, n - pos);
            if (lineEnd < 0) lineEnd = n;
            Buffer.BlockCopy(data, pos, output, used, lineEnd - pos);
            used += lineEnd - pos;
            output[used++] = (byte)'\n';
            pos = lineEnd + 1;

            // sequence lines up to the next header
            int len = 0;
            while (pos < n && data[pos] != (byte)'>')
            {
                byte b = data[pos++];
                if (b != (byte)'\n' && b != (byte)'\r')
                    seq[len++] = b;
            }

            // reverse complement, 60 a line
            int src = len - 1;
            while (src >= 0)
            {
                int lineLen = src + 1 < LineLength ? src + 1 : LineLength;
                for (int i = 0; i < lineLen; i++)
                    output[used + i] = table[seq[src - i]];
                used += lineLen;
                output[used++] = (byte)'\n';
                src -= lineLen;
            }
        }
        stdout.Write(output, 0, used);
        stdout.Flush();
    }
}
