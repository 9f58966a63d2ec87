{ pidigits (joulebench suite, written from SPEC.md).
  Rules relied on: single-threaded; the SPEC's step-by-step spigot;
  arbitrary-precision integers from GMP through Free Pascal's own gmp unit
  (fp-units-math, links libgmp); output through the Text buffer. }
program PiDigits;

{$mode objfpc}

uses
  gmp;

var
  acc, den, num, t1, t2: mpz_t;
  n, i, col: LongInt;
  k, k2, d: LongWord;
  line: array[1..10] of Char;
begin
  n := 30;
  if ParamCount > 0 then
    Val(ParamStr(1), n);

  mpz_init_set_ui(acc, 0);
  mpz_init_set_ui(den, 1);
  mpz_init_set_ui(num, 1);
  mpz_init(t1);
  mpz_init(t2);

  i := 0;
  k := 0;
  col := 0;
  while i < n do
  begin
    Inc(k);
    k2 := 2 * k + 1;
    { acc += 2 * num; acc *= k2; den *= k2; num *= k }
    mpz_addmul_ui(acc, num, 2);
    mpz_mul_ui(acc, acc, k2);
    mpz_mul_ui(den, den, k2);
    mpz_mul_ui(num, num, k);

    if mpz_cmp(num, acc) > 0 then
      Continue;

    { d3 = (3 * num + acc) / den, d4 = (4 * num + acc) / den }
    mpz_set(t1, acc);
    mpz_addmul_ui(t1, num, 3);
    mpz_tdiv_q(t1, t1, den);
    mpz_set(t2, acc);
    mpz_addmul_ui(t2, num, 4);
    mpz_tdiv_q(t2, t2, den);
    if mpz_cmp(t1, t2) <> 0 then
      Continue;

    d := mpz_get_ui(t1);
    Inc(col);
    line[col] := Chr(Ord('0') + d);
    Inc(i);
    if col = 10 then
    begin
      WriteLn(line, #9':', i);
      col := 0;
    end;

    { acc -= den * d; acc *= 10; num *= 10 }
    mpz_submul_ui(acc, den, d);
    mpz_mul_ui(acc, acc, 10);
    mpz_mul_ui(num, num, 10);
  end;
  if col > 0 then
  begin
    while col < 10 do
    begin
      Inc(col);
      line[col] := ' ';
    end;
    WriteLn(line, #9':', n);
  end;

  mpz_clear(acc);
  mpz_clear(den);
  mpz_clear(num);
  mpz_clear(t1);
  mpz_clear(t2);
end.
