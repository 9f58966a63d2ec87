// fasta (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; standard library only; the SPEC's linear
// congruential generator and cumulative-probability lookup in float64;
// output through one large bufio.Writer.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

const lineWidth = 60

const alu = "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC" +
	"AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG" +
	"CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG" +
	"CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"

type freq struct {
	c byte
	p float64
}

var iub = []freq{
	{'a', 0.27}, {'c', 0.12}, {'g', 0.12}, {'t', 0.27},
	{'B', 0.02}, {'D', 0.02}, {'H', 0.02}, {'K', 0.02}, {'M', 0.02}, {'N', 0.02},
	{'R', 0.02}, {'S', 0.02}, {'V', 0.02}, {'W', 0.02}, {'Y', 0.02},
}

var homoSapiens = []freq{
	{'a', 0.3029549426680},
	{'c', 0.1979883004921},
	{'g', 0.1975473066391},
	{'t', 0.3015094502008},
}

const (
	im = 139968
	ia = 3877
	ic = 29573
)

var seed = 42

func random() float64 {
	seed = (seed*ia + ic) % im
	return float64(seed) / float64(im)
}

// repeatFasta writes n characters of s repeated cyclically, 60 a line.
func repeatFasta(w *bufio.Writer, header, s string, n int) {
	w.WriteString(header)
	// s twice, so that any line of up to len(s) characters is one slice.
	doubled := s + s
	pos := 0
	for n > 0 {
		l := lineWidth
		if n < l {
			l = n
		}
		if l <= len(s) {
			w.WriteString(doubled[pos : pos+l])
			pos += l
			if pos >= len(s) {
				pos -= len(s)
			}
		} else { // a line longer than s (not the case for ALU)
			for i := 0; i < l; i++ {
				w.WriteByte(s[pos])
				pos++
				if pos == len(s) {
					pos = 0
				}
			}
		}
		w.WriteByte('\n')
		n -= l
	}
}

// randomFasta writes n characters drawn from table, 60 a line.
func randomFasta(w *bufio.Writer, header string, table []freq, n int) {
	w.WriteString(header)
	chars := make([]byte, len(table))
	cum := make([]float64, len(table))
	acc := 0.0
	for i, f := range table {
		acc += f.p
		chars[i] = f.c
		cum[i] = acc
	}
	last := len(table) - 1
	line := make([]byte, lineWidth+1)
	for n > 0 {
		l := lineWidth
		if n < l {
			l = n
		}
		for i := 0; i < l; i++ {
			r := random()
			k := 0
			for k < last && cum[k] <= r {
				k++
			}
			line[i] = chars[k]
		}
		line[l] = '\n'
		w.Write(line[:l+1])
		n -= l
	}
}

func main() {
	n := 1000
	if len(os.Args) > 1 {
		v, err := strconv.Atoi(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "usage: fasta N")
			os.Exit(2)
		}
		n = v
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer w.Flush()
	repeatFasta(w, ">ONE Homo sapiens alu\n", alu, 2*n)
	randomFasta(w, ">TWO IUB ambiguity codes\n", iub, 3*n)
	randomFasta(w, ">THREE Homo sapiens frequency\n", homoSapiens, 5*n)
}
