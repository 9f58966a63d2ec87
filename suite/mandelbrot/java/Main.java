// mandelbrot (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double, no FMA (Java never contracts
// a*b+c into an FMA); cr/ci computed directly per pixel; no extra libraries.

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public class Main {
    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        int rowBytes = (n + 7) / 8;
        byte[] header = ("P4\n" + n + " " + n + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] image = new byte[header.length + rowBytes * n];
        System.arraycopy(header, 0, image, 0, header.length);
        int pos = header.length;

        for (int y = 0; y < n; y++) {
            double ci = 2.0 * y / n - 1.0;
            int bits = 0;
            for (int x = 0; x < n; x++) {
                double cr = 2.0 * x / n - 1.5;
                double zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
                for (int i = 0; i < 50 && tr + ti <= 4.0; i++) {
                    zi = 2.0 * zr * zi + ci;
                    zr = tr - ti + cr;
                    tr = zr * zr;
                    ti = zi * zi;
                }
                bits <<= 1;
                if (tr + ti <= 4.0) {
                    bits |= 1;
                }
                if ((x & 7) == 7) {
                    image[pos++] = (byte) bits;
                    bits = 0;
                }
            }
            if ((n & 7) != 0) {
                image[pos++] = (byte) (bits << (8 - (n & 7)));
            }
        }

        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        out.write(image, 0, pos);
        out.flush();
    }
}
