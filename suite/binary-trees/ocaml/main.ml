(* binary-trees (joulebench suite, written from SPEC.md).
   Rules relied on: single-threaded; every node (leaves included: a leaf is
   a Node whose two children are Nil) is its own heap block allocated by
   OCaml's ordinary allocator and freed by its default garbage collector
   (default settings); no pools. Standard library only. *)

type tree = Nil | Node of tree * tree

let rec make d =
  if d = 0 then Node (Nil, Nil) else Node (make (d - 1), make (d - 1))

let rec check = function
  | Node (Nil, _) -> 1
  | Node (l, r) -> 1 + check l + check r
  | Nil -> 0

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 10 in
  let min_depth = 4 in
  let max_depth = max (min_depth + 2) n in
  let stretch = max_depth + 1 in
  Printf.printf "stretch tree of depth %d\t check: %d\n" stretch (check (make stretch));
  let long_lived = make max_depth in
  let d = ref min_depth in
  while !d <= max_depth do
    let iters = 1 lsl (max_depth - !d + min_depth) in
    let sum = ref 0 in
    for _ = 1 to iters do
      sum := !sum + check (make !d)
    done;
    Printf.printf "%d\t trees of depth %d\t check: %d\n" iters !d !sum;
    d := !d + 2
  done;
  Printf.printf "long lived tree of depth %d\t check: %d\n" max_depth (check long_lived)
