# fannkuch-redux (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; permutations generated in the SPEC's
# order with the count/r rotation scheme; flips counted on a copy; standard
# library only. Runs under CPython 3 and PyPy 3.
import sys


def fannkuch(n):
    perm1 = list(range(n))
    count = [0] * n
    r = n
    perm_index = 0
    max_flips = 0
    checksum = 0
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1

        # Count the flips of a copy of perm1.
        perm = perm1[:]
        flips = 0
        k = perm[0]
        while k:
            perm[:k + 1] = perm[k::-1]
            flips += 1
            k = perm[0]
        if flips > max_flips:
            max_flips = flips
        if perm_index & 1:
            checksum -= flips
        else:
            checksum += flips

        # Next permutation.
        while True:
            if r == n:
                return checksum, max_flips
            # shift perm1[0..r] one place left, p0 goes to perm1[r]
            perm1.insert(r, perm1.pop(0))
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        perm_index += 1


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    checksum, max_flips = fannkuch(n)
    sys.stdout.write("%d\nPfannkuchen(%d) = %d\n" % (checksum, n, max_flips))


main()
