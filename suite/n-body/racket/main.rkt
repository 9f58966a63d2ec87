#lang racket/base
;; n-body (joulebench suite, written from SPEC.md).
;; Rules relied on: single-threaded; IEEE double (Racket CS flonums, flonum
;; operations from racket/flonum; no fused multiply-add), no fast-math; the
;; pair loop in SPEC order (i outer, j inner), products evaluated as written,
;; (d * m) * mag. Body state in flvectors (unboxed doubles).
;; Standard library only.
(require racket/flonum racket/fixnum)

(define PI 3.141592653589793)
(define SOLAR-MASS (fl* (fl* 4.0 PI) PI))
(define DAYS-PER-YEAR 365.24)
(define DT 0.01)

;; (x y z vx vy vz mass) per body: Sun, Jupiter, Saturn, Uranus, Neptune.
(define initial
  '((0.0 0.0 0.0 0.0 0.0 0.0 1.0)
    (4.84143144246472090e+00 -1.16032004402742839e+00 -1.03622044471123109e-01
     1.66007664274403694e-03 7.69901118419740425e-03 -6.90460016972063023e-05
     9.54791938424326609e-04)
    (8.34336671824457987e+00 4.12479856412430479e+00 -4.03523417114321381e-01
     -2.76742510726862411e-03 4.99852801234917238e-03 2.30417297573763929e-05
     2.85885980666130812e-04)
    (1.28943695621391310e+01 -1.51111514016986312e+01 -2.23307578892655734e-01
     2.96460137564761618e-03 2.37847173959480950e-03 -2.96589568540237556e-05
     4.36624404335156298e-05)
    (1.53796971148509165e+01 -2.59193146099879641e+01 1.79258772950371181e-01
     2.68067772490389322e-03 1.62824170038242295e-03 -9.51592254519715870e-05
     5.15138902046611451e-05)))

(define n-bodies (length initial))
(define (column k) (apply flvector (map (lambda (b) (list-ref b k)) initial)))
(define xs (column 0))
(define ys (column 1))
(define zs (column 2))
(define vxs (column 3))
(define vys (column 4))
(define vzs (column 5))
(define ms (column 6))

(define (scale-units!)
  (for ([i (in-range n-bodies)])
    (flvector-set! vxs i (fl* (flvector-ref vxs i) DAYS-PER-YEAR))
    (flvector-set! vys i (fl* (flvector-ref vys i) DAYS-PER-YEAR))
    (flvector-set! vzs i (fl* (flvector-ref vzs i) DAYS-PER-YEAR))
    (flvector-set! ms i (fl* (flvector-ref ms i) SOLAR-MASS))))

(define (offset-momentum!)
  (let loop ([i 0] [px 0.0] [py 0.0] [pz 0.0])
    (if (fx< i n-bodies)
        (let ([m (flvector-ref ms i)])
          (loop (fx+ i 1)
                (fl+ px (fl* (flvector-ref vxs i) m))
                (fl+ py (fl* (flvector-ref vys i) m))
                (fl+ pz (fl* (flvector-ref vzs i) m))))
        (begin
          (flvector-set! vxs 0 (fl/ (fl- 0.0 px) SOLAR-MASS))
          (flvector-set! vys 0 (fl/ (fl- 0.0 py) SOLAR-MASS))
          (flvector-set! vzs 0 (fl/ (fl- 0.0 pz) SOLAR-MASS))))))

;; Kinetic energy of each body, then minus its pairs with the later bodies.
(define (energy)
  (for/fold ([e 0.0]) ([i (in-range n-bodies)])
    (let* ([vx (flvector-ref vxs i)] [vy (flvector-ref vys i)] [vz (flvector-ref vzs i)]
           [mi (flvector-ref ms i)]
           [e (fl+ e (fl* (fl* 0.5 mi) (fl+ (fl+ (fl* vx vx) (fl* vy vy)) (fl* vz vz))))])
      (for/fold ([e e]) ([j (in-range (fx+ i 1) n-bodies)])
        (let ([dx (fl- (flvector-ref xs i) (flvector-ref xs j))]
              [dy (fl- (flvector-ref ys i) (flvector-ref ys j))]
              [dz (fl- (flvector-ref zs i) (flvector-ref zs j))])
          (fl- e (fl/ (fl* mi (flvector-ref ms j))
                      (flsqrt (fl+ (fl+ (fl* dx dx) (fl* dy dy)) (fl* dz dz))))))))))

(define (advance!)
  (let iloop ([i 0])
    (when (fx< i n-bodies)
      (let ([xi (flvector-ref xs i)] [yi (flvector-ref ys i)] [zi (flvector-ref zs i)]
            [mi (flvector-ref ms i)])
        (let jloop ([j (fx+ i 1)]
                    [vxi (flvector-ref vxs i)] [vyi (flvector-ref vys i)] [vzi (flvector-ref vzs i)])
          (if (fx< j n-bodies)
              (let* ([dx (fl- xi (flvector-ref xs j))]
                     [dy (fl- yi (flvector-ref ys j))]
                     [dz (fl- zi (flvector-ref zs j))]
                     [d2 (fl+ (fl+ (fl* dx dx) (fl* dy dy)) (fl* dz dz))]
                     [mag (fl/ DT (fl* d2 (flsqrt d2)))]
                     [mj (flvector-ref ms j)])
                (flvector-set! vxs j (fl+ (flvector-ref vxs j) (fl* (fl* dx mi) mag)))
                (flvector-set! vys j (fl+ (flvector-ref vys j) (fl* (fl* dy mi) mag)))
                (flvector-set! vzs j (fl+ (flvector-ref vzs j) (fl* (fl* dz mi) mag)))
                (jloop (fx+ j 1)
                       (fl- vxi (fl* (fl* dx mj) mag))
                       (fl- vyi (fl* (fl* dy mj) mag))
                       (fl- vzi (fl* (fl* dz mj) mag))))
              (begin
                (flvector-set! vxs i vxi)
                (flvector-set! vys i vyi)
                (flvector-set! vzs i vzi)))))
      (iloop (fx+ i 1))))
  (for ([i (in-range n-bodies)])
    (flvector-set! xs i (fl+ (flvector-ref xs i) (fl* DT (flvector-ref vxs i))))
    (flvector-set! ys i (fl+ (flvector-ref ys i) (fl* DT (flvector-ref vys i))))
    (flvector-set! zs i (fl+ (flvector-ref zs i) (fl* DT (flvector-ref vzs i))))))

(module+ main
  (define args (current-command-line-arguments))
  (define n (if (> (vector-length args) 0) (string->number (vector-ref args 0)) 1000))
  (scale-units!)
  (offset-momentum!)
  (define out (current-output-port))
  (display (real->decimal-string (energy) 9) out)
  (newline out)
  (for ([_ (in-range n)]) (advance!))
  (display (real->decimal-string (energy) 9) out)
  (newline out))
