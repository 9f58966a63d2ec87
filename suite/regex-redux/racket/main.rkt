#lang racket/base
;; regex-redux (joulebench suite, written from SPEC.md).
;; Rules relied on: single-threaded; regular expressions: Racket's built-in
;; byte-regexps (byte-pregexp, the standard library's regexp matcher) on byte
;; strings. In Racket `.` also matches a newline unless in (?m: ...) mode, so
;; the SPEC's first pattern is written (?m:>.*\n|\n) to mean the same as in
;; PCRE. stdin read at once (port->bytes).
(require racket/port)

(define variants
  '("agggtaaa|tttaccct"
    "[cgt]gggtaaa|tttaccc[acg]"
    "a[act]ggtaaa|tttacc[agt]t"
    "ag[act]gtaaa|tttac[agt]ct"
    "agg[act]taaa|ttta[agt]cct"
    "aggg[acg]aaa|ttt[cgt]ccct"
    "agggt[cgt]aa|tt[acg]accct"
    "agggta[cgt]a|t[acg]taccct"
    "agggtaa[cgt]|[acg]ttaccct"))

;; (pattern . replacement); the replacements hold no & or \ escapes.
(define substitutions
  '(("tHa[Nt]" . "<4>")
    ("aND|caN|Ha[DS]|WaS" . "<3>")
    ("a[NSt]|BY" . "<2>")
    ("<[^>]*>" . "|")
    ("\\|[^|][^|]*\\|" . "-")))

(define (px s) (byte-pregexp (string->bytes/utf-8 s)))

(module+ main
  (define out (current-output-port))
  (define data (port->bytes (current-input-port)))
  (define seq (regexp-replace* (px "(?m:>.*\n|\n)") data #""))
  (for ([v (in-list variants)])
    (fprintf out "~a ~a\n" v (length (regexp-match-positions* (px v) seq))))
  (define final
    (for/fold ([s seq]) ([sub (in-list substitutions)])
      (regexp-replace* (px (car sub)) s (string->bytes/utf-8 (cdr sub)))))
  (fprintf out "\n~a\n~a\n~a\n" (bytes-length data) (bytes-length seq) (bytes-length final)))
