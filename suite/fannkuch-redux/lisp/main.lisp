;;;; fannkuch-redux (joulebench suite, written from SPEC.md).
;;;; Rules relied on: single-threaded; permutations generated in the SPEC's
;;;; order (count/rotation scheme); no hand-written SIMD. Speed as SBCL users
;;;; write it: (optimize (speed 3) (safety 0)), (simple-array fixnum (*))
;;;; vectors, declared fixnum arithmetic. Standard library only.

(declaim (optimize (speed 3) (safety 0) (debug 0)))

(deftype ivec () '(simple-array fixnum (*)))

(defun count-flips (perm)
  "Flip the prefix of PERM until its first element is 0; return the flips."
  (declare (type ivec perm))
  (let ((flips 0))
    (declare (type fixnum flips))
    (loop for k of-type fixnum = (aref perm 0)
          until (zerop k)
          do (loop for i of-type fixnum from 0
                   for j of-type fixnum downfrom k
                   while (< i j)
                   do (rotatef (aref perm i) (aref perm j)))
             (incf flips))
    flips))

(defun fannkuch (n)
  (declare (type (integer 1 20) n))
  (let ((perm1 (make-array n :element-type 'fixnum))
        (perm (make-array n :element-type 'fixnum))
        (count (make-array n :element-type 'fixnum :initial-element 0))
        (r n)
        (perm-index 0)
        (checksum 0)
        (max-flips 0))
    (declare (type ivec perm1 perm count)
             (type fixnum r perm-index checksum max-flips))
    (dotimes (i n)
      (setf (aref perm1 i) i))
    (loop
      (loop until (= r 1)
            do (setf (aref count (1- r)) r)
               (decf r))
      ;; count the flips of a copy of perm1
      (replace perm perm1)
      (let ((flips (count-flips perm)))
        (declare (type fixnum flips))
        (when (> flips max-flips)
          (setf max-flips flips))
        (if (evenp perm-index)
            (incf checksum flips)
            (decf checksum flips)))
      ;; next permutation
      (loop
        (when (= r n)
          (format t "~D~%Pfannkuchen(~D) = ~D~%" checksum n max-flips)
          (return-from fannkuch))
        (let ((p0 (aref perm1 0)))
          (dotimes (i r)
            (setf (aref perm1 i) (aref perm1 (1+ i))))
          (setf (aref perm1 r) p0))
        (decf (aref count r))
        (when (> (aref count r) 0)
          (return))
        (incf r))
      (incf perm-index))))

(defun main ()
  (let ((arg (second sb-ext:*posix-argv*)))
    (fannkuch (if arg (parse-integer arg) 7))
    (finish-output *standard-output*)))
