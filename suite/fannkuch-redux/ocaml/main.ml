(* fannkuch-redux (joulebench suite, written from SPEC.md).
   Rules relied on: single-threaded; the SPEC's permutation order and flip
   counting; standard library only (int arrays). *)

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 7 in
  let perm1 = Array.init n (fun i -> i) in
  let perm = Array.make n 0 in
  let count = Array.make n 0 in
  let r = ref n and idx = ref 0 and max_flips = ref 0 and checksum = ref 0 in
  let finished = ref false in
  while not !finished do
    (* 1 *)
    while !r <> 1 do
      count.(!r - 1) <- !r;
      decr r
    done;
    (* 2 *)
    Array.blit perm1 0 perm 0 n;
    let flips = ref 0 in
    let k = ref perm.(0) in
    while !k <> 0 do
      let lo = ref 0 and hi = ref !k in
      while !lo < !hi do
        let t = perm.(!lo) in
        perm.(!lo) <- perm.(!hi);
        perm.(!hi) <- t;
        incr lo;
        decr hi
      done;
      incr flips;
      k := perm.(0)
    done;
    if !flips > !max_flips then max_flips := !flips;
    if !idx land 1 = 0 then checksum := !checksum + !flips
    else checksum := !checksum - !flips;
    (* 3 *)
    let stepping = ref true in
    while !stepping do
      if !r = n then begin
        finished := true;
        stepping := false
      end else begin
        let p0 = perm1.(0) in
        for i = 0 to !r - 1 do
          perm1.(i) <- perm1.(i + 1)
        done;
        perm1.(!r) <- p0;
        count.(!r) <- count.(!r) - 1;
        if count.(!r) > 0 then stepping := false else incr r
      end
    done;
    incr idx
  done;
  Printf.printf "%d\nPfannkuchen(%d) = %d\n" !checksum n !max_flips
