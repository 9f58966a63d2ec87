;;;; regex-redux (joulebench suite, written from SPEC.md).
;;;; Rules relied on: single-threaded; regular expressions from CL-PPCRE, the
;;;; regex library Common Lisp users reach for (Debian's cl-ppcre, loaded
;;;; through ASDF at build time and saved into the executable); stdin read in
;;;; large blocks with READ-SEQUENCE from a binary fd-stream. The sequence is
;;;; kept in base-strings (one byte a character; DNA is ASCII), which CL-PPCRE
;;;; matches and builds directly (:element-type 'base-char).
;;;; (optimize (speed 3) (safety 0)) as SBCL users write it.

(eval-when (:compile-toplevel :load-toplevel :execute)
  (require :asdf))
(eval-when (:compile-toplevel :load-toplevel :execute)
  (asdf:load-system :cl-ppcre))

(declaim (optimize (speed 3) (safety 0) (debug 0)))

(deftype octets () '(simple-array (unsigned-byte 8) (*)))

(defparameter *variants*
  '("agggtaaa|tttaccct"
    "[cgt]gggtaaa|tttaccc[acg]"
    "a[act]ggtaaa|tttacc[agt]t"
    "ag[act]gtaaa|tttac[agt]ct"
    "agg[act]taaa|ttta[agt]cct"
    "aggg[acg]aaa|ttt[cgt]ccct"
    "agggt[cgt]aa|tt[acg]accct"
    "agggta[cgt]a|t[acg]taccct"
    "agggtaa[cgt]|[acg]ttaccct"))

(defparameter *substitutions*
  '(("tHa[Nt]" . "<4>")
    ("aND|caN|Ha[DS]|WaS" . "<3>")
    ("a[NSt]|BY" . "<2>")
    ("<[^>]*>" . "|")
    ("\\|[^|][^|]*\\|" . "-")))

(defun read-stdin ()
  "All of standard input as a base-string (one character per byte)."
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
    (let ((s (make-string len :element-type 'base-char)))
      (dotimes (i len)
        (setf (schar s i) (code-char (aref buf i))))
      s)))

(defun main ()
  (let* ((data (read-stdin))
         (input-len (length data))
         (seq (cl-ppcre:regex-replace-all
               (cl-ppcre:create-scanner (format nil ">.*~%|~%")) data ""
               :element-type 'base-char))
         (clean-len (length seq))
         (out *standard-output*))
    (dolist (pattern *variants*)
      (format out "~A ~D~%" pattern
              (cl-ppcre:count-matches (cl-ppcre:create-scanner pattern) seq)))
    (loop for (pattern . replacement) in *substitutions*
          do (setf seq (cl-ppcre:regex-replace-all
                        (cl-ppcre:create-scanner pattern) seq replacement
                        :element-type 'base-char)))
    (format out "~%~D~%~D~%~D~%" input-len clean-len (length seq))
    (finish-output out)))
