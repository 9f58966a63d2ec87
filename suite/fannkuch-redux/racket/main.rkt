#lang racket/base
;; fannkuch-redux (joulebench suite, written from SPEC.md).
;; Rules relied on: single-threaded; the SPEC's permutation order (count[] and
;; r, rotate perm1[0..r] left), flips counted on a copy of each permutation,
;; checksum sign by permutation index parity. fxvectors and fixnum operations
;; (racket/fixnum). Standard library only.
(require racket/fixnum)

(define (fannkuch n)
  (define perm1 (for/fxvector #:length n ([i (in-range n)]) i))
  (define perm (make-fxvector n 0))
  (define count (make-fxvector n 0))
  ;; While the first element k is not 0, reverse the first k + 1 elements.
  (define (flips)
    (for ([i (in-range n)]) (fxvector-set! perm i (fxvector-ref perm1 i)))
    (let loop ([f 0])
      (let ([k (fxvector-ref perm 0)])
        (if (fx= k 0)
            f
            (begin
              (let rev ([lo 0] [hi k])
                (when (fx< lo hi)
                  (let ([t (fxvector-ref perm lo)])
                    (fxvector-set! perm lo (fxvector-ref perm hi))
                    (fxvector-set! perm hi t)
                    (rev (fx+ lo 1) (fx- hi 1)))))
              (loop (fx+ f 1)))))))
  (let loop ([r n] [index 0] [checksum 0] [maxf 0])
    ;; 1. while r != 1: count[r-1] = r; r -= 1
    (let fill ([r r])
      (if (fx= r 1)
          ;; 2. flips of this permutation
          (let* ([f (flips)]
                 [maxf (if (fx> f maxf) f maxf)]
                 [checksum (if (fx= (fxand index 1) 0) (fx+ checksum f) (fx- checksum f))])
            ;; 3. next permutation
            (let next ([r r])
              (if (fx= r n)
                  (values checksum maxf)
                  (let ([p0 (fxvector-ref perm1 0)])
                    (for ([i (in-range r)])
                      (fxvector-set! perm1 i (fxvector-ref perm1 (fx+ i 1))))
                    (fxvector-set! perm1 r p0)
                    (let ([c (fx- (fxvector-ref count r) 1)])
                      (fxvector-set! count r c)
                      (if (fx> c 0)
                          (loop r (fx+ index 1) checksum maxf)
                          (next (fx+ r 1))))))))
          (begin
            (fxvector-set! count (fx- r 1) r)
            (fill (fx- r 1)))))))

(module+ main
  (define args (current-command-line-arguments))
  (define n (if (> (vector-length args) 0) (string->number (vector-ref args 0)) 7))
  (define-values (checksum maxf) (fannkuch n))
  (printf "~a\nPfannkuchen(~a) = ~a\n" checksum n maxf))
