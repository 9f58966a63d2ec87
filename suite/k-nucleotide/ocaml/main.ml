(* k-nucleotide (joulebench suite, written from SPEC.md).
   Rules relied on: single-threaded; standard library only: counts kept in
   the standard Hashtbl (its Make functor over int keys, with a
   multiplicative hash), keyed by the k-mer packed 2 bits a base into an int
   (k <= 31); stdin read line by line through the buffered channel. *)

module H = Hashtbl.Make (struct
  type t = int
  let equal (a : int) b = a = b
  (* multiplicative (Fibonacci) hashing: Hashtbl keeps the low bits of
     the result, so the well-mixed middle bits of the product are moved down *)
  let hash (a : int) = (a * 0x1E3779B97F4A7C15) lsr 28
end)

let code c =
  match c with 'A' -> 0 | 'C' -> 1 | 'G' -> 2 | 'T' -> 3 | _ -> 0

let decode k c =
  String.init k (fun i -> "ACGT".[(c lsr (2 * (k - 1 - i))) land 3])

(* the joined, upper-cased sequence of the record whose header starts with >THREE *)
let read_three () =
  let buf = Buffer.create (1 lsl 20) in
  (try
     let rec skip () =
       let l = input_line stdin in
       if not (String.length l >= 6 && String.sub l 0 6 = ">THREE") then skip ()
     in
     skip ();
     let rec body () =
       let l = input_line stdin in
       if String.length l > 0 && l.[0] = '>' then ()
       else (Buffer.add_string buf l; body ())
     in
     body ()
   with End_of_file -> ());
  String.uppercase_ascii (Buffer.contents buf)

(* counts of every k-length substring of s *)
let count_kmers s k =
  let t = H.create 64 in
  let mask = (1 lsl (2 * k)) - 1 in
  let acc = ref 0 in
  for i = 0 to String.length s - 1 do
    acc := ((!acc lsl 2) lor code (String.unsafe_get s i)) land mask;
    if i >= k - 1 then
      match H.find_opt t !acc with
      | Some r -> incr r
      | None -> H.add t !acc (ref 1)
  done;
  t

let () =
  set_binary_mode_in stdin true;
  let s = read_three () in
  let len = String.length s in
  List.iter (fun k ->
      let t = count_kmers s k in
      let total = float_of_int (if len >= k then len - k + 1 else 0) in
      let items = H.fold (fun key r l -> (decode k key, !r) :: l) t [] in
      let sorted =
        List.sort (fun (ka, ca) (kb, cb) ->
            if ca <> cb then compare cb ca else compare ka kb) items
      in
      List.iter (fun (kmer, c) ->
          Printf.printf "%s %.3f\n" kmer (100.0 *. float_of_int c /. total)) sorted;
      print_newline ()) [1; 2];
  List.iter (fun kmer ->
      let k = String.length kmer in
      let t = count_kmers s k in
      let key = ref 0 in
      String.iter (fun c -> key := (!key lsl 2) lor code c) kmer;
      let c = match H.find_opt t !key with Some r -> !r | None -> 0 in
      Printf.printf "%d\t%s\n" c kmer)
    ["GGT"; "GGTA"; "GGTATT"; "GGTATTTTAATT"; "GGTATTTTAATTTATAGT"]
