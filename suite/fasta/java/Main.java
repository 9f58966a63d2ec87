// fasta (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double for the cumulative tables and
// the generator's seed / 139968.0; no extra libraries. Output goes through one
// reusable byte buffer written to stdout in large blocks.

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

public class Main {
    static final int LINE = 60;
    static final int IM = 139968, IA = 3877, IC = 29573;

    static final String ALU =
        "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC"
        + "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG"
        + "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG"
        + "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

    static final byte[] IUB_CHARS = "acgtBDHKMNRSVWY".getBytes(StandardCharsets.US_ASCII);
    static final double[] IUB_PROBS = {
        0.27, 0.12, 0.12, 0.27,
        0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02,
    };
    static final byte[] HS_CHARS = "acgt".getBytes(StandardCharsets.US_ASCII);
    static final double[] HS_PROBS = {
        0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008,
    };

    // Output buffer: filled in place, written out when nearly full.
    static final int BUF_SIZE = 1 << 16;
    static final byte[] buf = new byte[BUF_SIZE];
    static int pos = 0;
    static OutputStream out;

    static void flush() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    static void ensure(int n) throws IOException {
        if (pos + n > BUF_SIZE) {
            flush();
        }
    }

    static void writeText(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    static int seed = 42;

    static double nextRandom() {
        seed = (seed * IA + IC) % IM;
        return seed / (double) IM;
    }

    static void repeatFasta(String header, String s, int n) throws IOException {
        writeText(header);
        byte[] src = s.getBytes(StandardCharsets.US_ASCII);
        int len = src.length;
        // src followed by its first LINE characters, so every line is one copy.
        byte[] ext = new byte[len + LINE];
        for (int i = 0; i < ext.length; i++) {
            ext[i] = src[i % len];
        }
        int off = 0;
        while (n > 0) {
            int m = Math.min(n, LINE);
            ensure(m + 1);
            System.arraycopy(ext, off, buf, pos, m);
            pos += m;
            buf[pos++] = '\n';
            off += m;
            if (off >= len) {
                off -= len;
            }
            n -= m;
        }
    }

    static void randomFasta(String header, byte[] chars, double[] probs, int n) throws IOException {
        writeText(header);
        int count = chars.length;
        double[] cumulative = new double[count];
        double acc = 0.0;
        for (int i = 0; i < count; i++) {
            acc += probs[i];
            cumulative[i] = acc;
        }
        int last = count - 1;
        while (n > 0) {
            int m = Math.min(n, LINE);
            ensure(m + 1);
            for (int i = 0; i < m; i++) {
                double r = nextRandom();
                int c = 0;
                while (c < last && !(cumulative[c] > r)) {
                    c++;
                }
                buf[pos++] = chars[c];
            }
            buf[pos++] = '\n';
            n -= m;
        }
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        out = new FileOutputStream(FileDescriptor.out);
        repeatFasta(">ONE Homo sapiens alu\n", ALU, 2 * n);
        randomFasta(">TWO IUB ambiguity codes\n", IUB_CHARS, IUB_PROBS, 3 * n);
        randomFasta(">THREE Homo sapiens frequency\n", HS_CHARS, HS_PROBS, 5 * n);
        flush();
        out.flush();
    }
}
