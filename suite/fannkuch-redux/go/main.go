// fannkuch-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; standard library only; permutations in
// the SPEC's counting order, flips counted on a copy of each permutation.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

func fannkuch(n int) (checksum, maxFlips int) {
	perm1 := make([]int, n)
	perm := make([]int, n)
	count := make([]int, n)
	for i := range perm1 {
		perm1[i] = i
	}
	r := n
	permIndex := 0
	for {
		for ; r != 1; r-- {
			count[r-1] = r
		}

		// Count the flips of a copy of perm1.
		copy(perm, perm1)
		flips := 0
		for k := perm[0]; k != 0; k = perm[0] {
			for i, j := 0, k; i < j; i, j = i+1, j-1 {
				perm[i], perm[j] = perm[j], perm[i]
			}
			flips++
		}
		if flips > maxFlips {
			maxFlips = flips
		}
		if permIndex%2 == 0 {
			checksum += flips
		} else {
			checksum -= flips
		}

		// Next permutation.
		for {
			if r == n {
				return
			}
			p0 := perm1[0]
			for i := 0; i < r; i++ {
				perm1[i] = perm1[i+1]
			}
			perm1[r] = p0
			count[r]--
			if count[r] > 0 {
				break
			}
			r++
		}
		permIndex++
	}
}

func main() {
	n := 7
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil || v < 1 {
			fmt.Fprintln(os.Stderr, "usage: fannkuch-redux N")
			os.Exit(2)
		}
		n = v
	}
	checksum, maxFlips := fannkuch(n)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "%d\nPfannkuchen(%d) = %d\n", checksum, n, maxFlips)
}
