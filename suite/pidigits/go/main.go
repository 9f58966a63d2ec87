// pidigits (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the step-by-step spigot of the SPEC with
// arbitrary-precision integers from Go's standard math/big (big.Int).
package main

import (
	"bufio"
	"fmt"
	"math/big"
	"os"
	"strconv"
)

func main() {
	n := 30
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "usage: pidigits N")
			os.Exit(2)
		}
		n = v
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()

	acc := big.NewInt(0)
	den := big.NewInt(1)
	num := big.NewInt(1)
	t1 := new(big.Int)
	t2 := new(big.Int)
	small := new(big.Int) // scratch for small multipliers
	three := big.NewInt(3)
	four := big.NewInt(4)
	ten := big.NewInt(10)

	line := make([]byte, 0, 10)
	k := int64(0)
	i := 0
	for i < n {
		k++
		k2 := 2*k + 1
		// acc += 2 * num; acc *= k2; den *= k2; num *= k
		t1.Lsh(num, 1)
		acc.Add(acc, t1)
		small.SetInt64(k2)
		acc.Mul(acc, small)
		den.Mul(den, small)
		small.SetInt64(k)
		num.Mul(num, small)

		if num.Cmp(acc) > 0 {
			continue
		}
		// d3 = (3 * num + acc) / den; d4 = (4 * num + acc) / den
		t1.Mul(num, three)
		t1.Add(t1, acc)
		t1.Quo(t1, den)
		t2.Mul(num, four)
		t2.Add(t2, acc)
		t2.Quo(t2, den)
		if t1.Cmp(t2) != 0 {
			continue
		}
		d := t1.Int64()
		line = append(line, byte('0'+d))
		i++
		if len(line) == 10 {
			w.Write(line)
			fmt.Fprintf(w, "\t:%d\n", i)
			line = line[:0]
		}
		// acc -= den * d3; acc *= 10; num *= 10
		t2.Mul(den, t1)
		acc.Sub(acc, t2)
		acc.Mul(acc, ten)
		num.Mul(num, ten)
	}
	if len(line) > 0 {
		w.Write(line)
		for j := len(line); j < 10; j++ {
			w.WriteByte(' ')
		}
		fmt.Fprintf(w, "\t:%d\n", n)
	}
}
