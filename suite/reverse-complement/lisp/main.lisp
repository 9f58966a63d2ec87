;;;; reverse-complement (joulebench suite, written from SPEC.md).
;;;; Rules relied on: single-threaded; stdin read in large blocks with
;;;; READ-SEQUENCE from a binary fd-stream, each record's sequence joined in
;;;; place, reversed and complemented through a 256-entry table, and written 60
;;;; characters a line from one (unsigned-byte 8) output buffer with
;;;; WRITE-SEQUENCE. Speed as SBCL users write it: (optimize (speed 3)
;;;; (safety 0)), unboxed arrays, declared fixnums. Standard library only.

(declaim (optimize (speed 3) (safety 0) (debug 0)))

(deftype octets () '(simple-array (unsigned-byte 8) (*)))

(defconstant +line+ 60)

(defun make-complement-table ()
  (let ((table (make-array 256 :element-type '(unsigned-byte 8))))
    (dotimes (i 256)
      (setf (aref table i) i))
    (loop for from across "ACGTUMRWSYKVHDBN"
          for to across "TGCAAKYWSRMBDHVN"
          do (setf (aref table (char-code from)) (char-code to)
                   (aref table (char-code (char-downcase from))) (char-code to)))
    table))

(defun read-stdin ()
  "All of standard input as an octet vector and its length."
  (let ((in (sb-sys:make-fd-stream 0 :input t :buffering :full
                                     :element-type '(unsigned-byte 8)))
        (buf (make-array (* 1024 1024) :element-type '(unsigned-byte 8)))
        (len 0))
    (declare (type octets buf) (type fixnum len))
    (loop
      (when (= len (length buf))
        (let ((bigger (make-array (* 2 (length buf))
                                  :element-type '(unsigned-byte 8))))
          (replace bigger buf)
          (setf buf bigger)))
      (let ((end (read-sequence buf in :start len)))
        (declare (type fixnum end))
        (when (= end len)
          (return))
        (setf len end)))
    (values buf len)))

(defun emit-revcomp (seq start n out o table)
  "Write the reverse complement of SEQ[START, START+N) to OUT at O, 60 a
line; return the new output position."
  (declare (type octets seq out table) (type fixnum start n o))
  (let ((p (+ start n)))
    (declare (type fixnum p))
    (loop while (> n 0)
          do (let ((l (min n +line+)))
               (declare (type fixnum l))
               (dotimes (i l)
                 (decf p)
                 (setf (aref out (+ o i)) (aref table (aref seq p))))
               (incf o l)
               (setf (aref out o) 10)
               (incf o)
               (decf n l)))
    o))

(defun main ()
  (let ((table (make-complement-table))
        (stdout (sb-sys:make-fd-stream 1 :output t :buffering :full
                                         :element-type '(unsigned-byte 8))))
    (multiple-value-bind (buf len) (read-stdin)
      (declare (type octets buf) (type fixnum len))
      ;; the output is never longer than the input plus a newline per line
      (let ((out (make-array (+ len (floor len +line+) 2)
                             :element-type '(unsigned-byte 8)))
            (o 0)
            (pos 0))
        (declare (type octets out) (type fixnum o pos))
        (loop while (< pos len)
              do ;; header line (or stray text before the first header)
                 (let ((end (or (position 10 buf :start pos :end len) len)))
                   (declare (type fixnum end))
                   (replace out buf :start1 o :start2 pos :end2 end)
                   (incf o (- end pos))
                   (setf (aref out o) 10)
                   (incf o)
                   (setf pos (1+ end)))
                 ;; join the sequence lines in place, up to the next header
                 (let ((start pos) (n 0))
                   (declare (type fixnum start n))
                   (loop while (and (< pos len) (/= (aref buf pos) #.(char-code #\>)))
                         do (let* ((end (or (position 10 buf :start pos :end len) len))
                                   (line-len (- end pos)))
                              (declare (type fixnum end line-len))
                              (when (and (> line-len 0) (= (aref buf (1- end)) 13))
                                (decf line-len))
                              (replace buf buf :start1 (+ start n) :start2 pos
                                               :end2 (+ pos line-len))
                              (incf n line-len)
                              (setf pos (1+ end))))
                   (setf o (emit-revcomp buf start n out o table))))
        (write-sequence out stdout :end o)
        (finish-output stdout)))))
