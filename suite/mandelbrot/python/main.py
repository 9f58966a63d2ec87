# mandelbrot (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; IEEE double (Python float), cr and ci
# computed directly for each pixel, the SPEC's iteration in its order; binary
# PBM written in one piece to sys.stdout.buffer. Standard library only. Runs
# under CPython 3 and PyPy 3.
import sys


def mandelbrot(n):
    row_bytes = (n + 7) // 8
    image = bytearray(row_bytes * n)
    iterations = range(50)
    for y in range(n):
        ci = 2.0 * y / n - 1.0
        base = y * row_bytes
        for xb in range(0, n, 8):
            byte = 0
            for x in range(xb, xb + 8):
                byte <<= 1
                if x >= n:
                    continue  # row padding: zero bit
                cr = 2.0 * x / n - 1.5
                zr = zi = tr = ti = 0.0
                for _ in iterations:
                    if tr + ti > 4.0:
                        break
                    zi = 2.0 * zr * zi + ci
                    zr = tr - ti + cr
                    tr = zr * zr
                    ti = zi * zi
                if tr + ti <= 4.0:
                    byte |= 1
            image[base + (xb >> 3)] = byte
    return image


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    if n < 0:
        n = 0
    out = sys.stdout.buffer
    out.write(b"P4\n%d %d\n" % (n, n))
    out.write(mandelbrot(n))
    out.flush()


main()
