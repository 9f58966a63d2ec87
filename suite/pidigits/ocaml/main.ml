(* pidigits (joulebench suite, written from SPEC.md).
   Rules relied on: single-threaded; the SPEC's step-by-step spigot with
   arbitrary-precision integers from Zarith (Debian's libzarith-ocaml-dev,
   backed by GMP), the bignum library OCaml users reach for; output through
   a Buffer. *)

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 30 in
  let acc = ref Z.zero and den = ref Z.one and num = ref Z.one in
  let k = ref 0 and i = ref 0 in
  let out = Buffer.create (n * 2 + 64) in
  let col = ref 0 in
  while !i < n do
    incr k;
    let k2 = Z.of_int (2 * !k + 1) in
    acc := Z.mul (Z.add !acc (Z.shift_left !num 1)) k2;
    den := Z.mul !den k2;
    num := Z.mul !num (Z.of_int !k);
    if Z.leq !num !acc then begin
      let d3 = Z.div (Z.add (Z.mul (Z.of_int 3) !num) !acc) !den in
      let d4 = Z.div (Z.add (Z.mul (Z.of_int 4) !num) !acc) !den in
      if Z.equal d3 d4 then begin
        Buffer.add_string out (Z.to_string d3);
        incr i;
        incr col;
        if !col = 10 then begin
          Buffer.add_string out (Printf.sprintf "\t:%d\n" !i);
          col := 0
        end;
        acc := Z.mul (Z.sub !acc (Z.mul !den d3)) (Z.of_int 10);
        num := Z.mul !num (Z.of_int 10)
      end
    end
  done;
  if !col > 0 then
    Buffer.add_string out (String.make (10 - !col) ' ' ^ Printf.sprintf "\t:%d\n" n);
  print_string (Buffer.contents out)
