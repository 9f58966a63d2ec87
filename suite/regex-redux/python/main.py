# regex-redux (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; regular expressions from Python's standard
# `re` module (on bytes); stdin read at once from sys.stdin.buffer. Runs under
# CPython 3 and PyPy 3.
import re
import sys

VARIANTS = (
    b"agggtaaa|tttaccct",
    b"[cgt]gggtaaa|tttaccc[acg]",
    b"a[act]ggtaaa|tttacc[agt]t",
    b"ag[act]gtaaa|tttac[agt]ct",
    b"agg[act]taaa|ttta[agt]cct",
    b"aggg[acg]aaa|ttt[cgt]ccct",
    b"agggt[cgt]aa|tt[acg]accct",
    b"agggta[cgt]a|t[acg]taccct",
    b"agggtaa[cgt]|[acg]ttaccct",
)

SUBSTITUTIONS = (
    (b"tHa[Nt]", b"<4>"),
    (b"aND|caN|Ha[DS]|WaS", b"<3>"),
    (b"a[NSt]|BY", b"<2>"),
    (b"<[^>]*>", b"|"),
    (b"\\|[^|][^|]*\\|", b"-"),
)


def main():
    data = sys.stdin.buffer.read()
    input_len = len(data)
    seq = re.sub(b">.*\n|\n", b"", data)
    clean_len = len(seq)

    out = []
    for pattern in VARIANTS:
        count = len(re.findall(pattern, seq))
        out.append("%s %d\n" % (pattern.decode("ascii"), count))

    for pattern, replacement in SUBSTITUTIONS:
        seq = re.sub(pattern, replacement, seq)

    out.append("\n%d\n%d\n%d\n" % (input_len, clean_len, len(seq)))
    sys.stdout.write("".join(out))


main()
