// regex-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; regular expressions via java.util.regex
// (the standard library); stdin read in large chunks.

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Main {
    static final String[] VARIANTS = {
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

    // pattern, replacement (replacements contain no '$' or '\\').
    static final String[][] SUBSTS = {
        {"tHa[Nt]", "<4>"},
        {"aND|caN|Ha[DS]|WaS", "<3>"},
        {"a[NSt]|BY", "<2>"},
        {"<[^>]*>", "|"},
        {"\\|[^|][^|]*\\|", "-"},
    };

    public static void main(String[] args) throws IOException {
        byte[] bytes = System.in.readAllBytes();
        String input = new String(bytes, StandardCharsets.ISO_8859_1);
        bytes = null;
        int inputLength = input.length();

        String seq = Pattern.compile(">.*\n|\n").matcher(input).replaceAll("");
        input = null;
        int cleanLength = seq.length();

        StringBuilder out = new StringBuilder();
        for (String v : VARIANTS) {
            Matcher m = Pattern.compile(v).matcher(seq);
            int count = 0;
            while (m.find()) {
                count++;
            }
            out.append(v).append(' ').append(count).append('\n');
        }

        for (String[] s : SUBSTS) {
            seq = Pattern.compile(s[0]).matcher(seq).replaceAll(s[1]);
        }

        out.append('\n').append(inputLength).append('\n')
           .append(cleanLength).append('\n')
           .append(seq.length()).append('\n');
        System.out.print(out);
        System.out.flush();
    }
}
