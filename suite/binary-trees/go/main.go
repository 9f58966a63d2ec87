// binary-trees (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; standard library only; every node is its
// own heap allocation (&node{}), reclaimed by Go's ordinary garbage collector;
// no pools or arenas.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

type node struct {
	left, right *node
}

func makeTree(d int) *node {
	if d == 0 {
		return &node{}
	}
	return &node{left: makeTree(d - 1), right: makeTree(d - 1)}
}

func (t *node) check() int {
	if t.left == nil {
		return 1
	}
	return 1 + t.left.check() + t.right.check()
}

func main() {
	n := 10
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "usage: binary-trees DEPTH")
			os.Exit(2)
		}
		n = v
	}
	const minDepth = 4
	maxDepth := n
	if minDepth+2 > maxDepth {
		maxDepth = minDepth + 2
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()

	stretch := maxDepth + 1
	fmt.Fprintf(w, "stretch tree of depth %d\t check: %d\n", stretch, makeTree(stretch).check())

	longLived := makeTree(maxDepth)

	for d := minDepth; d <= maxDepth; d += 2 {
		iterations := 1 << uint(maxDepth-d+minDepth)
		sum := 0
		for i := 0; i < iterations; i++ {
			sum += makeTree(d).check()
		}
		fmt.Fprintf(w, "%d\t trees of depth %d\t check: %d\n", iterations, d, sum)
	}

	fmt.Fprintf(w, "long lived tree of depth %d\t check: %d\n", maxDepth, longLived.check())
}
