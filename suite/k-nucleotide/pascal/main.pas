{ k-nucleotide (joulebench suite, written from SPEC.md).
  Rules relied on: single-threaded; standard library only. Counts are kept
  in Generics.Collections.TDictionary (Free Pascal's standard generic hash
  map), keyed by the k-mer packed 2 bits a base into a QWord (k <= 32), the
  value a pointer to the k-mer's counter so that each position costs one
  lookup; stdin read with ReadLn through a 64 KiB text buffer. }
program KNucleotide;

{$mode objfpc}{$H+}
{$MINFPCONSTPREC 64} { floating-point literals are doubles, never singles }

uses
  Generics.Collections;

type
  PCounter = ^LongInt;
  TCounts = specialize TDictionary<QWord, PCounter>;
  TEntry = record
    key: QWord;
    count: LongInt;
  end;

var
  Code: array[Char] of QWord;

{ The joined, upper-cased sequence of the record whose header starts with
  ">THREE". }
function ReadThree: AnsiString;
var
  buf: array[0..65535] of Byte;
  line: AnsiString;
  inside: Boolean;
  len, cap, i: SizeInt;
begin
  SetTextBuf(Input, buf, SizeOf(buf));
  Result := '';
  cap := 0;
  len := 0;
  inside := False;
  while not Eof(Input) do
  begin
    ReadLn(line);
    if (Length(line) > 0) and (line[1] = '>') then
    begin
      if inside then
        Break;
      inside := Copy(line, 1, 6) = '>THREE';
    end
    else if inside then
    begin
      if len + Length(line) > cap then
      begin
        cap := 2 * (len + Length(line)) + 1024;
        SetLength(Result, cap);
      end;
      for i := 1 to Length(line) do
        if line[i] <> #13 then
        begin
          Inc(len);
          Result[len] := UpCase(line[i]);
        end;
    end;
  end;
  SetLength(Result, len);
end;

procedure CountAll(const seq: AnsiString; k: LongInt; counts: TCounts);
var
  mask, key: QWord;
  i: SizeInt;
  counter: PCounter;
begin
  if Length(seq) < k then
    Exit;
  mask := (QWord(1) shl (2 * k)) - 1;
  key := 0;
  for i := 1 to k - 1 do
    key := (key shl 2) or Code[seq[i]];
  for i := k to Length(seq) do
  begin
    key := ((key shl 2) or Code[seq[i]]) and mask;
    if counts.TryGetValue(key, counter) then
      Inc(counter^)
    else
    begin
      New(counter);
      counter^ := 1;
      counts.Add(key, counter);
    end;
  end;
end;

procedure FreeCounts(counts: TCounts);
var
  counter: PCounter;
begin
  for counter in counts.Values do
    Dispose(counter);
  counts.Free;
end;

function Decode(key: QWord; k: LongInt): AnsiString;
const
  Bases: array[0..3] of Char = ('A', 'C', 'G', 'T');
var
  i: LongInt;
begin
  SetLength(Result, k);
  for i := k downto 1 do
  begin
    Result[i] := Bases[key and 3];
    key := key shr 2;
  end;
end;

function Encode(const s: AnsiString): QWord;
var
  i: LongInt;
begin
  Result := 0;
  for i := 1 to Length(s) do
    Result := (Result shl 2) or Code[s[i]];
end;

{ count descending, then k-mer ascending (for a fixed k the packed code
  orders like the k-mer itself: A < C < G < T) }
function Before(const a, b: TEntry): Boolean;
begin
  Result := (a.count > b.count) or ((a.count = b.count) and (a.key < b.key));
end;

procedure PrintFrequencies(const seq: AnsiString; k: LongInt);
var
  counts: TCounts;
  items: array of TEntry;
  pair: specialize TPair<QWord, PCounter>;
  n, i, j: LongInt;
  e: TEntry;
  total: Double;
begin
  counts := TCounts.Create;
  CountAll(seq, k, counts);
  SetLength(items, counts.Count);
  n := 0;
  for pair in counts do
  begin
    items[n].key := pair.Key;
    items[n].count := pair.Value^;
    Inc(n);
  end;
  FreeCounts(counts);
  { insertion sort: at most 4^k entries, k <= 2 here }
  for i := 1 to n - 1 do
  begin
    e := items[i];
    j := i - 1;
    while (j >= 0) and Before(e, items[j]) do
    begin
      items[j + 1] := items[j];
      Dec(j);
    end;
    items[j + 1] := e;
  end;
  total := Length(seq) - k + 1;
  for i := 0 to n - 1 do
    WriteLn(Decode(items[i].key, k), ' ', 100.0 * items[i].count / total: 0: 3);
  WriteLn;
end;

procedure PrintCount(const seq, fragment: AnsiString);
var
  counts: TCounts;
  counter: PCounter;
  count: LongInt;
begin
  counts := TCounts.Create;
  CountAll(seq, Length(fragment), counts);
  count := 0;
  if counts.TryGetValue(Encode(fragment), counter) then
    count := counter^;
  FreeCounts(counts);
  WriteLn(count, #9, fragment);
end;

var
  seq: AnsiString;
  c: Char;
begin
  for c := Low(Char) to High(Char) do
    Code[c] := 0;
  Code['A'] := 0;
  Code['C'] := 1;
  Code['G'] := 2;
  Code['T'] := 3;

  seq := ReadThree;
  PrintFrequencies(seq, 1);
  PrintFrequencies(seq, 2);
  PrintCount(seq, 'GGT');
  PrintCount(seq, 'GGTA');
  PrintCount(seq, 'GGTATT');
  PrintCount(seq, 'GGTATTTTAATT');
  PrintCount(seq, 'GGTATTTTAATTTATAGT');
end.
