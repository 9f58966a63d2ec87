# k-nucleotide (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; every k-mer counted in the standard
# library's hash map (dict, via collections.defaultdict) for each k; stdin read
# at once from sys.stdin.buffer. Standard library only. Runs under CPython 3
# and PyPy 3.
import sys
from collections import defaultdict


def count_kmers(seq, k):
    counts = defaultdict(int)
    for i in range(len(seq) - k + 1):
        counts[seq[i:i + k]] += 1
    return counts


def main():
    data = sys.stdin.buffer.read()
    # The record whose header starts with ">THREE".
    start = data.find(b"\n>THREE")
    if start >= 0:
        start += 1
    elif data.startswith(b">THREE"):
        start = 0
    else:
        return
    body_start = data.find(b"\n", start)
    body_start = len(data) if body_start < 0 else body_start + 1
    end = data.find(b"\n>", body_start - 1)
    end = len(data) if end < 0 else end + 1
    seq = data[body_start:end].translate(None, b"\r\n").upper()

    out = []
    for k in (1, 2):
        counts = count_kmers(seq, k)
        total = len(seq) - k + 1
        for kmer, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append("%s %.3f\n" % (kmer.decode("latin-1"), 100.0 * c / total))
        out.append("\n")

    for kmer in ("GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT"):
        counts = count_kmers(seq, len(kmer))
        out.append("%d\t%s\n" % (counts.get(kmer.encode("latin-1"), 0), kmer))

    sys.stdout.write("".join(out))


main()
