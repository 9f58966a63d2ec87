{ spectral-norm (joulebench suite, written from SPEC.md).
  Rules relied on: single-threaded; IEEE double, no FMA (fpc emits no fused
  multiply-add without -CfAVX2/-CfFMA), no fast-math; no hand-written SIMD.
  Standard library only. }
program SpectralNorm;

{$mode objfpc}
{$MINFPCONSTPREC 64} { floating-point literals are doubles, never singles }

type
  TVector = array of Double;

function A(i, j: LongInt): Double; inline;
var
  ij: LongInt;
begin
  ij := i + j;
  Result := 1.0 / Double((ij * (ij + 1)) div 2 + i + 1);
end;

{ y := A x }
procedure MulA(const x: TVector; var y: TVector; n: LongInt);
var
  i, j: LongInt;
  sum: Double;
begin
  for i := 0 to n - 1 do
  begin
    sum := 0;
    for j := 0 to n - 1 do
      sum := sum + A(i, j) * x[j];
    y[i] := sum;
  end;
end;

{ y := transpose(A) x }
procedure MulAt(const x: TVector; var y: TVector; n: LongInt);
var
  i, j: LongInt;
  sum: Double;
begin
  for i := 0 to n - 1 do
  begin
    sum := 0;
    for j := 0 to n - 1 do
      sum := sum + A(j, i) * x[j];
    y[i] := sum;
  end;
end;

{ y := transpose(A) (A x) }
procedure MulAtA(const x: TVector; var y, tmp: TVector; n: LongInt);
begin
  MulA(x, tmp, n);
  MulAt(tmp, y, n);
end;

var
  n, i: LongInt;
  u, v, tmp: TVector;
  uv, vv: Double;
begin
  n := 100;
  if ParamCount > 0 then
    Val(ParamStr(1), n);
  SetLength(u, n);
  SetLength(v, n);
  SetLength(tmp, n);
  for i := 0 to n - 1 do
    u[i] := 1.0;
  for i := 1 to 10 do
  begin
    MulAtA(u, v, tmp, n);
    MulAtA(v, u, tmp, n);
  end;
  uv := 0;
  vv := 0;
  for i := 0 to n - 1 do
  begin
    uv := uv + u[i] * v[i];
    vv := vv + v[i] * v[i];
  end;
  WriteLn(Sqrt(uv / vv): 0: 9);
end.
