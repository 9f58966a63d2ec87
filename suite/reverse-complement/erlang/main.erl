%% reverse-complement (joulebench suite, written from SPEC.md).
%% Rules relied on: single-threaded (one Erlang process); stdin read in 1 MiB
%% chunks from a raw file descriptor; each record's lines joined, then output
%% from its end 60 characters a line, complemented through a 256-entry tuple;
%% output written to a raw stdout file descriptor about 64 KiB at a time.
%% Standard library only.
-module(main).
-export([main/0, main/1]).
-compile({inline, [comp/2]}).

-define(WIDTH, 60).
-define(CHUNK, 65536).

main() -> main([]).

main(_) ->
    Data = read_stdin(),
    Table = table(),
    {ok, Out} = file:open("/dev/stdout", [append, raw, binary]),
    records(Out, Table, Data, 0),
    ok = file:close(Out),
    halt(0).

%% Complement table: index C + 1 holds the complement of byte C.
table() ->
    Pairs = [{$A, $T}, {$C, $G}, {$G, $C}, {$T, $A}, {$U, $A}, {$M, $K},
             {$R, $Y}, {$W, $W}, {$S, $S}, {$Y, $R}, {$K, $M}, {$V, $B},
             {$H, $D}, {$D, $H}, {$B, $V}, {$N, $N}],
    Map = maps:from_list(Pairs ++ [{C + 32, U} || {C, U} <- Pairs]),
    list_to_tuple([maps:get(C, Map, C) || C <- lists:seq(0, 255)]).

comp(C, Table) -> element(C + 1, Table).

%% Records start with '>' at Pos; header copied, sequence up to the next "\n>".
records(_, _, Data, Pos) when Pos >= byte_size(Data) -> ok;
records(Out, Table, Data, Pos) ->
    Size = byte_size(Data),
    HeaderEnd = case binary:match(Data, <<$\n>>, [{scope, {Pos, Size - Pos}}]) of
                    {H, 1} -> H + 1;
                    nomatch -> Size
                end,
    BodyEnd = case binary:match(Data, <<"\n>">>, [{scope, {HeaderEnd - 1, Size - HeaderEnd + 1}}]) of
                  {E, 2} when E >= HeaderEnd -> E + 1;
                  _ -> Size
              end,
    Header = binary:part(Data, Pos, HeaderEnd - Pos),
    Body = binary:part(Data, HeaderEnd, BodyEnd - HeaderEnd),
    Seq = iolist_to_binary(binary:split(Body, <<$\n>>, [global])),
    ok = file:write(Out, Header),
    lines(Out, Table, Seq, byte_size(Seq), <<>>),
    records(Out, Table, Data, BodyEnd).

%% Output lines from the end of Seq: each is Seq[Start, End) reversed and
%% complemented.
lines(Out, _, _, 0, Buf) ->
    ok = file:write(Out, Buf);
lines(Out, Table, Seq, End, Buf) ->
    Start = max(0, End - ?WIDTH),
    Buf1 = <<(revcomp(Seq, Table, End - 1, Start, Buf))/binary, $\n>>,
    if
        byte_size(Buf1) >= ?CHUNK ->
            ok = file:write(Out, Buf1),
            lines(Out, Table, Seq, Start, <<>>);
        true ->
            lines(Out, Table, Seq, Start, Buf1)
    end.

revcomp(_, _, I, Start, Buf) when I < Start -> Buf;
revcomp(Seq, Table, I, Start, Buf) ->
    revcomp(Seq, Table, I - 1, Start, <<Buf/binary, (comp(binary:at(Seq, I), Table))>>).

read_stdin() ->
    {ok, F} = file:open("/dev/stdin", [read, raw, binary]),
    read_all(F, []).

read_all(F, Acc) ->
    case file:read(F, 1 bsl 20) of
        {ok, B} -> read_all(F, [B | Acc]);
        eof ->
            ok = file:close(F),
            iolist_to_binary(lists:reverse(Acc))
    end.
