// k-nucleotide (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; standard library only; counts kept in
// Go's built-in map, keyed by the k-mer packed 2 bits a base into a uint64
// (k <= 32); stdin read through a large bufio.Reader.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"sort"
)

// code of each upper-case base; any other byte maps to 0.
var enc [256]uint64

const bases = "ACGT"

func init() {
	for i := 0; i < len(bases); i++ {
		enc[bases[i]] = uint64(i)
	}
}

// readThree returns the joined, upper-cased sequence of the record whose
// header starts with ">THREE".
func readThree(r io.Reader) []byte {
	br := bufio.NewReaderSize(r, 1<<16)
	seq := make([]byte, 0, 1<<16)
	in := false
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A line longer than the buffer: keep the part read, go on.
			if in {
				seq = append(seq, line...)
			}
			continue
		}
		if len(line) > 0 && line[0] == '>' {
			if in {
				break
			}
			in = bytes.HasPrefix(line, []byte(">THREE"))
		} else if in {
			if n := len(line); n > 0 && line[n-1] == '\n' {
				line = line[:n-1]
			}
			seq = append(seq, line...)
		}
		if err != nil {
			break
		}
	}
	for i, c := range seq {
		if 'a' <= c && c <= 'z' {
			seq[i] = c - ('a' - 'A')
		}
	}
	return seq
}

// count counts every k-length substring of seq.
func count(seq []byte, k int) map[uint64]int {
	m := make(map[uint64]int)
	if len(seq) < k {
		return m
	}
	mask := uint64(1)<<(2*uint(k)) - 1
	var code uint64
	for i := 0; i < k-1; i++ {
		code = code<<2 | enc[seq[i]]
	}
	for i := k - 1; i < len(seq); i++ {
		code = (code<<2 | enc[seq[i]]) & mask
		m[code]++
	}
	return m
}

func decode(code uint64, k int) string {
	b := make([]byte, k)
	for i := k - 1; i >= 0; i-- {
		b[i] = bases[code&3]
		code >>= 2
	}
	return string(b)
}

func encode(s string) uint64 {
	var code uint64
	for i := 0; i < len(s); i++ {
		code = code<<2 | enc[s[i]]
	}
	return code
}

type entry struct {
	kmer  string
	count int
}

func writeFrequencies(w *bufio.Writer, seq []byte, k int) {
	m := count(seq, k)
	entries := make([]entry, 0, len(m))
	total := 0
	for code, c := range m {
		entries = append(entries, entry{decode(code, k), c})
		total += c
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].count != entries[j].count {
			return entries[i].count > entries[j].count
		}
		return entries[i].kmer < entries[j].kmer
	})
	for _, e := range entries {
		fmt.Fprintf(w, "%s %.3f\n", e.kmer, 100*float64(e.count)/float64(total))
	}
	w.WriteByte('\n')
}

func main() {
	seq := readThree(os.Stdin)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	writeFrequencies(w, seq, 1)
	writeFrequencies(w, seq, 2)
	for _, s := range []string{"GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT"} {
		m := count(seq, len(s))
		fmt.Fprintf(w, "%d\t%s\n", m[encode(s)], s)
	}
}
