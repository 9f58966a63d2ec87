(* reverse-complement (joulebench suite, written from SPEC.md).
   Rules relied on: single-threaded; standard library only. stdin is read
   whole in 64 KiB chunks; each record's reverse complement is written into
   one Bytes buffer (60 bases a line, via a 256-entry lookup table) and goes
   out with one output call. *)

let read_all ic =
  (* sized from the file's length when stdin is a file (no regrowing) *)
  let hint = try in_channel_length ic + 1 with Sys_error _ -> 0 in
  let buf = Buffer.create (max (1 lsl 20) hint) in
  let chunk = Bytes.create 65536 in
  let rec loop () =
    let n = input ic chunk 0 65536 in
    if n > 0 then (Buffer.add_subbytes buf chunk 0 n; loop ())
  in
  loop ();
  Buffer.contents buf

(* complement of every byte (upper or lower case in, upper case out); any
   other byte maps to itself *)
let complement =
  let t = Bytes.init 256 Char.chr in
  List.iter (fun (a, b) ->
      Bytes.set t (Char.code a) b;
      Bytes.set t (Char.code (Char.lowercase_ascii a)) b)
    [ 'A', 'T'; 'C', 'G'; 'G', 'C'; 'T', 'A'; 'U', 'A'; 'M', 'K'; 'R', 'Y';
      'W', 'W'; 'S', 'S'; 'Y', 'R'; 'K', 'M'; 'V', 'B'; 'H', 'D'; 'D', 'H';
      'B', 'V'; 'N', 'N' ];
  Bytes.unsafe_to_string t

(* write the reverse complement of s.[first .. last-1] (newlines skipped) *)
let write_revcomp s first last =
  let len = last - first in
  let out = Bytes.create (len + len / 60 + 2) in
  let o = ref 0 and col = ref 0 in
  for i = last - 1 downto first do
    let c = String.unsafe_get s i in
    if c <> '\n' then begin
      Bytes.unsafe_set out !o (String.unsafe_get complement (Char.code c));
      incr o;
      incr col;
      if !col = 60 then begin
        Bytes.unsafe_set out !o '\n';
        incr o;
        col := 0
      end
    end
  done;
  if !col > 0 then begin
    Bytes.unsafe_set out !o '\n';
    incr o
  end;
  output stdout out 0 !o

let () =
  set_binary_mode_in stdin true;
  set_binary_mode_out stdout true;
  let s = read_all stdin in
  let n = String.length s in
  let pos = ref (match String.index_opt s '>' with Some p -> p | None -> n) in
  while !pos < n do
    let header_end = match String.index_from_opt s !pos '\n' with Some p -> p | None -> n in
    output_substring stdout s !pos (header_end - !pos);
    output_char stdout '\n';
    let body = min n (header_end + 1) in
    let next = match String.index_from_opt s body '>' with Some p -> p | None -> n in
    write_revcomp s body next;
    pos := next
  done;
  flush stdout
