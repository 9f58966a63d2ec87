(* mandelbrot (joulebench suite, written from SPEC.md).
   Rules relied on: single-threaded; IEEE double (ocamlopt emits no fused
   multiply-add), no fast-math; no hand-written SIMD; cr and ci computed
   directly for each pixel. Standard library only: the bitmap is packed into
   one Bytes buffer written with a single output call. *)

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 200 in
  let row_bytes = (n + 7) / 8 in
  let buf = Bytes.make (row_bytes * n) '\000' in
  let nf = float_of_int n in
  for y = 0 to n - 1 do
    let ci = 2.0 *. float_of_int y /. nf -. 1.0 in
    for x = 0 to n - 1 do
      let cr = 2.0 *. float_of_int x /. nf -. 1.5 in
      let zr = ref 0.0 and zi = ref 0.0 and tr = ref 0.0 and ti = ref 0.0 in
      let i = ref 0 in
      while !i < 50 && !tr +. !ti <= 4.0 do
        zi := 2.0 *. !zr *. !zi +. ci;
        zr := !tr -. !ti +. cr;
        tr := !zr *. !zr;
        ti := !zi *. !zi;
        incr i
      done;
      if !tr +. !ti <= 4.0 then begin
        let o = y * row_bytes + x lsr 3 in
        let b = Char.code (Bytes.unsafe_get buf o) lor (0x80 lsr (x land 7)) in
        Bytes.unsafe_set buf o (Char.unsafe_chr b)
      end
    done
  done;
  set_binary_mode_out stdout true;
  Printf.printf "P4\n%d %d\n" n n;
  output_bytes stdout buf;
  flush stdout
