# binary-trees (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; every node is a separate heap object (a
# 2-tuple (left, right); a leaf is (None, None) built at run time, so each leaf
# is its own allocation rather than a shared constant); no pools or free lists
# written for the purpose; the interpreter's ordinary memory management.
# Standard library only. Runs under CPython 3 and PyPy 3.
import sys


def make(depth, none=None):
    if depth == 0:
        # Built from a local, not a literal: a (None, None) literal would be a
        # single shared constant.
        return (none, none)
    depth -= 1
    return (make(depth), make(depth))


def check(tree):
    left, right = tree
    if left is None:
        return 1
    return 1 + check(left) + check(right)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    min_depth = 4
    max_depth = max(min_depth + 2, n)
    out = []

    stretch = max_depth + 1
    out.append("stretch tree of depth %d\t check: %d\n" % (stretch, check(make(stretch))))

    long_lived = make(max_depth)

    for d in range(min_depth, max_depth + 1, 2):
        iterations = 1 << (max_depth - d + min_depth)
        total = 0
        for _ in range(iterations):
            total += check(make(d))
        out.append("%d\t trees of depth %d\t check: %d\n" % (iterations, d, total))

    out.append("long lived tree of depth %d\t check: %d\n" % (max_depth, check(long_lived)))
    sys.stdout.write("".join(out))


main()
