{ regex-redux (joulebench suite, written from SPEC.md).
  Rules relied on: single-threaded; regular expressions from the RegExpr
  unit (TRegExpr, shipped with Free Pascal in fp-units-base), with
  ModifierS off so that '.' stops at a newline; every count and
  substitution is done by the regex engine (Exec/ExecNext, Replace),
  matches scanned left to right without overlap; stdin read whole with
  SysUtils.FileRead. }
program RegexRedux;

{$mode objfpc}{$H+}

uses
  SysUtils, RegExpr;

{ The whole of standard input. }
function ReadAll: AnsiString;
var
  len: SizeInt;
  r: LongInt;
begin
  SetLength(Result, 1 shl 24);
  len := 0;
  repeat
    if len + (1 shl 20) > Length(Result) then
      SetLength(Result, 2 * Length(Result));
    r := FileRead(StdInputHandle, Result[len + 1], 1 shl 20);
    if r > 0 then
      Inc(len, r);
  until r <= 0;
  SetLength(Result, len);
end;

function NewRegex(const pattern: AnsiString): TRegExpr;
begin
  Result := TRegExpr.Create;
  Result.ModifierS := False;
  Result.ModifierI := False;
  Result.Expression := pattern;
  Result.Compile;
end;

function CountMatches(const pattern, text: AnsiString): LongInt;
var
  re: TRegExpr;
begin
  Result := 0;
  re := NewRegex(pattern);
  try
    if re.Exec(text) then
      repeat
        Inc(Result);
      until not re.ExecNext;
  finally
    re.Free;
  end;
end;

function ReplaceAll(const pattern, by, text: AnsiString): AnsiString;
var
  re: TRegExpr;
begin
  re := NewRegex(pattern);
  try
    Result := re.Replace(text, by, False);
  finally
    re.Free;
  end;
end;

const
  Variants: array[0..8] of AnsiString = (
    'agggtaaa|tttaccct',
    '[cgt]gggtaaa|tttaccc[acg]',
    'a[act]ggtaaa|tttacc[agt]t',
    'ag[act]gtaaa|tttac[agt]ct',
    'agg[act]taaa|ttta[agt]cct',
    'aggg[acg]aaa|ttt[cgt]ccct',
    'agggt[cgt]aa|tt[acg]accct',
    'agggta[cgt]a|t[acg]taccct',
    'agggtaa[cgt]|[acg]ttaccct');
  Patterns: array[0..4] of AnsiString = (
    'tHa[Nt]', 'aND|caN|Ha[DS]|WaS', 'a[NSt]|BY', '<[^>]*>', '\|[^|][^|]*\|');
  Replacements: array[0..4] of AnsiString = ('<4>', '<3>', '<2>', '|', '-');

var
  input, seq: AnsiString;
  inputLen, cleanLen: SizeInt;
  i: LongInt;
begin
  input := ReadAll;
  inputLen := Length(input);
  seq := ReplaceAll('>.*\n|\n', '', input);
  input := '';
  cleanLen := Length(seq);

  for i := Low(Variants) to High(Variants) do
    WriteLn(Variants[i], ' ', CountMatches(Variants[i], seq));
  for i := Low(Patterns) to High(Patterns) do
    seq := ReplaceAll(Patterns[i], Replacements[i], seq);

  WriteLn;
  WriteLn(inputLen);
  WriteLn(cleanLen);
  WriteLn(Length(seq));
end.
