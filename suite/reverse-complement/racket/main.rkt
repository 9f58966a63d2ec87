#lang racket/base
;; reverse-complement (joulebench suite, written from SPEC.md).
;; Rules relied on: single-threaded; stdin read at once (port->bytes); each
;; record's sequence is walked from its end, complemented through a 256-byte
;; table straight into an output byte string with a newline every 60
;; characters, then written with one write-bytes per record. Fixnum
;; operations (racket/fixnum). Standard library only.
(require racket/fixnum racket/port)

(define WIDTH 60)

;; Complement table: byte c -> its complement (upper case), others unchanged.
(define table
  (let ([t (make-bytes 256)])
    (for ([i (in-range 256)]) (bytes-set! t i i))
    (for ([pair (in-list '("AT" "CG" "GC" "TA" "UA" "MK" "RY" "WW" "SS" "YR"
                           "KM" "VB" "HD" "DH" "BV" "NN"))])
      (define from (char->integer (string-ref pair 0)))
      (define to (char->integer (string-ref pair 1)))
      (bytes-set! t from to)
      (bytes-set! t (fx+ from 32) to))
    t))

;; Reverse complement of the sequence data[start, end) (lines separated by
;; newlines), 60 characters a line.
(define (reverse-complement data start end out)
  (define len
    (for/fold ([n 0]) ([i (in-range start end)])
      (if (fx= (bytes-ref data i) 10) n (fx+ n 1))))
  (define buf (make-bytes (fx+ len (fxquotient (fx+ len (fx- WIDTH 1)) WIDTH))))
  (let loop ([i (fx- end 1)] [j 0] [col 0])
    (when (fx>= i start)
      (let ([c (bytes-ref data i)])
        (cond
          [(fx= c 10) (loop (fx- i 1) j col)]
          [else
           (bytes-set! buf j (bytes-ref table c))
           (if (fx= col (fx- WIDTH 1))
               (begin
                 (bytes-set! buf (fx+ j 1) 10)
                 (loop (fx- i 1) (fx+ j 2) 0))
               (loop (fx- i 1) (fx+ j 1) (fx+ col 1)))]))))
  (unless (fx= (fxremainder len WIDTH) 0)
    (bytes-set! buf (fx- (bytes-length buf) 1) 10))
  (write-bytes buf out))

(define (find-byte data b from)
  (let loop ([i from])
    (cond
      [(fx>= i (bytes-length data)) #f]
      [(fx= (bytes-ref data i) b) i]
      [else (loop (fx+ i 1))])))

(module+ main
  (define out (current-output-port))
  (define data (port->bytes (current-input-port)))
  (define size (bytes-length data))
  ;; Records start with '>' at pos; the sequence runs to the next "\n>".
  (let loop ([pos (or (find-byte data 62 0) size)])
    (when (fx< pos size)
      (define header-end (let ([h (find-byte data 10 pos)]) (if h (fx+ h 1) size)))
      (define next
        (let scan ([i header-end])
          (cond
            [(fx>= i size) size]
            [(and (fx= (bytes-ref data i) 62) (fx= (bytes-ref data (fx- i 1)) 10)) i]
            [else (scan (fx+ i 1))])))
      (write-bytes data out pos header-end)
      (when (fx= header-end size) (unless (fx= (bytes-ref data (fx- size 1)) 10) (newline out)))
      (reverse-complement data header-end next out)
      (loop next)))
  (flush-output out))
