;;;; pidigits (joulebench suite, written from SPEC.md).
;;;; Rules relied on: single-threaded; the SPEC's step-by-step spigot with
;;;; Common Lisp's built-in arbitrary-precision integers (SBCL bignums; no
;;;; extra library); output collected in a string and written at once.
;;;; (optimize (speed 3) (safety 0)) as SBCL users write it.

(declaim (optimize (speed 3) (safety 0) (debug 0)))

(defun pidigits (n out)
  (declare (type fixnum n))
  (let ((acc 0) (den 1) (num 1) (k 0) (i 0)
        (line (make-string 10)) (col 0))
    (declare (type integer acc den num) (type fixnum k i col))
    (loop while (< i n)
          do (incf k)
             (let ((k2 (+ (* 2 k) 1)))
               (declare (type fixnum k2))
               (setf acc (* (+ acc (* 2 num)) k2)
                     den (* den k2)
                     num (* num k)))
             (unless (> num acc)
               (let ((d3 (floor (+ (* 3 num) acc) den))
                     (d4 (floor (+ (* 4 num) acc) den)))
                 (when (= d3 d4)
                   (setf (char line col) (digit-char d3))
                   (incf col)
                   (incf i)
                   (when (= col 10)
                     (format out "~A~C:~D~%" line #\Tab i)
                     (setf col 0))
                   (setf acc (* (- acc (* den d3)) 10)
                         num (* num 10))))))
    (when (> col 0)
      (fill line #\Space :start col)
      (format out "~A~C:~D~%" line #\Tab n))))

(defun main ()
  (let* ((arg (second sb-ext:*posix-argv*))
         (n (if arg (parse-integer arg) 30)))
    (write-string (with-output-to-string (s) (pidigits n s)) *standard-output*)
    (finish-output *standard-output*)))
