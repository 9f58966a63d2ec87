{ fannkuch-redux (joulebench suite, written from SPEC.md).
  Rules relied on: single-threaded; the SPEC's permutation order and flip
  counting; no hand-written SIMD. Standard library only. }
program FannkuchRedux;

{$mode objfpc}

const
  MaxN = 16;

var
  n, r, i, k, lo, hi, t, p0: LongInt;
  perm1, perm, count: array[0..MaxN] of LongInt;
  permIndex: Int64;
  flips, maxFlips, checksum: LongInt;
  done: Boolean;
begin
  n := 7;
  if ParamCount > 0 then
    Val(ParamStr(1), n);
  if (n < 1) or (n > MaxN) then
    Halt(1);

  for i := 0 to n - 1 do
  begin
    perm1[i] := i;
    count[i] := 0;
  end;
  r := n;
  permIndex := 0;
  maxFlips := 0;
  checksum := 0;
  done := False;

  repeat
    while r <> 1 do
    begin
      count[r - 1] := r;
      Dec(r);
    end;

    { count the flips of a copy }
    perm := perm1;
    flips := 0;
    k := perm[0];
    while k <> 0 do
    begin
      lo := 0;
      hi := k;
      while lo < hi do
      begin
        t := perm[lo];
        perm[lo] := perm[hi];
        perm[hi] := t;
        Inc(lo);
        Dec(hi);
      end;
      Inc(flips);
      k := perm[0];
    end;
    if flips > maxFlips then
      maxFlips := flips;
    if not Odd(permIndex) then
      checksum := checksum + flips
    else
      checksum := checksum - flips;

    { next permutation }
    while True do
    begin
      if r = n then
      begin
        done := True;
        Break;
      end;
      p0 := perm1[0];
      for i := 0 to r - 1 do
        perm1[i] := perm1[i + 1];
      perm1[r] := p0;
      Dec(count[r]);
      if count[r] > 0 then
        Break;
      Inc(r);
    end;
    Inc(permIndex);
  until done;

  WriteLn(checksum);
  WriteLn('Pfannkuchen(', n, ') = ', maxFlips);
end.
