(* fasta (joulebench suite, written from SPEC.md).
   Rules relied on: single-threaded; the SPEC's generator (seed 42, integer
   LCG, one division in double) and cumulative-probability lookup in double;
   standard library only. Each line is built in a Bytes buffer and written
   to stdout's buffered channel (one output call a line, no flush until the
   end). *)

let alu =
  "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC"
  ^ "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG"
  ^ "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG"
  ^ "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"

let iub = [|
  ('a', 0.27); ('c', 0.12); ('g', 0.12); ('t', 0.27);
  ('B', 0.02); ('D', 0.02); ('H', 0.02); ('K', 0.02); ('M', 0.02); ('N', 0.02);
  ('R', 0.02); ('S', 0.02); ('V', 0.02); ('W', 0.02); ('Y', 0.02);
|]

let homo_sapiens = [|
  ('a', 0.3029549426680); ('c', 0.1979883004921);
  ('g', 0.1975473066391); ('t', 0.3015094502008);
|]

let line_len = 60
let line = Bytes.create (line_len + 1)

let repeat_alu n =
  let len = String.length alu in
  let pos = ref 0 and left = ref n in
  while !left > 0 do
    let m = min line_len !left in
    for i = 0 to m - 1 do
      Bytes.unsafe_set line i (String.unsafe_get alu !pos);
      incr pos;
      if !pos = len then pos := 0
    done;
    Bytes.unsafe_set line m '\n';
    output stdout line 0 (m + 1);
    left := !left - m
  done

let seed = ref 42

let random_chars table n =
  let k = Array.length table in
  let chars = Array.map fst table in
  let cumul = Array.make k 0.0 in
  let acc = ref 0.0 in
  Array.iteri (fun i (_, p) -> acc := !acc +. p; cumul.(i) <- !acc) table;
  let left = ref n in
  while !left > 0 do
    let m = min line_len !left in
    for i = 0 to m - 1 do
      seed := (!seed * 3877 + 29573) mod 139968;
      let r = float_of_int !seed /. 139968.0 in
      let j = ref 0 in
      while !j < k - 1 && not (cumul.(!j) > r) do incr j done;
      Bytes.unsafe_set line i chars.(!j)
    done;
    Bytes.unsafe_set line m '\n';
    output stdout line 0 (m + 1);
    left := !left - m
  done

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 1000 in
  set_binary_mode_out stdout true;
  print_string ">ONE Homo sapiens alu\n";
  repeat_alu (2 * n);
  print_string ">TWO IUB ambiguity codes\n";
  random_chars iub (3 * n);
  print_string ">THREE Homo sapiens frequency\n";
  random_chars homo_sapiens (5 * n);
  flush stdout
