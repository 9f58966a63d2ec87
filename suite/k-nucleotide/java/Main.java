// k-nucleotide (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; counts kept in java.util.HashMap (the
// standard library's hash map), keyed by the k-mer packed 2 bits a base into a
// long; stdin read in large chunks; no extra libraries.
// Percentages are rounded like C printf("%.3f") (exact binary value, half-even).

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Main {
    static final class Counter {
        int value;
    }

    static final byte[] BASES = {'A', 'C', 'G', 'T'};

    // Count every k-length substring of seq (bases coded 0..3).
    static HashMap<Long, Counter> count(byte[] seq, int k) {
        HashMap<Long, Counter> map = new HashMap<>();
        long mask = (1L << (2 * k)) - 1;
        long key = 0;
        for (int i = 0; i < k - 1; i++) {
            key = (key << 2) | seq[i];
        }
        for (int i = k - 1; i < seq.length; i++) {
            key = ((key << 2) | seq[i]) & mask;
            Counter c = map.get(key);
            if (c == null) {
                c = new Counter();
                map.put(key, c);
            }
            c.value++;
        }
        return map;
    }

    static String decode(long key, int k) {
        char[] s = new char[k];
        for (int i = k - 1; i >= 0; i--) {
            s[i] = (char) BASES[(int) (key & 3)];
            key >>>= 2;
        }
        return new String(s);
    }

    static long encode(String kmer) {
        long key = 0;
        for (int i = 0; i < kmer.length(); i++) {
            key = (key << 2) | code(kmer.charAt(i));
        }
        return key;
    }

    static int code(int c) {
        switch (c) {
            case 'A': return 0;
            case 'C': return 1;
            case 'G': return 2;
            default: return 3; // 'T'
        }
    }

    static void writeFrequencies(StringBuilder out, byte[] seq, int k) {
        HashMap<Long, Counter> map = count(seq, k);
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(map.size());
        for (Map.Entry<Long, Counter> e : map.entrySet()) {
            entries.add(Map.entry(decode(e.getKey(), k), e.getValue().value));
        }
        entries.sort((a, b) -> {
            int c = Integer.compare(b.getValue(), a.getValue());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        int total = seq.length - k + 1;
        for (Map.Entry<String, Integer> e : entries) {
            double pct = 100.0 * e.getValue() / total;
            out.append(e.getKey()).append(' ')
               .append(new BigDecimal(pct).setScale(3, RoundingMode.HALF_EVEN).toPlainString())
               .append('\n');
        }
        out.append('\n');
    }

    static void writeCount(StringBuilder out, byte[] seq, String kmer) {
        HashMap<Long, Counter> map = count(seq, kmer.length());
        Counter c = map.get(encode(kmer));
        out.append(c == null ? 0 : c.value).append('\t').append(kmer).append('\n');
    }

    // The sequence of the record whose header starts with ">THREE", joined,
    // upper-cased and coded A=0 C=1 G=2 T=3.
    static byte[] readThree(byte[] in) {
        byte[] marker = {'>', 'T', 'H', 'R', 'E', 'E'};
        int n = in.length;
        int start = -1;
        int i = 0;
        while (i < n) {
            // i is at the start of a line
            if (in[i] == '>' && i + marker.length <= n) {
                boolean match = true;
                for (int m = 0; m < marker.length; m++) {
                    if (in[i + m] != marker[m]) {
                        match = false;
                        break;
                    }
                }
                if (match) {
                    int nl = indexOf(in, (byte) '\n', i);
                    start = nl < 0 ? n : nl + 1;
                    break;
                }
            }
            int nl = indexOf(in, (byte) '\n', i);
            if (nl < 0) {
                break;
            }
            i = nl + 1;
        }
        if (start < 0) {
            return new byte[0];
        }
        byte[] table = new byte[256];
        table['A'] = table['a'] = 0;
        table['C'] = table['c'] = 1;
        table['G'] = table['g'] = 2;
        table['T'] = table['t'] = 3;
        byte[] seq = new byte[n - start];
        int len = 0;
        boolean lineStart = true;
        for (int j = start; j < n; j++) {
            byte b = in[j];
            if (b == '\n') {
                lineStart = true;
                continue;
            }
            if (lineStart && b == '>') {
                break; // next record
            }
            lineStart = false;
            if (b == '\r') {
                continue;
            }
            seq[len++] = table[b & 0xff];
        }
        return java.util.Arrays.copyOf(seq, len);
    }

    static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    public static void main(String[] args) throws IOException {
        byte[] in = System.in.readAllBytes();
        byte[] seq = readThree(in);
        in = null;
        StringBuilder out = new StringBuilder();
        writeFrequencies(out, seq, 1);
        writeFrequencies(out, seq, 2);
        for (String kmer : new String[] {
                "GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT"}) {
            writeCount(out, seq, kmer);
        }
        System.out.print(out);
        System.out.flush();
    }
}
