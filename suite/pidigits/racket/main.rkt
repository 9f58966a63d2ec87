#lang racket/base
;; pidigits (joulebench suite, written from SPEC.md).
;; Rules relied on: single-threaded; the SPEC's step-by-step spigot with
;; arbitrary-precision integers: Racket's built-in exact integers (Racket CS /
;; Chez Scheme bignums, no extra library); output through the buffered
;; standard output port.

(define (pidigits n out)
  (let loop ([i 0] [k 0] [acc 0] [den 1] [num 1])
    (when (< i n)
      (let* ([k (+ k 1)]
             [k2 (+ (* 2 k) 1)]
             [acc (* (+ acc (* 2 num)) k2)]
             [den (* den k2)]
             [num (* num k)])
        (if (> num acc)
            (loop i k acc den num)
            (let ([d3 (quotient (+ (* 3 num) acc) den)]
                  [d4 (quotient (+ (* 4 num) acc) den)])
              (if (not (= d3 d4))
                  (loop i k acc den num)
                  (let ([i (+ i 1)])
                    (write-char (integer->char (+ 48 d3)) out)
                    (cond
                      [(= (remainder i 10) 0) (fprintf out "\t:~a\n" i)]
                      [(= i n)
                       (write-string (make-string (- 10 (remainder i 10)) #\space) out)
                       (fprintf out "\t:~a\n" i)])
                    (loop i k (* (- acc (* den d3)) 10) den (* num 10))))))))))

(module+ main
  (define args (current-command-line-arguments))
  (define n (if (> (vector-length args) 0) (string->number (vector-ref args 0)) 30))
  (pidigits n (current-output-port)))
