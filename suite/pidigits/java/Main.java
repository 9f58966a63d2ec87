// pidigits (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the step-by-step spigot exactly as in
// SPEC.md; arbitrary precision via java.math.BigInteger (the standard library).

import java.math.BigInteger;

public class Main {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        BigInteger acc = BigInteger.ZERO;
        BigInteger den = BigInteger.ONE;
        BigInteger num = BigInteger.ONE;
        final BigInteger three = BigInteger.valueOf(3);
        final BigInteger four = BigInteger.valueOf(4);
        long k = 0;
        int i = 0;
        StringBuilder out = new StringBuilder(n + n / 10 * 12 + 32);
        char[] line = new char[10];
        int col = 0;

        while (i < n) {
            k++;
            BigInteger k2 = BigInteger.valueOf(2 * k + 1);
            acc = acc.add(num.shiftLeft(1)).multiply(k2);
            den = den.multiply(k2);
            num = num.multiply(BigInteger.valueOf(k));
            if (num.compareTo(acc) > 0) {
                continue;
            }
            BigInteger d3 = num.multiply(three).add(acc).divide(den);
            BigInteger d4 = num.multiply(four).add(acc).divide(den);
            if (!d3.equals(d4)) {
                continue;
            }
            int digit = d3.intValue();
            line[col++] = (char) ('0' + digit);
            i++;
            if (col == 10) {
                out.append(line, 0, 10).append("\t:").append(i).append('\n');
                col = 0;
            }
            acc = acc.subtract(den.multiply(d3)).multiply(BigInteger.TEN);
            num = num.multiply(BigInteger.TEN);
        }
        if (col > 0) {
            out.append(line, 0, col);
            for (int p = col; p < 10; p++) {
                out.append(' ');
            }
            out.append("\t:").append(n).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }
}
