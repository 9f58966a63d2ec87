// fannkuch-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; permutations generated in the SPEC order
// (count/r rotation scheme); no extra libraries.

public class Main {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int[] perm1 = new int[n];
        int[] perm = new int[n];
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            perm1[i] = i;
        }
        int r = n;
        int permIndex = 0;
        int maxFlips = 0;
        int checksum = 0;

        outer:
        while (true) {
            while (r != 1) {
                count[r - 1] = r;
                r--;
            }

            // Copy perm1 and count its flips.
            System.arraycopy(perm1, 0, perm, 0, n);
            int flips = 0;
            int k = perm[0];
            while (k != 0) {
                for (int i = 0, j = k; i < j; i++, j--) {
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
                flips++;
                k = perm[0];
            }
            if (flips > maxFlips) {
                maxFlips = flips;
            }
            checksum += (permIndex & 1) == 0 ? flips : -flips;

            // Next permutation.
            while (true) {
                if (r == n) {
                    break outer;
                }
                int p0 = perm1[0];
                for (int i = 0; i < r; i++) {
                    perm1[i] = perm1[i + 1];
                }
                perm1[r] = p0;
                count[r]--;
                if (count[r] > 0) {
                    break;
                }
                r++;
            }
            permIndex++;
        }

        System.out.print(checksum + "\nPfannkuchen(" + n + ") = " + maxFlips + "\n");
        System.out.flush();
    }
}
