#lang racket/base
;; binary-trees (joulebench suite, written from SPEC.md).
;; Rules relied on: single-threaded; every node, leaves included, is its own
;; heap-allocated struct (a leaf is a node with #f children); memory is Racket
;; CS's ordinary garbage collector, no pools. Standard library only.
(require racket/fixnum)

(struct node (left right))

(define (make d)
  (if (fx= d 0)
      (node #f #f)
      (node (make (fx- d 1)) (make (fx- d 1)))))

(define (check t)
  (if (node-left t)
      (fx+ (fx+ 1 (check (node-left t))) (check (node-right t)))
      1))

(define min-depth 4)

(module+ main
  (define args (current-command-line-arguments))
  (define n (if (> (vector-length args) 0) (string->number (vector-ref args 0)) 10))
  (define max-depth (max (+ min-depth 2) n))
  (define stretch (+ max-depth 1))
  (printf "stretch tree of depth ~a\t check: ~a\n" stretch (check (make stretch)))
  (define long-lived (make max-depth))
  (for ([d (in-range min-depth (+ max-depth 1) 2)])
    (define iterations (arithmetic-shift 1 (+ (- max-depth d) min-depth)))
    (define sum
      (for/fold ([sum 0]) ([_ (in-range iterations)])
        (fx+ sum (check (make d)))))
    (printf "~a\t trees of depth ~a\t check: ~a\n" iterations d sum))
  (printf "long lived tree of depth ~a\t check: ~a\n" max-depth (check long-lived)))
