// mandelbrot (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; standard library only; IEEE float64, no
// FMA (the iteration has no multiply-add the compiler could fuse; the
// explicit float64() conversions make that certain on every platform);
// cr and ci computed directly for each pixel.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

func main() {
	n := 200
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "usage: mandelbrot N")
			os.Exit(2)
		}
		n = v
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer w.Flush()
	fmt.Fprintf(w, "P4\n%d %d\n", n, n)

	rowBytes := (n + 7) / 8
	row := make([]byte, rowBytes)
	fn := float64(n)
	for y := 0; y < n; y++ {
		ci := 2.0*float64(y)/fn - 1.0
		var bits byte
		for x := 0; x < n; x++ {
			cr := 2.0*float64(x)/fn - 1.5
			var zr, zi, tr, ti float64
			for i := 0; i < 50 && tr+ti <= 4.0; i++ {
				zi = float64(2.0*zr*zi) + ci
				zr = tr - ti + cr
				tr = zr * zr
				ti = zi * zi
			}
			bits <<= 1
			if tr+ti <= 4.0 {
				bits |= 1
			}
			if x&7 == 7 {
				row[x>>3] = bits
				bits = 0
			}
		}
		if n&7 != 0 {
			row[rowBytes-1] = bits << uint(8-n&7)
		}
		w.Write(row)
	}
}
