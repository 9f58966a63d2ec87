(* regex-redux (joulebench suite, written from SPEC.md).
   Rules relied on: single-threaded; regular expressions via OCaml's Str
   library (distributed with the compiler; no PCRE binding is installed from
   Debian), the SPEC's patterns written in Str's syntax (alternation "\|",
   a literal "|" unescaped); stdin read whole in 64 KiB chunks. *)

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

(* the SPEC's pattern, then the same pattern in Str syntax *)
let variants = [
  "agggtaaa|tttaccct", "agggtaaa\\|tttaccct";
  "[cgt]gggtaaa|tttaccc[acg]", "[cgt]gggtaaa\\|tttaccc[acg]";
  "a[act]ggtaaa|tttacc[agt]t", "a[act]ggtaaa\\|tttacc[agt]t";
  "ag[act]gtaaa|tttac[agt]ct", "ag[act]gtaaa\\|tttac[agt]ct";
  "agg[act]taaa|ttta[agt]cct", "agg[act]taaa\\|ttta[agt]cct";
  "aggg[acg]aaa|ttt[cgt]ccct", "aggg[acg]aaa\\|ttt[cgt]ccct";
  "agggt[cgt]aa|tt[acg]accct", "agggt[cgt]aa\\|tt[acg]accct";
  "agggta[cgt]a|t[acg]taccct", "agggta[cgt]a\\|t[acg]taccct";
  "agggtaa[cgt]|[acg]ttaccct", "agggtaa[cgt]\\|[acg]ttaccct";
]

(* tHa[Nt], aND|caN|Ha[DS]|WaS, a[NSt]|BY, <[^>]*>, \|[^|][^|]*\| in Str syntax *)
let substs = [
  "tHa[Nt]", "<4>";
  "aND\\|caN\\|Ha[DS]\\|WaS", "<3>";
  "a[NSt]\\|BY", "<2>";
  "<[^>]*>", "|";
  "|[^|][^|]*|", "-";
]

(* number of non-overlapping matches of re in s *)
let count_matches re s =
  let rec loop pos n =
    match Str.search_forward re s pos with
    | exception Not_found -> n
    | start ->
        let stop = Str.match_end () in
        loop (if stop > start then stop else start + 1) (n + 1)
  in
  loop 0 0

let () =
  set_binary_mode_in stdin true;
  let input = read_all stdin in
  let seq = Str.global_replace (Str.regexp ">.*\n\\|\n") "" input in
  List.iter (fun (name, pat) ->
      Printf.printf "%s %d\n" name (count_matches (Str.regexp pat) seq)) variants;
  let final =
    List.fold_left (fun s (pat, rep) -> Str.global_replace (Str.regexp pat) rep s) seq substs
  in
  Printf.printf "\n%d\n%d\n%d\n" (String.length input) (String.length seq)
    (String.length final)
