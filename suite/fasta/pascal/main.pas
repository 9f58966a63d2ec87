{ fasta (joulebench suite, written from SPEC.md).
  Rules relied on: single-threaded; the SPEC's linear congruential generator
  and cumulative-probability lookup (doubles, no FMA: fpc emits none without
  -CfAVX2/-CfFMA); output collected in a 64 KiB buffer written with
  SysUtils.FileWrite on the standard output handle. Standard library only. }
program Fasta;

{$mode objfpc}{$H+}
{$MINFPCONSTPREC 64} { floating-point literals are doubles, never singles }

uses
  SysUtils;

const
  LineLength = 60;
  Alu: AnsiString =
    'GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC' +
    'AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG' +
    'CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG' +
    'CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA';
  IM = 139968;
  IA = 3877;
  IC = 29573;

type
  TFrequency = record
    symbol: Char;
    prob: Double;
  end;
  TFrequencyTable = array of TFrequency;

var
  OutBuf: array[0..65535] of Char;
  OutUsed: LongInt = 0;
  Seed: LongInt = 42;

procedure Flush;
var
  done, w: LongInt;
begin
  done := 0;
  while done < OutUsed do
  begin
    w := FileWrite(StdOutputHandle, OutBuf[done], OutUsed - done);
    if w <= 0 then
      Halt(1);
    done := done + w;
  end;
  OutUsed := 0;
end;

procedure PutChar(c: Char); inline;
begin
  if OutUsed = Length(OutBuf) then
    Flush;
  OutBuf[OutUsed] := c;
  Inc(OutUsed);
end;

procedure PutStr(const s: AnsiString);
var
  i: LongInt;
begin
  for i := 1 to Length(s) do
    PutChar(s[i]);
end;

function NextRandom: Double; inline;
begin
  Seed := (Seed * IA + IC) mod IM;
  Result := Seed / 139968.0;
end;

function Freq(symbol: Char; prob: Double): TFrequency;
begin
  Result.symbol := symbol;
  Result.prob := prob;
end;

procedure MakeCumulative(var t: TFrequencyTable);
var
  i: LongInt;
  sum: Double;
begin
  sum := 0;
  for i := 0 to High(t) do
  begin
    sum := sum + t[i].prob;
    t[i].prob := sum;
  end;
end;

procedure RepeatFasta(const header, s: AnsiString; n: LongInt);
var
  pos, line, i: LongInt;
begin
  PutStr(header);
  pos := 1;
  while n > 0 do
  begin
    line := LineLength;
    if n < line then
      line := n;
    for i := 1 to line do
    begin
      PutChar(s[pos]);
      if pos = Length(s) then
        pos := 1
      else
        Inc(pos);
    end;
    PutChar(#10);
    n := n - line;
  end;
end;

procedure RandomFasta(const header: AnsiString; const t: TFrequencyTable; n: LongInt);
var
  line, i, j, pick: LongInt;
  r: Double;
begin
  PutStr(header);
  while n > 0 do
  begin
    line := LineLength;
    if n < line then
      line := n;
    for i := 1 to line do
    begin
      r := NextRandom;
      pick := High(t);
      for j := 0 to High(t) do
        if t[j].prob > r then
        begin
          pick := j;
          Break;
        end;
      PutChar(t[pick].symbol);
    end;
    PutChar(#10);
    n := n - line;
  end;
end;

var
  n: LongInt;
  iub, homoSapiens: TFrequencyTable;
begin
  n := 1000;
  if ParamCount > 0 then
    Val(ParamStr(1), n);

  iub := [Freq('a', 0.27), Freq('c', 0.12), Freq('g', 0.12), Freq('t', 0.27),
          Freq('B', 0.02), Freq('D', 0.02), Freq('H', 0.02), Freq('K', 0.02),
          Freq('M', 0.02), Freq('N', 0.02), Freq('R', 0.02), Freq('S', 0.02),
          Freq('V', 0.02), Freq('W', 0.02), Freq('Y', 0.02)];
  homoSapiens := [Freq('a', 0.3029549426680), Freq('c', 0.1979883004921),
                  Freq('g', 0.1975473066391), Freq('t', 0.3015094502008)];
  MakeCumulative(iub);
  MakeCumulative(homoSapiens);

  RepeatFasta('>ONE Homo sapiens alu'#10, Alu, 2 * n);
  RandomFasta('>TWO IUB ambiguity codes'#10, iub, 3 * n);
  RandomFasta('>THREE Homo sapiens frequency'#10, homoSapiens, 5 * n);
  Flush;
end.
