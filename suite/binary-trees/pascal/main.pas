{ binary-trees (joulebench suite, written from SPEC.md).
  Rules relied on: single-threaded; every node a separate heap allocation
  with the ordinary New, dropped trees given back with Dispose (Free Pascal
  has no garbage collector); no pools, arenas or free lists.
  Standard library only. }
program BinaryTrees;

{$mode objfpc}

type
  PNode = ^TNode;
  TNode = record
    left, right: PNode;
  end;

function Make(depth: LongInt): PNode;
begin
  New(Result);
  if depth = 0 then
  begin
    Result^.left := nil;
    Result^.right := nil;
  end
  else
  begin
    Result^.left := Make(depth - 1);
    Result^.right := Make(depth - 1);
  end;
end;

function Check(t: PNode): LongInt;
begin
  if t^.left = nil then
    Result := 1
  else
    Result := 1 + Check(t^.left) + Check(t^.right);
end;

procedure Drop(t: PNode);
begin
  if t^.left <> nil then
  begin
    Drop(t^.left);
    Drop(t^.right);
  end;
  Dispose(t);
end;

const
  MinDepth = 4;

var
  n, maxDepth, depth, iterations, i, sum: LongInt;
  stretch, longLived, t: PNode;
begin
  n := 10;
  if ParamCount > 0 then
    Val(ParamStr(1), n);
  maxDepth := MinDepth + 2;
  if n > maxDepth then
    maxDepth := n;

  stretch := Make(maxDepth + 1);
  WriteLn('stretch tree of depth ', maxDepth + 1, #9' check: ', Check(stretch));
  Drop(stretch);

  longLived := Make(maxDepth);
  depth := MinDepth;
  while depth <= maxDepth do
  begin
    iterations := 1 shl (maxDepth - depth + MinDepth);
    sum := 0;
    for i := 1 to iterations do
    begin
      t := Make(depth);
      sum := sum + Check(t);
      Drop(t);
    end;
    WriteLn(iterations, #9' trees of depth ', depth, #9' check: ', sum);
    Inc(depth, 2);
  end;
  WriteLn('long lived tree of depth ', maxDepth, #9' check: ', Check(longLived));
  Drop(longLived);
end.
