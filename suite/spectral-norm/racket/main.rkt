#lang racket/base
;; spectral-norm (joulebench suite, written from SPEC.md).
;; Rules relied on: single-threaded; IEEE double (Racket CS flonums, flonum and
;; fixnum operations from racket/flonum and racket/fixnum; no fused
;; multiply-add), no fast-math; A(i, j) computed on the fly as the SPEC gives
;; it, sums over j in order. Vectors are flvectors. Standard library only.
(require racket/flonum racket/fixnum)

;; A(i, j) with 0-based indices; the integer part is exact.
(define-syntax-rule (eval-a i j)
  (let ([ij (fx+ i j)])
    (fl/ 1.0 (fx->fl (fx+ (fx+ (fxquotient (fx* ij (fx+ ij 1)) 2) i) 1)))))

;; out = A x
(define (mul-av! n x out)
  (for ([i (in-range n)])
    (flvector-set! out i
                   (for/fold ([sum 0.0]) ([j (in-range n)])
                     (fl+ sum (fl* (eval-a i j) (flvector-ref x j)))))))

;; out = At x
(define (mul-atv! n x out)
  (for ([i (in-range n)])
    (flvector-set! out i
                   (for/fold ([sum 0.0]) ([j (in-range n)])
                     (fl+ sum (fl* (eval-a j i) (flvector-ref x j)))))))

(define (mul-atav! n x out tmp)
  (mul-av! n x tmp)
  (mul-atv! n tmp out))

(module+ main
  (define args (current-command-line-arguments))
  (define n (if (> (vector-length args) 0) (string->number (vector-ref args 0)) 100))
  (define u (make-flvector n 1.0))
  (define v (make-flvector n 0.0))
  (define tmp (make-flvector n 0.0))
  (for ([_ (in-range 10)])
    (mul-atav! n u v tmp)
    (mul-atav! n v u tmp))
  (define-values (vbv vv)
    (for/fold ([vbv 0.0] [vv 0.0]) ([i (in-range n)])
      (let ([ui (flvector-ref u i)] [vi (flvector-ref v i)])
        (values (fl+ vbv (fl* ui vi)) (fl+ vv (fl* vi vi))))))
  (display (real->decimal-string (flsqrt (fl/ vbv vv)) 9))
  (newline))
