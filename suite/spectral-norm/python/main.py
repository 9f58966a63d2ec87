# spectral-norm (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; IEEE double (Python float), A(i, j)
# computed on every use, sums accumulated left to right in explicit loops
# (no sum(), which is compensated from CPython 3.12 on); standard library only.
# Runs under CPython 3 and PyPy 3.
import sys
from math import sqrt


def mul_av(n, x, out):
    # out = A * x, A(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1)
    rng = range(n)
    for i in rng:
        s = 0.0
        i1 = i + 1
        ij = i
        for xj in x:
            s += 1.0 / (ij * (ij + 1) // 2 + i1) * xj
            ij += 1
        out[i] = s


def mul_atv(n, x, out):
    # out = A^T * x, using A(j, i) = 1 / ((i + j) * (i + j + 1) / 2 + j + 1)
    rng = range(n)
    for i in rng:
        s = 0.0
        ij = i
        j1 = 1
        for xj in x:
            s += 1.0 / (ij * (ij + 1) // 2 + j1) * xj
            ij += 1
            j1 += 1
        out[i] = s


def mul_atav(n, x, out, tmp):
    mul_av(n, x, tmp)
    mul_atv(n, tmp, out)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    u = [1.0] * n
    v = [0.0] * n
    tmp = [0.0] * n
    for _ in range(10):
        mul_atav(n, u, v, tmp)
        mul_atav(n, v, u, tmp)
    vbv = 0.0
    vv = 0.0
    for ui, vi in zip(u, v):
        vbv += ui * vi
        vv += vi * vi
    sys.stdout.write("%.9f\n" % sqrt(vbv / vv))


main()
