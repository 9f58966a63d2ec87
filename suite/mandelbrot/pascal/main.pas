{ mandelbrot (joulebench suite, written from SPEC.md).
  Rules relied on: single-threaded; IEEE double, no FMA (fpc emits no fused
  multiply-add without -CfAVX2/-CfFMA), no fast-math; no hand-written SIMD;
  c computed directly for each pixel; the binary PBM is collected in memory
  and written with SysUtils.FileWrite. Standard library only. }
program Mandelbrot;

{$mode objfpc}{$H+}
{$MINFPCONSTPREC 64} { floating-point literals are doubles, never singles }

uses
  SysUtils;

procedure WriteAll(const buf; count: SizeInt);
var
  p: PByte;
  w: LongInt;
begin
  p := @buf;
  while count > 0 do
  begin
    w := FileWrite(StdOutputHandle, p^, count);
    if w <= 0 then
      Halt(1);
    Inc(p, w);
    Dec(count, w);
  end;
end;

var
  n, x, y, iter, rowBytes: LongInt;
  size, cr, ci, zr, zi, tr, ti: Double;
  bits: Byte;
  header: AnsiString;
  image: array of Byte;
  pos: SizeInt;
begin
  n := 200;
  if ParamCount > 0 then
    Val(ParamStr(1), n);

  header := 'P4'#10 + IntToStr(n) + ' ' + IntToStr(n) + #10;
  WriteAll(header[1], Length(header));

  rowBytes := (n + 7) div 8;
  SetLength(image, SizeInt(rowBytes) * n);
  size := n;
  pos := 0;
  for y := 0 to n - 1 do
  begin
    ci := 2.0 * y / size - 1.0;
    bits := 0;
    for x := 0 to n - 1 do
    begin
      cr := 2.0 * x / size - 1.5;
      zr := 0; zi := 0; tr := 0; ti := 0;
      iter := 0;
      while (iter < 50) and (tr + ti <= 4.0) do
      begin
        zi := 2.0 * zr * zi + ci;
        zr := tr - ti + cr;
        tr := zr * zr;
        ti := zi * zi;
        Inc(iter);
      end;
      bits := bits shl 1;
      if tr + ti <= 4.0 then
        bits := bits or 1;
      if (x and 7) = 7 then
      begin
        image[pos] := bits;
        Inc(pos);
        bits := 0;
      end;
    end;
    if (n and 7) <> 0 then
    begin
      image[pos] := bits shl (8 - (n and 7));
      Inc(pos);
    end;
  end;
  if pos > 0 then
    WriteAll(image[0], pos);
end.
