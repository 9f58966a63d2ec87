;;;; binary-trees (joulebench suite, written from SPEC.md).
;;;; Rules relied on: single-threaded; every node is its own heap allocation,
;;;; a cons cell (left . right), a leaf being (nil . nil), made with CONS and
;;;; reclaimed by SBCL's garbage collector (the suite's 4 GB dynamic space,
;;;; other settings SBCL's defaults; no arenas, pools or free lists). Speed
;;;; as SBCL users write it: (optimize (speed 3) (safety 0)) and fixnum
;;;; declarations. Standard library only.

(declaim (optimize (speed 3) (safety 0) (debug 0)))

(defun make-tree (d)
  (declare (type fixnum d))
  (if (zerop d)
      (cons nil nil)
      (cons (make-tree (1- d)) (make-tree (1- d)))))

(defun check-tree (tree)
  (declare (type cons tree))
  (if (null (car tree))
      1
      (the fixnum (+ 1
                     (the fixnum (check-tree (car tree)))
                     (the fixnum (check-tree (cdr tree)))))))

(defun main ()
  (let* ((arg (second sb-ext:*posix-argv*))
         (n (if arg (parse-integer arg) 10))
         (min-depth 4)
         (max-depth (max (+ min-depth 2) n))
         (stretch (1+ max-depth)))
    (declare (type fixnum n min-depth max-depth stretch))
    (format t "stretch tree of depth ~D~C check: ~D~%"
            stretch #\Tab (check-tree (make-tree stretch)))
    (let ((long-lived (make-tree max-depth)))
      (loop for d of-type fixnum from min-depth to max-depth by 2
            do (let ((iterations (ash 1 (+ (- max-depth d) min-depth)))
                     (sum 0))
                 (declare (type fixnum iterations sum))
                 (dotimes (i iterations)
                   (incf sum (the fixnum (check-tree (make-tree d)))))
                 (format t "~D~C trees of depth ~D~C check: ~D~%"
                         iterations #\Tab d #\Tab sum)))
      (format t "long lived tree of depth ~D~C check: ~D~%"
              max-depth #\Tab (check-tree long-lived)))
    (finish-output *standard-output*)))
