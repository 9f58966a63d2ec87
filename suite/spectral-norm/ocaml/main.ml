(* spectral-norm (joulebench suite, written from SPEC.md).
   Rules relied on: single-threaded; IEEE double (ocamlopt emits no fused
   multiply-add), no fast-math; no hand-written SIMD. Standard library only:
   vectors are float arrays (unboxed). *)

(* A(i, j), 0-based; the integer part is exact, then one division *)
let eval_a i j =
  let ij = i + j in
  1.0 /. float_of_int ((ij * (ij + 1) / 2) + i + 1)

(* out = A x *)
let mul_av n x out =
  for i = 0 to n - 1 do
    let s = ref 0.0 in
    for j = 0 to n - 1 do
      s := !s +. eval_a i j *. x.(j)
    done;
    out.(i) <- !s
  done

(* out = At x *)
let mul_atv n x out =
  for i = 0 to n - 1 do
    let s = ref 0.0 in
    for j = 0 to n - 1 do
      s := !s +. eval_a j i *. x.(j)
    done;
    out.(i) <- !s
  done

let mul_atav n x out tmp =
  mul_av n x tmp;
  mul_atv n tmp out

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 100 in
  let u = Array.make n 1.0 and v = Array.make n 0.0 and tmp = Array.make n 0.0 in
  for _ = 1 to 10 do
    mul_atav n u v tmp;
    mul_atav n v u tmp
  done;
  let vbv = ref 0.0 and vv = ref 0.0 in
  for i = 0 to n - 1 do
    vbv := !vbv +. u.(i) *. v.(i);
    vv := !vv +. v.(i) *. v.(i)
  done;
  Printf.printf "%.9f\n" (sqrt (!vbv /. !vv))
