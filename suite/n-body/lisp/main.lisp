;;;; n-body (joulebench suite, written from SPEC.md).
;;;; Rules relied on: single-threaded; IEEE double-float arithmetic only (SBCL
;;;; emits no fused multiply-add, no fast-math); no hand-written SIMD.
;;;; Speed as SBCL users write it: (optimize (speed 3) (safety 0)), a struct
;;;; with unboxed double-float slots, declared types. Standard library only.
;;;; The energy is printed rounded from its exact binary value (half-even),
;;;; as C's printf("%.9f") does.

(declaim (optimize (speed 3) (safety 0) (debug 0)))

(defconstant +pi+ 3.141592653589793d0)
(defconstant +solar-mass+ (* 4d0 +pi+ +pi+))
(defconstant +days-per-year+ 365.24d0)

(defstruct (body (:constructor make-body (x y z vx vy vz mass)))
  (x 0d0 :type double-float)
  (y 0d0 :type double-float)
  (z 0d0 :type double-float)
  (vx 0d0 :type double-float)
  (vy 0d0 :type double-float)
  (vz 0d0 :type double-float)
  (mass 0d0 :type double-float))

(defun make-system ()
  (let ((bodies
          (vector
           ;; Sun
           (make-body 0d0 0d0 0d0 0d0 0d0 0d0 1d0)
           ;; Jupiter
           (make-body 4.84143144246472090d+00 -1.16032004402742839d+00
                      -1.03622044471123109d-01 1.66007664274403694d-03
                      7.69901118419740425d-03 -6.90460016972063023d-05
                      9.54791938424326609d-04)
           ;; Saturn
           (make-body 8.34336671824457987d+00 4.12479856412430479d+00
                      -4.03523417114321381d-01 -2.76742510726862411d-03
                      4.99852801234917238d-03 2.30417297573763929d-05
                      2.85885980666130812d-04)
           ;; Uranus
           (make-body 1.28943695621391310d+01 -1.51111514016986312d+01
                      -2.23307578892655734d-01 2.96460137564761618d-03
                      2.37847173959480950d-03 -2.96589568540237556d-05
                      4.36624404335156298d-05)
           ;; Neptune
           (make-body 1.53796971148509165d+01 -2.59193146099879641d+01
                      1.79258772950371181d-01 2.68067772490389322d-03
                      1.62824170038242295d-03 -9.51592254519715870d-05
                      5.15138902046611451d-05))))
    (loop for b across bodies
          do (setf (body-vx b) (* (body-vx b) +days-per-year+)
                   (body-vy b) (* (body-vy b) +days-per-year+)
                   (body-vz b) (* (body-vz b) +days-per-year+)
                   (body-mass b) (* (body-mass b) +solar-mass+)))
    bodies))

(defun offset-momentum (bodies)
  (declare (type simple-vector bodies))
  (let ((px 0d0) (py 0d0) (pz 0d0))
    (declare (type double-float px py pz))
    (loop for b of-type body across bodies
          do (incf px (* (body-vx b) (body-mass b)))
             (incf py (* (body-vy b) (body-mass b)))
             (incf pz (* (body-vz b) (body-mass b))))
    (let ((sun (svref bodies 0)))
      (declare (type body sun))
      (setf (body-vx sun) (/ (- px) +solar-mass+)
            (body-vy sun) (/ (- py) +solar-mass+)
            (body-vz sun) (/ (- pz) +solar-mass+)))))

(defun energy (bodies)
  (declare (type simple-vector bodies))
  (let ((e 0d0)
        (n (length bodies)))
    (declare (type double-float e) (type fixnum n))
    (dotimes (i n)
      (let ((bi (svref bodies i)))
        (declare (type body bi))
        (incf e (* 0.5d0 (body-mass bi)
                   (+ (* (body-vx bi) (body-vx bi))
                      (* (body-vy bi) (body-vy bi))
                      (* (body-vz bi) (body-vz bi)))))
        (loop for j of-type fixnum from (1+ i) below n
              do (let* ((bj (svref bodies j))
                        (dx (- (body-x bi) (body-x bj)))
                        (dy (- (body-y bi) (body-y bj)))
                        (dz (- (body-z bi) (body-z bj)))
                        (d2 (+ (* dx dx) (* dy dy) (* dz dz))))
                   (declare (type body bj) (type double-float dx dy dz d2))
                   (decf e (/ (* (body-mass bi) (body-mass bj))
                              (sqrt (the (double-float 0d0) d2))))))))
    e))

(declaim (inline advance))
(defun advance (bodies dt)
  (declare (type simple-vector bodies) (type double-float dt))
  (let ((n (length bodies)))
    (declare (type fixnum n))
    (dotimes (i n)
      (let ((bi (svref bodies i)))
        (declare (type body bi))
        (loop for j of-type fixnum from (1+ i) below n
              do (let* ((bj (svref bodies j))
                        (dx (- (body-x bi) (body-x bj)))
                        (dy (- (body-y bi) (body-y bj)))
                        (dz (- (body-z bi) (body-z bj)))
                        (d2 (+ (* dx dx) (* dy dy) (* dz dz)))
                        (mag (/ dt (* d2 (sqrt (the (double-float 0d0) d2)))))
                        (mi (body-mass bi))
                        (mj (body-mass bj)))
                   (declare (type body bj)
                            (type double-float dx dy dz d2 mag mi mj))
                   ;; as written in SPEC.md: (d * m) * mag
                   (decf (body-vx bi) (* dx mj mag))
                   (decf (body-vy bi) (* dy mj mag))
                   (decf (body-vz bi) (* dz mj mag))
                   (incf (body-vx bj) (* dx mi mag))
                   (incf (body-vy bj) (* dy mi mag))
                   (incf (body-vz bj) (* dz mi mag))))))
    (dotimes (i n)
      (let ((b (svref bodies i)))
        (declare (type body b))
        (incf (body-x b) (* dt (body-vx b)))
        (incf (body-y b) (* dt (body-vy b)))
        (incf (body-z b) (* dt (body-vz b)))))))

(defun write-fixed (x digits stream)
  "Write X with DIGITS decimals, rounded from its exact value, half to even."
  (let* ((scaled (round (* (rational x) (expt 10 digits))))
         (negative (or (minusp scaled)
                       (and (zerop scaled) (minusp (float-sign x)))))
         (s (format nil "~D" (abs scaled))))
    (when (<= (length s) digits)
      (setf s (concatenate 'string
                           (make-string (- (1+ digits) (length s))
                                        :initial-element #\0)
                           s)))
    (let ((point (- (length s) digits)))
      (when negative (write-char #\- stream))
      (write-string s stream :end point)
      (write-char #\. stream)
      (write-string s stream :start point)
      (terpri stream))))

(defun main ()
  (let* ((arg (second sb-ext:*posix-argv*))
         (n (if arg (parse-integer arg) 1000))
         (bodies (make-system)))
    (declare (type fixnum n))
    (offset-momentum bodies)
    (write-fixed (energy bodies) 9 *standard-output*)
    (dotimes (i n)
      (advance bodies 0.01d0))
    (write-fixed (energy bodies) 9 *standard-output*)
    (finish-output *standard-output*)))
