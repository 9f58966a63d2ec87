;;;; k-nucleotide (joulebench suite, written from SPEC.md).
;;;; Rules relied on: single-threaded; every k-mer counted in the standard
;;;; library's hash map (an EQL hash table), keyed by the k-mer packed 2 bits
;;;; a base into a fixnum; stdin read in large blocks with READ-SEQUENCE from
;;;; a binary fd-stream. Speed as SBCL users write it: (optimize (speed 3)
;;;; (safety 0)), unboxed (unsigned-byte 8) vectors, declared fixnums.
;;;; Standard library only. Percentages are rounded from their exact binary
;;;; value (half-even), as C's printf("%.3f") does.

(declaim (optimize (speed 3) (safety 0) (debug 0)))

(deftype octets () '(simple-array (unsigned-byte 8) (*)))

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

(declaim (inline code-of))
(defun code-of (c)
  "A C G T (upper case) -> 0 1 2 3."
  (declare (type (unsigned-byte 8) c))
  (case c
    (#.(char-code #\A) 0)
    (#.(char-code #\C) 1)
    (#.(char-code #\G) 2)
    (t 3)))

(defun extract-three (buf len)
  "The record whose header starts with >THREE: its lines joined, upper-cased
and coded 0..3."
  (declare (type octets buf) (type fixnum len))
  (let ((pos 0)
        (marker (map 'octets #'char-code ">THREE")))
    (declare (type fixnum pos))
    ;; skip lines up to and including the >THREE header
    (loop while (< pos len)
          do (let* ((nl (or (position 10 buf :start pos :end len) len))
                    (three (and (<= (+ pos 6) len)
                                (not (mismatch marker buf :start2 pos
                                                          :end2 (+ pos 6))))))
               (declare (type fixnum nl))
               (setf pos (1+ nl))
               (when three (return))))
    (let ((seq (make-array (max 0 (- len pos)) :element-type '(unsigned-byte 8)))
          (n 0))
      (declare (type octets seq) (type fixnum n))
      (loop for i of-type fixnum from pos below len
            do (let ((c (aref buf i)))
                 (cond ((or (= c 10) (= c 13)))
                       ((= c #.(char-code #\>)) (return))
                       (t
                        (when (<= 97 c 122)
                          (decf c 32))
                        (setf (aref seq n) (code-of c))
                        (incf n)))))
      (values seq n))))

(defun count-kmers (seq n k)
  "A hash table from packed k-mer to its count, over every k-mer of SEQ."
  (declare (type octets seq) (type fixnum n) (type (integer 1 30) k))
  (let ((table (make-hash-table :test 'eql))
        (mask (1- (ash 1 (* 2 k))))
        (key 0))
    (declare (type fixnum mask key))
    (loop for i of-type fixnum from 0 below (min (1- k) n)
          do (setf key (logior (ash key 2) (aref seq i))))
    (loop for i of-type fixnum from (1- k) below n
          do (setf key (logand (logior (ash key 2) (aref seq i)) mask))
             (incf (the fixnum (gethash key table 0))))
    table))

(defun kmer-name (key k)
  (declare (type fixnum key) (type (integer 1 30) k))
  (let ((s (make-string k)))
    (loop for i of-type fixnum from (1- k) downto 0
          do (setf (char s i) (char "ACGT" (logand key 3))
                   key (ash key -2)))
    s))

(defun kmer-key (name)
  (let ((key 0))
    (declare (type fixnum key))
    (loop for c across name
          do (setf key (logior (ash key 2) (code-of (char-code c)))))
    key))

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
      (write-string s stream :start point))))

(defun write-frequencies (seq n k out)
  (declare (type fixnum n))
  (let* ((table (count-kmers seq n k))
         (total (- n k -1))
         (items '()))
    (declare (type fixnum total))
    (maphash (lambda (key count)
               (push (cons (kmer-name key k) count) items))
             table)
    (setf items (sort items (lambda (a b)
                              (or (> (the fixnum (cdr a)) (the fixnum (cdr b)))
                                  (and (= (the fixnum (cdr a)) (the fixnum (cdr b)))
                                       (string< (car a) (car b)))))))
    (dolist (item items)
      (write-string (car item) out)
      (write-char #\Space out)
      (write-fixed (/ (* 100d0 (the fixnum (cdr item))) (float total 1d0)) 3 out)
      (terpri out))
    (terpri out)))

(defun main ()
  (multiple-value-bind (buf len) (read-stdin)
    (multiple-value-bind (seq n) (extract-three buf len)
      (let ((out *standard-output*))
        (write-frequencies seq n 1 out)
        (write-frequencies seq n 2 out)
        (dolist (name '("GGT" "GGTA" "GGTATT" "GGTATTTTAATT" "GGTATTTTAATTTATAGT"))
          (let ((table (count-kmers seq n (length name))))
            (format out "~D~C~A~%" (gethash (kmer-key name) table 0) #\Tab name)))
        (finish-output out)))))
