;;;; fasta (joulebench suite, written from SPEC.md).
;;;; Rules relied on: single-threaded; the SPEC's linear congruential generator
;;;; (seed 42, one generator shared by both random records); cumulative
;;;; probabilities summed in double-float; output assembled in a 64 KiB
;;;; (unsigned-byte 8) buffer written with WRITE-SEQUENCE to a binary
;;;; fd-stream. Speed as SBCL users write it: (optimize (speed 3) (safety 0)),
;;;; unboxed arrays, declared types. Standard library only.

(declaim (optimize (speed 3) (safety 0) (debug 0)))

(deftype octets () '(simple-array (unsigned-byte 8) (*)))

(defconstant +line+ 60)
(defconstant +im+ 139968)
(defconstant +ia+ 3877)
(defconstant +ic+ 29573)
(defconstant +bufsize+ 65536)

(defparameter *alu*
  (concatenate 'string
               "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC"
               "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG"
               "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG"
               "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"))

(defparameter *iub*
  '((#\a . 0.27d0) (#\c . 0.12d0) (#\g . 0.12d0) (#\t . 0.27d0)
    (#\B . 0.02d0) (#\D . 0.02d0) (#\H . 0.02d0) (#\K . 0.02d0)
    (#\M . 0.02d0) (#\N . 0.02d0) (#\R . 0.02d0) (#\S . 0.02d0)
    (#\V . 0.02d0) (#\W . 0.02d0) (#\Y . 0.02d0)))

(defparameter *homo-sapiens*
  '((#\a . 0.3029549426680d0) (#\c . 0.1979883004921d0)
    (#\g . 0.1975473066391d0) (#\t . 0.3015094502008d0)))

(defun octets-of (string)
  (map 'octets #'char-code string))

;;; The output buffer and its fill, flushed to a binary stdout stream.
(defvar *out*)
(declaim (type octets *buf*) (type fixnum *fill*))
(defvar *buf* (make-array +bufsize+ :element-type '(unsigned-byte 8)))
(defvar *fill* 0)

(defun flush-out ()
  (write-sequence *buf* *out* :end *fill*)
  (setf *fill* 0))

(defun put-octets (v)
  (declare (type octets v))
  (when (> (+ *fill* (length v)) +bufsize+)
    (flush-out))
  (replace *buf* v :start1 *fill*)
  (incf *fill* (length v)))

(declaim (type (integer 0 139967) *seed*))
(defvar *seed* 42)

(defun repeat-fasta (header src n)
  (declare (type fixnum n))
  (let* ((src (octets-of src))
         (len (length src))
         ;; src twice, so that any 60-character window is contiguous
         (twice (concatenate 'octets src src))
         (pos 0))
    (declare (type octets src twice) (type fixnum len pos))
    (put-octets (octets-of header))
    (loop while (> n 0)
          do (let ((l (min n +line+))
                   (buf *buf*))
               (declare (type fixnum l))
               (when (> (+ *fill* l 1) +bufsize+)
                 (flush-out))
               (replace buf twice :start1 *fill* :start2 pos :end2 (+ pos l))
               (incf *fill* l)
               (setf (aref buf *fill*) 10)
               (incf *fill*)
               (incf pos l)
               (when (>= pos len)
                 (decf pos len))
               (decf n l)))))

(defun random-fasta (header table n)
  (declare (type fixnum n))
  (let* ((count (length table))
         (chars (make-array count :element-type '(unsigned-byte 8)))
         (cum (make-array count :element-type 'double-float))
         (acc 0d0)
         (last (1- count))
         (seed *seed*))
    (declare (type double-float acc) (type fixnum count last)
             (type (integer 0 139967) seed))
    ;; cumulative probabilities, added in table order
    (loop for (c . p) in table
          for i of-type fixnum from 0
          do (incf acc (the double-float p))
             (setf (aref cum i) acc
                   (aref chars i) (char-code c)))
    (put-octets (octets-of header))
    (loop while (> n 0)
          do (let ((l (min n +line+))
                   (buf *buf*))
               (declare (type fixnum l))
               (when (> (+ *fill* l 1) +bufsize+)
                 (flush-out))
               (let ((fill *fill*))
                 (declare (type fixnum fill))
                 (dotimes (i l)
                   (setf seed (mod (+ (* seed +ia+) +ic+) +im+))
                   (let ((r (/ (float seed 1d0) (float +im+ 1d0)))
                         (k 0))
                     (declare (type double-float r) (type fixnum k))
                     (loop while (and (< k last) (not (> (aref cum k) r)))
                           do (incf k))
                     (setf (aref buf (+ fill i)) (aref chars k))))
                 (setf (aref buf (+ fill l)) 10)
                 (setf *fill* (+ fill l 1)))
               (decf n l)))
    (setf *seed* seed)))

(defun main ()
  (let* ((arg (second sb-ext:*posix-argv*))
         (n (if arg (parse-integer arg) 1000)))
    (declare (type fixnum n))
    (setf *out* (sb-sys:make-fd-stream 1 :output t :buffering :full
                                         :element-type '(unsigned-byte 8)))
    (repeat-fasta (format nil ">ONE Homo sapiens alu~%") *alu* (* 2 n))
    (random-fasta (format nil ">TWO IUB ambiguity codes~%") *iub* (* 3 n))
    (random-fasta (format nil ">THREE Homo sapiens frequency~%") *homo-sapiens*
                  (* 5 n))
    (flush-out)
    (finish-output *out*)))
