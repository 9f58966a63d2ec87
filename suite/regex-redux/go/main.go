// regex-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; regular expressions from Go's standard
// regexp package (RE2 syntax, linear-time engine); stdin read whole.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
)

var variants = []string{
	"agggtaaa|tttaccct",
	"[cgt]gggtaaa|tttaccc[acg]",
	"a[act]ggtaaa|tttacc[agt]t",
	"ag[act]gtaaa|tttac[agt]ct",
	"agg[act]taaa|ttta[agt]cct",
	"aggg[acg]aaa|ttt[cgt]ccct",
	"agggt[cgt]aa|tt[acg]accct",
	"agggta[cgt]a|t[acg]taccct",
	"agggtaa[cgt]|[acg]ttaccct",
}

var substitutions = []struct{ pattern, replacement string }{
	{"tHa[Nt]", "<4>"},
	{"aND|caN|Ha[DS]|WaS", "<3>"},
	{"a[NSt]|BY", "<2>"},
	{"<[^>]*>", "|"},
	{"\\|[^|][^|]*\\|", "-"},
}

// readAll reads f to its end, sizing the buffer up front when f is a
// regular file.
func readAll(f *os.File) ([]byte, error) {
	var buf bytes.Buffer
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		buf.Grow(int(fi.Size()) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(f)
	return buf.Bytes(), err
}

func main() {
	input, err := readAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	inputLen := len(input)

	seq := regexp.MustCompile(">.*\n|\n").ReplaceAllLiteral(input, nil)
	input = nil
	seqLen := len(seq)

	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, p := range variants {
		n := len(regexp.MustCompile(p).FindAllIndex(seq, -1))
		fmt.Fprintf(w, "%s %d\n", p, n)
	}

	for _, s := range substitutions {
		seq = regexp.MustCompile(s.pattern).ReplaceAllLiteral(seq, []byte(s.replacement))
	}
	fmt.Fprintf(w, "\n%d\n%d\n%d\n", inputLen, seqLen, len(seq))
}
