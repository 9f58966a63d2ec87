#lang racket/base
;; fasta (joulebench suite, written from SPEC.md).
;; Rules relied on: single-threaded; the SPEC's linear congruential generator
;; (seed 42) shared by both random records, cumulative probabilities summed in
;; table order in double, first entry greater than the draw; lines built in a
;; byte buffer of about 64 KiB written with write-bytes (no per-byte I/O).
;; Flonum and fixnum operations (racket/flonum, racket/fixnum).
;; Standard library only.
(require racket/flonum racket/fixnum)

(define WIDTH 60)
(define IM 139968)
(define IA 3877)
(define IC 29573)

(define ALU
  (string->bytes/latin-1
   (string-append
    "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC"
    "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG"
    "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG"
    "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA")))

(define out (current-output-port))

;; Output buffer: whole lines are added, flushed when it could overflow.
(define BUF-SIZE 65536)
(define buf (make-bytes BUF-SIZE))
(define pos 0)
(define (flush-buf!)
  (write-bytes buf out 0 pos)
  (set! pos 0))
(define (room! k)
  (when (fx> (fx+ pos k) BUF-SIZE) (flush-buf!)))

;; The ALU string repeated cyclically, total characters.
(define (repeat-fasta header total)
  (write-bytes header out)
  (define len (bytes-length ALU))
  (define ext (bytes-append ALU (subbytes ALU 0 WIDTH)))
  (let loop ([left total] [at 0])
    (when (fx> left 0)
      (define l (fxmin WIDTH left))
      (room! (fx+ l 1))
      (bytes-copy! buf pos ext at (fx+ at l))
      (bytes-set! buf (fx+ pos l) 10)
      (set! pos (fx+ pos (fx+ l 1)))
      (loop (fx- left l) (let ([a (fx+ at l)]) (if (fx>= a len) (fx- a len) a)))))
  (flush-buf!))

;; (char . probability) list -> bytes of characters and flvector of cumulative
;; probabilities (summed in order, in double).
(define (cumulative table)
  (define chars (apply bytes (map (lambda (p) (char->integer (car p))) table)))
  (define probs (make-flvector (length table)))
  (for/fold ([acc 0.0]) ([p (in-list table)] [i (in-naturals)])
    (let ([acc (fl+ acc (cdr p))])
      (flvector-set! probs i acc)
      acc))
  (values chars probs))

;; total random characters, 60 a line; returns the generator's seed.
(define (random-fasta header table total seed)
  (write-bytes header out)
  (define-values (chars probs) (cumulative table))
  (define last (fx- (bytes-length chars) 1))
  (define result
    (let loop ([left total] [seed seed])
      (if (fx> left 0)
          (let ([l (fxmin WIDTH left)])
            (room! (fx+ l 1))
            (let line ([k 0] [seed seed])
              (if (fx< k l)
                  (let* ([seed (fxmodulo (fx+ (fx* seed IA) IC) IM)]
                         [r (fl/ (fx->fl seed) (fx->fl IM))]
                         [c (let pick ([i 0])
                              (if (or (fx= i last) (fl> (flvector-ref probs i) r))
                                  (bytes-ref chars i)
                                  (pick (fx+ i 1))))])
                    (bytes-set! buf (fx+ pos k) c)
                    (line (fx+ k 1) seed))
                  (begin
                    (bytes-set! buf (fx+ pos l) 10)
                    (set! pos (fx+ pos (fx+ l 1)))
                    (loop (fx- left l) seed)))))
          seed)))
  (flush-buf!)
  result)

(module+ main
  (define args (current-command-line-arguments))
  (define n (if (> (vector-length args) 0) (string->number (vector-ref args 0)) 1000))
  (repeat-fasta #">ONE Homo sapiens alu\n" (* 2 n))
  (define seed
    (random-fasta #">TWO IUB ambiguity codes\n"
                  '((#\a . 0.27) (#\c . 0.12) (#\g . 0.12) (#\t . 0.27)
                    (#\B . 0.02) (#\D . 0.02) (#\H . 0.02) (#\K . 0.02)
                    (#\M . 0.02) (#\N . 0.02) (#\R . 0.02) (#\S . 0.02)
                    (#\V . 0.02) (#\W . 0.02) (#\Y . 0.02))
                  (* 3 n) 42))
  (void (random-fasta #">THREE Homo sapiens frequency\n"
                      '((#\a . 0.3029549426680) (#\c . 0.1979883004921)
                        (#\g . 0.1975473066391) (#\t . 0.3015094502008))
                      (* 5 n) seed))
  (flush-output out))
