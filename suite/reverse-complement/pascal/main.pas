{ reverse-complement (joulebench suite, written from SPEC.md).
  Rules relied on: single-threaded; standard library only. stdin is read
  whole with SysUtils.FileRead in 1 MiB blocks; each record's sequence is
  joined, then written reversed and complemented 60 bases a line into a
  1 MiB buffer that goes out with SysUtils.FileWrite. }
program ReverseComplement;

{$mode objfpc}{$H+}

uses
  SysUtils;

const
  OutSize = 1 shl 20;

var
  Complement: array[Byte] of Byte;
  OutBuf: array[0..OutSize - 1] of Byte;
  OutUsed: SizeInt = 0;

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

procedure Flush;
begin
  if OutUsed > 0 then
    WriteAll(OutBuf[0], OutUsed);
  OutUsed := 0;
end;

procedure Put(const buf; count: SizeInt);
begin
  if OutUsed + count > OutSize then
    Flush;
  if count > OutSize then
    WriteAll(buf, count)
  else
  begin
    Move(buf, OutBuf[OutUsed], count);
    Inc(OutUsed, count);
  end;
end;

procedure InitComplement;
const
  Pairs: array[0..15] of array[0..1] of Char = (
    ('A', 'T'), ('C', 'G'), ('G', 'C'), ('T', 'A'), ('U', 'A'), ('M', 'K'),
    ('R', 'Y'), ('W', 'W'), ('S', 'S'), ('Y', 'R'), ('K', 'M'), ('V', 'B'),
    ('H', 'D'), ('D', 'H'), ('B', 'V'), ('N', 'N'));
var
  b: Byte;
  i: LongInt;
begin
  for b := Low(Byte) to High(Byte) do
    Complement[b] := b;
  for i := Low(Pairs) to High(Pairs) do
  begin
    Complement[Ord(Pairs[i][0])] := Ord(Pairs[i][1]);
    Complement[Ord(LowerCase(Pairs[i][0]))] := Ord(Pairs[i][1]);
  end;
end;

{ The whole of standard input. }
function ReadAll(out len: SizeInt): TBytes;
var
  r: LongInt;
begin
  SetLength(Result, 1 shl 24);
  len := 0;
  repeat
    if len + (1 shl 20) > Length(Result) then
      SetLength(Result, 2 * Length(Result));
    r := FileRead(StdInputHandle, Result[len], 1 shl 20);
    if r > 0 then
      Inc(len, r);
  until r <= 0;
end;

var
  data, seq: TBytes;
  len, pos, eol, seqLen, src, line, i: SizeInt;
  chunk: array[0..60] of Byte;
  nl: Byte = 10;
begin
  InitComplement;
  data := ReadAll(len);
  SetLength(seq, len + 1);
  pos := 0;
  while pos < len do
  begin
    { header line, unchanged }
    eol := pos;
    while (eol < len) and (data[eol] <> 10) do
      Inc(eol);
    if eol < len then
      Put(data[pos], eol - pos + 1)
    else
    begin
      Put(data[pos], eol - pos);
      Put(nl, 1);
    end;
    pos := eol + 1;

    { the sequence, up to the next header, joined }
    seqLen := 0;
    while (pos < len) and (data[pos] <> Ord('>')) do
    begin
      eol := pos;
      while (eol < len) and (data[eol] <> 10) do
        Inc(eol);
      if eol > pos then
        Move(data[pos], seq[seqLen], eol - pos);
      Inc(seqLen, eol - pos);
      pos := eol + 1;
    end;

    { reversed and complemented, 60 a line }
    src := seqLen - 1;
    while src >= 0 do
    begin
      line := 60;
      if src + 1 < line then
        line := src + 1;
      for i := 0 to line - 1 do
      begin
        chunk[i] := Complement[seq[src]];
        Dec(src);
      end;
      chunk[line] := 10;
      Put(chunk[0], line + 1);
    end;
  end;
  Flush;
end.
