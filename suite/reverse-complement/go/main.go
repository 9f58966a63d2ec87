// reverse-complement (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; standard library only; stdin read whole,
// each record's sequence joined, reverse-complemented in place through a
// 256-entry table, and written 60 characters a line via a bufio.Writer.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
)

const lineWidth = 60

var complement [256]byte

func init() {
	for i := range complement {
		complement[i] = byte(i)
	}
	pairs := "ATCGGCTAUAMKRYWWSSYRKMVBHDDHBVNN"
	for i := 0; i < len(pairs); i += 2 {
		from, to := pairs[i], pairs[i+1]
		complement[from] = to
		complement[from+('a'-'A')] = to
	}
}

// writeRecord joins the sequence lines of body (removing newlines, in place),
// reverse-complements them and writes the result, 60 characters a line.
func writeRecord(w *bufio.Writer, body []byte) {
	n := 0
	for _, c := range body {
		if c != '\n' {
			body[n] = c
			n++
		}
	}
	seq := body[:n]
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		seq[i], seq[j] = complement[seq[j]], complement[seq[i]]
	}
	if n&1 == 1 {
		seq[n/2] = complement[seq[n/2]]
	}
	for len(seq) > lineWidth {
		w.Write(seq[:lineWidth])
		w.WriteByte('\n')
		seq = seq[lineWidth:]
	}
	if len(seq) > 0 {
		w.Write(seq)
		w.WriteByte('\n')
	}
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
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer w.Flush()

	rest := input
	for len(rest) > 0 {
		// rest starts at a header line (or at stray text before the first one).
		var header []byte
		if rest[0] == '>' {
			nl := bytes.IndexByte(rest, '\n')
			if nl < 0 {
				w.Write(rest)
				w.WriteByte('\n')
				break
			}
			header, rest = rest[:nl+1], rest[nl+1:]
		}
		// The sequence runs up to the next line that starts with '>'.
		var body []byte
		if len(rest) > 0 && rest[0] != '>' {
			if end := bytes.Index(rest, []byte("\n>")); end < 0 {
				body, rest = rest, nil
			} else {
				body, rest = rest[:end+1], rest[end+1:]
			}
		}
		w.Write(header)
		writeRecord(w, body)
	}
}
