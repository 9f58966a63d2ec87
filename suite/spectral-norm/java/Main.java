// spectral-norm (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double, no FMA (Java never contracts
// a*b+c into an FMA); no extra libraries.
// Output rounding matches C printf("%.9f") (exact binary value, half-even).

import java.math.BigDecimal;
import java.math.RoundingMode;

public class Main {
    // A(i, j) with 0-based i, j; the first term uses integer division.
    static double a(int i, int j) {
        int ij = i + j;
        return 1.0 / (double) (ij * (ij + 1) / 2 + i + 1);
    }

    // out = A x
    static void multiplyA(double[] x, double[] out) {
        int n = x.length;
        for (int i = 0; i < n; i++) {
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                sum += a(i, j) * x[j];
            }
            out[i] = sum;
        }
    }

    // out = At x
    static void multiplyAt(double[] x, double[] out) {
        int n = x.length;
        for (int i = 0; i < n; i++) {
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                sum += a(j, i) * x[j];
            }
            out[i] = sum;
        }
    }

    // out = At (A x), tmp is scratch
    static void multiplyAtA(double[] x, double[] out, double[] tmp) {
        multiplyA(x, tmp);
        multiplyAt(tmp, out);
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        double[] u = new double[n];
        double[] v = new double[n];
        double[] tmp = new double[n];
        java.util.Arrays.fill(u, 1.0);
        for (int i = 0; i < 10; i++) {
            multiplyAtA(u, v, tmp);
            multiplyAtA(v, u, tmp);
        }
        double vBv = 0.0, vv = 0.0;
        for (int i = 0; i < n; i++) {
            vBv += u[i] * v[i];
            vv += v[i] * v[i];
        }
        double result = Math.sqrt(vBv / vv);
        String s = new BigDecimal(result).setScale(9, RoundingMode.HALF_EVEN).toPlainString();
        System.out.print(s + "\n");
        System.out.flush();
    }
}
