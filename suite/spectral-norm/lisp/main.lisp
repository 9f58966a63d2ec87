;;;; spectral-norm (joulebench suite, written from SPEC.md).
;;;; Rules relied on: single-threaded; IEEE double-float arithmetic only (SBCL
;;;; emits no fused multiply-add, no fast-math); no hand-written SIMD.
;;;; Speed as SBCL users write it: (optimize (speed 3) (safety 0)), unboxed
;;;; (simple-array double-float (*)) vectors, declared fixnum indices.
;;;; Standard library only. The result is printed rounded from its exact
;;;; binary value (half-even), as C's printf("%.9f") does.

(declaim (optimize (speed 3) (safety 0) (debug 0)))

(deftype dvec () '(simple-array double-float (*)))

(declaim (inline eval-a))
(defun eval-a (i j)
  "A(i, j), 0-based; the integer part is exact, then converted to double."
  (declare (type (unsigned-byte 31) i j))
  (let ((ij (+ i j)))
    (/ 1d0 (float (+ (ash (* ij (1+ ij)) -1) i 1) 1d0))))

(defun mul-av (n x out)
  "OUT = A x"
  (declare (type (unsigned-byte 31) n) (type dvec x out))
  (dotimes (i n)
    (let ((sum 0d0))
      (declare (type double-float sum))
      (dotimes (j n)
        (incf sum (* (eval-a i j) (aref x j))))
      (setf (aref out i) sum))))

(defun mul-atv (n x out)
  "OUT = A^T x"
  (declare (type (unsigned-byte 31) n) (type dvec x out))
  (dotimes (i n)
    (let ((sum 0d0))
      (declare (type double-float sum))
      (dotimes (j n)
        (incf sum (* (eval-a j i) (aref x j))))
      (setf (aref out i) sum))))

(defun mul-atav (n x out tmp)
  "OUT = A^T A x, TMP is scratch"
  (mul-av n x tmp)
  (mul-atv n tmp out))

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
         (n (if arg (parse-integer arg) 100))
         (u (make-array n :element-type 'double-float :initial-element 1d0))
         (v (make-array n :element-type 'double-float :initial-element 0d0))
         (tmp (make-array n :element-type 'double-float :initial-element 0d0)))
    (declare (type (unsigned-byte 31) n) (type dvec u v tmp))
    (dotimes (k 10)
      (mul-atav n u v tmp)
      (mul-atav n v u tmp))
    (let ((vbv 0d0) (vv 0d0))
      (declare (type double-float vbv vv))
      (dotimes (i n)
        (incf vbv (* (aref u i) (aref v i)))
        (incf vv (* (aref v i) (aref v i))))
      (write-fixed (sqrt (the (double-float 0d0) (/ vbv vv))) 9 *standard-output*))
    (finish-output *standard-output*)))
