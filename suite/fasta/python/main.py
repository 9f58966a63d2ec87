# fasta (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; the SPEC's linear congruential generator
# (seed 42, one generator shared by both random records); cumulative
# probabilities summed in double, the first one greater than the draw chosen
# (found with bisect, the standard library's search of a sorted list; the last
# character if none is); output built in large byte chunks and written to
# sys.stdout.buffer. Standard library only. Runs under CPython 3 and PyPy 3.
import sys
from bisect import bisect_right

LINE = 60
IM = 139968
IA = 3877
IC = 29573
CHUNK_LINES = 4096  # lines per write

ALU = (b"GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC"
       b"AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG"
       b"CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG"
       b"CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA")

IUB = [(b"a", 0.27), (b"c", 0.12), (b"g", 0.12), (b"t", 0.27),
       (b"B", 0.02), (b"D", 0.02), (b"H", 0.02), (b"K", 0.02),
       (b"M", 0.02), (b"N", 0.02), (b"R", 0.02), (b"S", 0.02),
       (b"V", 0.02), (b"W", 0.02), (b"Y", 0.02)]

HOMO_SAPIENS = [(b"a", 0.3029549426680), (b"c", 0.1979883004921),
                (b"g", 0.1975473066391), (b"t", 0.3015094502008)]


def repeat_fasta(write, header, src, n):
    write(header)
    src_len = len(src)
    twice = src + src  # any 60-character window is contiguous
    pos = 0
    lines = []
    while n > 0:
        length = LINE if n > LINE else n
        lines.append(twice[pos:pos + length])
        pos += length
        if pos >= src_len:
            pos -= src_len
        n -= length
        if len(lines) == CHUNK_LINES:
            lines.append(b"")
            write(b"\n".join(lines))
            lines = []
    if lines:
        lines.append(b"")
        write(b"\n".join(lines))


def random_fasta(write, header, table, n, seed):
    # cumulative probabilities, added in table order
    cum = []
    acc = 0.0
    for _, p in table:
        acc += p
        cum.append(acc)
    # bisect_right gives the index of the first cumulative probability greater
    # than the draw; index len(table) (none greater) maps to the last character.
    chars = b"".join(c for c, _ in table) + table[-1][0]
    imf = float(IM)
    bisect = bisect_right

    write(header)
    buf = bytearray()
    append = buf.append
    lines = 0
    while n > 0:
        length = LINE if n > LINE else n
        for _ in range(length):
            seed = (seed * IA + IC) % IM
            append(chars[bisect(cum, seed / imf)])
        append(10)
        n -= length
        lines += 1
        if lines == CHUNK_LINES:
            write(buf)
            buf = bytearray()
            append = buf.append
            lines = 0
    if buf:
        write(buf)
    return seed


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    write = sys.stdout.buffer.write
    repeat_fasta(write, b">ONE Homo sapiens alu\n", ALU, 2 * n)
    seed = 42
    seed = random_fasta(write, b">TWO IUB ambiguity codes\n", IUB, 3 * n, seed)
    random_fasta(write, b">THREE Homo sapiens frequency\n", HOMO_SAPIENS, 5 * n, seed)
    sys.stdout.buffer.flush()


main()
