/* fannkuch-redux (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; permutations generated in the SPEC's order
 * (count/rotation scheme); no hand-written SIMD. Standard library only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXN 16

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 7;
    if (n < 1 || n > MAXN)
        return 1;
    int perm1[MAXN] = {0}, perm[MAXN], count[MAXN] = {0};
    for (int i = 0; i < n; i++)
        perm1[i] = i;
    int r = n;
    long perm_index = 0;
    long checksum = 0;
    int max_flips = 0;

    for (;;) {
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }

        /* count the flips of a copy of perm1 (whole fixed-size array copied) */
        memcpy(perm, perm1, sizeof perm);
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
        if (flips > max_flips)
            max_flips = flips;
        checksum += (perm_index & 1) == 0 ? flips : -flips;

        /* next permutation */
        for (;;) {
            if (r == n) {
                printf("%ld\nPfannkuchen(%d) = %d\n", checksum, n, max_flips);
                return 0;
            }
            int p0 = perm1[0];
            for (int i = 0; i < r; i++)
                perm1[i] = perm1[i + 1];
            perm1[r] = p0;
            count[r]--;
            if (count[r] > 0)
                break;
            r++;
        }
        perm_index++;
    }
}
