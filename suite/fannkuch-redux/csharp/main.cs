// fannkuch-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's permutation order (count
// array and rotation of the first r+1 elements) and flip counting on a copy.
// Standard library only.
using System;

static class Program
{
    static void Main(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 7;
        var perm1 = new int[n];
        var perm = new int[n];
        var count = new int[n];
        for (int i = 0; i < n; i++)
            perm1[i] = i;
        int r = n;
        int maxFlips = 0;
        int checksum = 0;
        long permIndex = 0;

        while (true)
        {
            while (r != 1)
            {
                count[r - 1] = r;
                r--;
            }

            Array.Copy(perm1, perm, n);
            int flips = 0;
            int k = perm[0];
            while (k != 0)
            {
                // reverse perm[0..k]
                for (int lo = 0, hi = k; lo < hi; lo++, hi--)
                {
                    int t = perm[lo];
                    perm[lo] = perm[hi];
                    perm[hi] = t;
                }
                flips++;
                k = perm[0];
            }
            if (flips > maxFlips)
                maxFlips = flips;
            if ((permIndex & 1) == 0)
                checksum += flips;
            else
                checksum -= flips;

            while (true)
            {
                if (r == n)
                {
                    Console.Out.Write(checksum + "\nPfannkuchen(" + n + ") = " + maxFlips + "\n");
                    return;
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
            permIndex++;
        }
    }
}
