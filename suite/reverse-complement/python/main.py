# reverse-complement (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; complement by a 256-entry bytes.translate
# table (upper or lower case in, upper case out), reversal by slicing; stdin
# read at once from sys.stdin.buffer; output written in large chunks.
# Standard library only. Runs under CPython 3 and PyPy 3.
import sys

LINE = 60

COMPLEMENT = bytes.maketrans(
    b"ACGTUMRWSYKVHDBN" b"acgtumrwsykvhdbn",
    b"TGCAAKYWSRMBDHVN" b"TGCAAKYWSRMBDHVN",
)


def main():
    data = sys.stdin.buffer.read()
    write = sys.stdout.buffer.write
    pos = data.find(b">")
    if pos < 0:
        return
    n = len(data)
    while pos < n:
        header_end = data.find(b"\n", pos)
        if header_end < 0:
            write(data[pos:] + b"\n")
            break
        next_rec = data.find(b">", header_end)
        if next_rec < 0:
            next_rec = n
        # header line unchanged (with its newline)
        write(data[pos:header_end + 1])
        # complement and drop newlines in one pass, then reverse
        seq = data[header_end + 1:next_rec].translate(COMPLEMENT, b"\n")[::-1]
        if seq:
            lines = [seq[i:i + LINE] for i in range(0, len(seq), LINE)]
            lines.append(b"")
            write(b"\n".join(lines))
        pos = next_rec
    sys.stdout.buffer.flush()


main()
