%% fasta (joulebench suite, written from SPEC.md).
%% Rules relied on: single-threaded (one Erlang process); the SPEC's linear
%% congruential generator (seed 42) shared by both random records, cumulative
%% probabilities summed in table order in double, first entry greater than the
%% draw; output built in binaries of about 64 KiB and written to a raw stdout
%% file descriptor in those chunks. Standard library only.
-module(main).
-export([main/0, main/1]).

-define(WIDTH, 60).
-define(CHUNK, 65536).
-define(IM, 139968).
-define(IA, 3877).
-define(IC, 29573).

-define(ALU, <<"GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC"
               "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG"
               "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG"
               "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA">>).

main() -> main(["1000"]).

main([Arg | _]) ->
    N = list_to_integer(Arg),
    {ok, Out} = file:open("/dev/stdout", [append, raw, binary]),
    repeat(Out, <<">ONE Homo sapiens alu\n">>, ?ALU, 2 * N),
    Iub = cumulative([{$a, 0.27}, {$c, 0.12}, {$g, 0.12}, {$t, 0.27},
                      {$B, 0.02}, {$D, 0.02}, {$H, 0.02}, {$K, 0.02},
                      {$M, 0.02}, {$N, 0.02}, {$R, 0.02}, {$S, 0.02},
                      {$V, 0.02}, {$W, 0.02}, {$Y, 0.02}]),
    Homo = cumulative([{$a, 0.3029549426680}, {$c, 0.1979883004921},
                       {$g, 0.1975473066391}, {$t, 0.3015094502008}]),
    Seed1 = random(Out, <<">TWO IUB ambiguity codes\n">>, Iub, 3 * N, 42),
    _ = random(Out, <<">THREE Homo sapiens frequency\n">>, Homo, 5 * N, Seed1),
    ok = file:close(Out),
    halt(0).

%% The ALU string repeated cyclically: line after line of 60 characters taken
%% from ALU followed by its own first 60 characters (so no line wraps).
repeat(Out, Header, Alu, Total) ->
    Len = byte_size(Alu),
    Ext = <<Alu/binary, (binary:part(Alu, 0, ?WIDTH))/binary>>,
    repeat_lines(Out, Ext, Len, 0, Total, Header).

repeat_lines(Out, _, _, _, 0, Buf) ->
    ok = file:write(Out, Buf);
repeat_lines(Out, Ext, Len, Pos, Left, Buf) ->
    L = min(?WIDTH, Left),
    Buf1 = <<Buf/binary, (binary:part(Ext, Pos, L))/binary, $\n>>,
    Buf2 = flush(Out, Buf1),
    Pos1 = case Pos + L of P when P >= Len -> P - Len; P -> P end,
    repeat_lines(Out, Ext, Len, Pos1, Left - L, Buf2).

flush(Out, Buf) when byte_size(Buf) >= ?CHUNK ->
    ok = file:write(Out, Buf),
    <<>>;
flush(_, Buf) -> Buf.

%% [{Char, Probability}] -> [{Char, Cumulative}] (summed in order, in double).
cumulative(Table) -> cumulative(Table, 0.0).

cumulative([], _) -> [];
cumulative([{C, P} | T], Acc) ->
    Acc1 = Acc + P,
    [{C, Acc1} | cumulative(T, Acc1)].

%% Total random characters, 60 a line; returns the generator's seed.
random(Out, Header, Table, Total, Seed) ->
    random_lines(Out, Table, Total, Seed, Header).

random_lines(Out, _, 0, Seed, Buf) ->
    ok = file:write(Out, Buf),
    Seed;
random_lines(Out, Table, Left, Seed, Buf) ->
    L = min(?WIDTH, Left),
    {Buf1, Seed1} = random_chars(L, Table, Seed, Buf),
    Buf2 = flush(Out, <<Buf1/binary, $\n>>),
    random_lines(Out, Table, Left - L, Seed1, Buf2).

random_chars(0, _, Seed, Buf) -> {Buf, Seed};
random_chars(K, Table, Seed, Buf) ->
    Seed1 = (Seed * ?IA + ?IC) rem ?IM,
    C = pick(Seed1 / ?IM, Table),
    random_chars(K - 1, Table, Seed1, <<Buf/binary, C>>).

%% The first character whose cumulative probability is greater than R, else
%% the last one.
pick(_, [{C, _}]) -> C;
pick(R, [{C, P} | _]) when P > R -> C;
pick(R, [_ | T]) -> pick(R, T).

