;;;; mandelbrot (joulebench suite, written from SPEC.md).
;;;; Rules relied on: single-threaded; IEEE double-float arithmetic only (SBCL
;;;; emits no fused multiply-add, no fast-math); no hand-written SIMD; cr and
;;;; ci computed directly for each pixel. Speed as SBCL users write it:
;;;; (optimize (speed 3) (safety 0)), declared double-floats, the whole bitmap
;;;; in one (unsigned-byte 8) vector written at once to a binary fd-stream.
;;;; Standard library only.

(declaim (optimize (speed 3) (safety 0) (debug 0)))

(declaim (inline pixel-set-p))
(defun pixel-set-p (cr ci)
  (declare (type double-float cr ci))
  (let ((zr 0d0) (zi 0d0) (tr 0d0) (ti 0d0))
    (declare (type double-float zr zi tr ti))
    (loop repeat 50
          while (<= (+ tr ti) 4d0)
          do (setf zi (+ (* 2d0 zr zi) ci)
                   zr (+ (- tr ti) cr)
                   tr (* zr zr)
                   ti (* zi zi)))
    (<= (+ tr ti) 4d0)))

(defun render (n)
  (declare (type (integer 1 1000000) n))
  (let* ((row-bytes (ceiling n 8))
         (bits (make-array (* row-bytes n) :element-type '(unsigned-byte 8)
                                           :initial-element 0))
         (fn (float n 1d0))
         (pos 0))
    (declare (type fixnum row-bytes pos) (type double-float fn))
    (dotimes (y n)
      (let ((ci (- (/ (* 2d0 (float y 1d0)) fn) 1d0))
            (byte 0)
            (nbits 0))
        (declare (type double-float ci) (type (unsigned-byte 8) byte)
                 (type fixnum nbits))
        (dotimes (x n)
          (let ((cr (- (/ (* 2d0 (float x 1d0)) fn) 1.5d0)))
            (declare (type double-float cr))
            (setf byte (logand #xff (logior (ash byte 1)
                                            (if (pixel-set-p cr ci) 1 0))))
            (incf nbits)
            (when (= nbits 8)
              (setf (aref bits pos) byte
                    pos (1+ pos)
                    byte 0
                    nbits 0))))
        (when (> nbits 0)
          (setf (aref bits pos) (logand #xff (ash byte (- 8 nbits)))
                pos (1+ pos)))))
    bits))

(defun main ()
  (let* ((arg (second sb-ext:*posix-argv*))
         (n (if arg (parse-integer arg) 200))
         (bits (render n))
         (out (sb-sys:make-fd-stream 1 :output t :buffering :full
                                       :element-type '(unsigned-byte 8))))
    (write-sequence (map '(vector (unsigned-byte 8)) #'char-code
                         (format nil "P4~%~D ~D~%" n n))
                    out)
    (write-sequence bits out)
    (finish-output out)))
