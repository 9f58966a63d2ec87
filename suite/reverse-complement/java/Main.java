// reverse-complement (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; stdin read in large chunks; each record's
// sequence is gathered in place, then reverse-complemented into one output
// buffer and written in large blocks; no extra libraries.

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

public class Main {
    static final int LINE = 60;
    static final byte[] COMPLEMENT = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            COMPLEMENT[i] = (byte) i;
        }
        String from = "ACGTUMRWSYKVHDBN";
        String to   = "TGCAAKYWSRMBDHVN";
        for (int i = 0; i < from.length(); i++) {
            byte c = (byte) to.charAt(i);
            COMPLEMENT[from.charAt(i)] = c;
            COMPLEMENT[Character.toLowerCase(from.charAt(i))] = c;
        }
    }

    public static void main(String[] args) throws IOException {
        byte[] in = System.in.readAllBytes();
        int n = in.length;
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        byte[] buf = new byte[0];

        int i = 0;
        while (i < n) {
            // Header line (if the record has one), copied unchanged.
            if (in[i] == '>') {
                int h = i;
                while (h < n && in[h] != '\n') {
                    h++;
                }
                out.write(in, i, h - i);
                out.write('\n');
                i = h + 1;
            }

            // Gather the sequence in place, up to the next header or the end.
            int start = i;
            int w = i;
            boolean lineStart = true;
            while (i < n) {
                byte b = in[i];
                if (b == '\n') {
                    lineStart = true;
                } else if (lineStart && b == '>') {
                    break;
                } else {
                    lineStart = false;
                    if (b != '\r') {
                        in[w++] = b;
                    }
                }
                i++;
            }

            int len = w - start;
            int size = len + (len + LINE - 1) / LINE;
            if (buf.length < size) {
                buf = new byte[size];
            }
            int p = 0;
            int col = 0;
            for (int j = w - 1; j >= start; j--) {
                buf[p++] = COMPLEMENT[in[j] & 0xff];
                if (++col == LINE) {
                    buf[p++] = '\n';
                    col = 0;
                }
            }
            if (col != 0) {
                buf[p++] = '\n';
            }
            out.write(buf, 0, p);
        }
        out.flush();
    }
}
