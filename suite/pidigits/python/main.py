# pidigits (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; the SPEC's step-by-step spigot with
# arbitrary-precision integers from Python's built-in int (no extra library);
# buffered output. Runs under CPython 3 and PyPy 3.
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    acc = 0
    den = 1
    num = 1
    k = 0
    i = 0
    out = []
    line = []
    while i < n:
        k += 1
        k2 = 2 * k + 1
        acc += 2 * num
        acc *= k2
        den *= k2
        num *= k
        if num > acc:
            continue
        d3 = (3 * num + acc) // den
        d4 = (4 * num + acc) // den
        if d3 != d4:
            continue
        line.append(chr(48 + d3))
        i += 1
        if len(line) == 10:
            out.append("%s\t:%d\n" % ("".join(line), i))
            line = []
        acc -= den * d3
        acc *= 10
        num *= 10
    if line:
        out.append("%-10s\t:%d\n" % ("".join(line), n))
    sys.stdout.write("".join(out))


main()
