// spectral-norm (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; standard library only; IEEE float64, no FMA:
// each product added to a sum is wrapped in an explicit float64() conversion,
// which the Go spec defines as a rounding point that prevents fusion.
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
)

// a returns A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1), integer division in the
// first term, the reciprocal taken in double.
func a(i, j int) float64 {
	return 1.0 / float64((i+j)*(i+j+1)/2+i+1)
}

// mulA sets out = A x.
func mulA(x, out []float64) {
	n := len(x)
	for i := 0; i < n; i++ {
		sum := 0.0
		for j := 0; j < n; j++ {
			sum += float64(a(i, j) * x[j])
		}
		out[i] = sum
	}
}

// mulAt sets out = At x.
func mulAt(x, out []float64) {
	n := len(x)
	for i := 0; i < n; i++ {
		sum := 0.0
		for j := 0; j < n; j++ {
			sum += float64(a(j, i) * x[j])
		}
		out[i] = sum
	}
}

// mulAtA sets out = At(A(x)), using tmp for A(x).
func mulAtA(x, out, tmp []float64) {
	mulA(x, tmp)
	mulAt(tmp, out)
}

func main() {
	n := 100
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "usage: spectral-norm N")
			os.Exit(2)
		}
		n = v
	}
	u := make([]float64, n)
	v := make([]float64, n)
	tmp := make([]float64, n)
	for i := range u {
		u[i] = 1
	}
	for i := 0; i < 10; i++ {
		mulAtA(u, v, tmp)
		mulAtA(v, u, tmp)
	}
	var vBv, vv float64
	for i := 0; i < n; i++ {
		vBv += float64(u[i] * v[i])
		vv += float64(v[i] * v[i])
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "%.9f\n", math.Sqrt(vBv/vv))
}
