// regex-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; regular expressions via
// System.Text.RegularExpressions (.NET's standard library, Mono's
// implementation), compiled with RegexOptions.Compiled; stdin read as bytes in
// large blocks (the input is ASCII, so its length in bytes is its length in chars).
using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

static class Program
{
    static readonly string[] Variants = {
        "agggtaaa|tttaccct",
        "[cgt]gggtaaa|tttaccc[acg]",
        "a[act]ggtaaa|tttacc[agt]t",
        "ag[act]gtaaa|tttac[agt]ct",
        "agg[act]taaa|ttta[agt]cct",
        "aggg[acg]aaa|ttt[cgt]ccct",
        "agggt[cgt]aa|tt[acg]accct",
        "agggta[cgt]a|t[acg]taccct",
        "agggtaa[cgt]|[acg]ttaccct",
    };

    static readonly string[,] Substitutions = {
        { "tHa[Nt]", "<4>" },
        { "aND|caN|Ha[DS]|WaS", "<3>" },
        { "a[NSt]|BY", "<2>" },
        { "<[^>]*>", "|" },
        { "\\|[^|][^|]*\\|", "-" },
    };

    static void Main(string[] args)
    {
        var memory = new MemoryStream(1 << 20);
        Console.OpenStandardInput().CopyTo(memory, 1 << 16);
        string input = Encoding.ASCII.GetString(memory.GetBuffer(), 0, (int)memory.Length);
        int inputLength = input.Length;

        string seq = new Regex(">.*\n|\n", RegexOptions.Compiled).Replace(input, "");
        int cleanLength = seq.Length;

        var output = new StringBuilder();
        foreach (string pattern in Variants)
        {
            var regex = new Regex(pattern, RegexOptions.Compiled);
            int count = 0;
            for (Match m = regex.Match(seq); m.Success; m = m.NextMatch())
                count++;
            output.Append(pattern).Append(' ').Append(count).Append('\n');
        }

        for (int i = 0; i < Substitutions.GetLength(0); i++)
            seq = new Regex(Substitutions[i, 0], RegexOptions.Compiled).Replace(seq, Substitutions[i, 1]);

        output.Append('\n').Append(inputLength).Append('\n')
              .Append(cleanLength).Append('\n')
              .Append(seq.Length).Append('\n');
        Console.Out.Write(output.ToString());
    }
}
