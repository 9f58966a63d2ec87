#lang racket/base
;; mandelbrot (joulebench suite, written from SPEC.md).
;; Rules relied on: single-threaded; IEEE double (Racket CS flonums, flonum and
;; fixnum operations from racket/flonum and racket/fixnum; no fused
;; multiply-add), no fast-math; cr and ci computed directly for each pixel, at
;; most 50 iterations with the SPEC's escape test; binary PBM, each row packed
;; into a byte string and written with one write-bytes. Standard library only.
(require racket/flonum racket/fixnum)

;; 1 if the point stays bounded for 50 iterations, else 0.
(define (pixel cr ci)
  (let loop ([i 0] [zr 0.0] [zi 0.0] [tr 0.0] [ti 0.0])
    (if (and (fx< i 50) (fl<= (fl+ tr ti) 4.0))
        (let* ([zi (fl+ (fl* (fl* 2.0 zr) zi) ci)]
               [zr (fl+ (fl- tr ti) cr)])
          (loop (fx+ i 1) zr zi (fl* zr zr) (fl* zi zi)))
        (if (fl<= (fl+ tr ti) 4.0) 1 0))))

(module+ main
  (define args (current-command-line-arguments))
  (define n (if (> (vector-length args) 0) (string->number (vector-ref args 0)) 200))
  (define out (current-output-port))
  (fprintf out "P4\n~a ~a\n" n n)
  (define row-bytes (fxquotient (fx+ n 7) 8))
  (define row (make-bytes row-bytes 0))
  (define fn (fx->fl n))
  (for ([y (in-range n)])
    (define ci (fl- (fl/ (fl* 2.0 (fx->fl y)) fn) 1.0))
    (let loop ([x 0] [byte 0])
      (if (fx< x n)
          (let* ([cr (fl- (fl/ (fl* 2.0 (fx->fl x)) fn) 1.5)]
                 [byte (fxior (fxlshift byte 1) (pixel cr ci))])
            (if (fx= (fxand x 7) 7)
                (begin
                  (bytes-set! row (fxrshift x 3) byte)
                  (loop (fx+ x 1) 0))
                (loop (fx+ x 1) byte)))
          (let ([rem (fxand n 7)])
            (unless (fx= rem 0)
              (bytes-set! row (fx- row-bytes 1) (fxlshift byte (fx- 8 rem)))))))
    (write-bytes row out))
  (flush-output out))
