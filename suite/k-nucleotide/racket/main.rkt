#lang racket/base
;; k-nucleotide (joulebench suite, written from SPEC.md).
;; Rules relied on: single-threaded; every k-mer (overlapping) counted in the
;; standard library's hash table (make-hasheqv, the count in a mutable box so
;; a k-mer already seen costs one lookup), a fresh table for each k, all
;; substrings counted for the five given k-mers too; as in the suite's C, Java
;; and Go programs the key is the k-mer packed 2 bits a base (A C G T = 0 1 2
;; 3, so key order is k-mer order) into a fixnum, rolled along the sequence;
;; stdin read at once (port->bytes). Standard library only.
(require racket/fixnum racket/port)

;; The record whose header starts with prefix, lines joined, upper-cased.
(define (sequence data prefix)
  (define size (bytes-length data))
  (define (find-from needle from)
    (define m (regexp-match-positions (byte-regexp (regexp-quote needle)) data from))
    (and m (caar m)))
  (define start
    (let ([p (bytes-length prefix)])
      (if (and (>= size p) (equal? (subbytes data 0 p) prefix))
          0
          (let ([at (find-from (bytes-append #"\n" prefix) 0)])
            (and at (+ at 1))))))
  (if (not start)
      #""
      (let* ([header-end (or (find-from #"\n" start) size)]
             [body-start (min size (+ header-end 1))]
             [body-end (or (find-from #"\n>" header-end) size)]
             [seq (make-bytes (- body-end body-start))])
        (let loop ([i body-start] [j 0])
          (if (fx< i body-end)
              (let ([c (bytes-ref data i)])
                (cond
                  [(or (fx= c 10) (fx= c 13)) (loop (fx+ i 1) j)]
                  [(and (fx>= c 97) (fx<= c 122))
                   (bytes-set! seq j (fx- c 32))
                   (loop (fx+ i 1) (fx+ j 1))]
                  [else (bytes-set! seq j c) (loop (fx+ i 1) (fx+ j 1))]))
              (subbytes seq 0 j))))))

;; A C G T -> 0 1 2 3 (the THREE record holds only these).
(define (base-code c)
  (case c [(65) 0] [(67) 1] [(71) 2] [(84) 3] [else 0]))

(define (encode kmer)
  (for/fold ([key 0]) ([c (in-bytes kmer)])
    (fxior (fxlshift key 2) (base-code c))))

(define (decode key k)
  (define s (make-bytes k))
  (for/fold ([key key]) ([i (in-range (fx- k 1) -1 -1)])
    (bytes-set! s i (bytes-ref #"ACGT" (fxand key 3)))
    (fxrshift key 2))
  s)

;; The sequence as base codes, one byte each.
(define (apply-codes seq)
  (define codes (make-bytes (bytes-length seq)))
  (for ([c (in-bytes seq)] [i (in-naturals)])
    (bytes-set! codes i (base-code c)))
  codes)

;; Hash table from each k-length substring (its packed key) to a box holding
;; its count.
(define (count-all codes k)
  (define table (make-hasheqv))
  (define n (bytes-length codes))
  (define mask (fx- (fxlshift 1 (fx* 2 k)) 1))
  (when (fx>= n k)
    (let loop ([i 0] [key 0])
      (when (fx< i n)
        (let ([key (fxand (fxior (fxlshift key 2) (bytes-ref codes i)) mask)])
          (when (fx>= i (fx- k 1))
            (let ([b (hash-ref table key #f)])
              (if b
                  (set-box! b (fx+ (unbox b) 1))
                  (hash-set! table key (box 1)))))
          (loop (fx+ i 1) key)))))
  table)

(define (frequencies codes k out)
  (define total (+ (- (bytes-length codes) k) 1))
  (define sorted
    (sort (for/list ([(key b) (in-hash (count-all codes k))]) (cons key (unbox b)))
          (lambda (a b)
            (or (> (cdr a) (cdr b))
                (and (= (cdr a) (cdr b)) (< (car a) (car b)))))))
  (for ([kv (in-list sorted)])
    (write-bytes (decode (car kv) k) out)
    (write-string " " out)
    (write-string (real->decimal-string (/ (* 100.0 (cdr kv)) total) 3) out)
    (newline out))
  (newline out))

(module+ main
  (define out (current-output-port))
  (define seq (sequence (port->bytes (current-input-port)) #">THREE"))
  (define codes (apply-codes seq))
  (frequencies codes 1 out)
  (frequencies codes 2 out)
  (for ([kmer (in-list '(#"GGT" #"GGTA" #"GGTATT" #"GGTATTTTAATT" #"GGTATTTTAATTTATAGT"))])
    (define b (hash-ref (count-all codes (bytes-length kmer)) (encode kmer) #f))
    (define count (if b (unbox b) 0))
    (write-string (number->string count) out)
    (write-string "\t" out)
    (write-bytes kmer out)
    (newline out)))
