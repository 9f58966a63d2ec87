%% k-nucleotide (joulebench suite, written from SPEC.md).
%% Rules relied on: single-threaded (one Erlang process); every k-mer
%% (overlapping) counted in a standard-library hash table (an ets set, with
%% ets:update_counter, keyed by the k-mer as a binary), a fresh table for
%% each k, all substrings counted for the five given k-mers too; stdin read
%% in 1 MiB chunks from a raw file descriptor. Standard library only.
-module(main).
-export([main/0, main/1]).

main() -> main([]).

main(_) ->
    Seq = sequence(read_stdin(), <<">THREE">>),
    Freqs = [frequencies(Seq, 1), frequencies(Seq, 2)],
    Counts = [io_lib:format("~b\t~s~n", [count_of(Seq, K), K])
              || K <- [<<"GGT">>, <<"GGTA">>, <<"GGTATT">>, <<"GGTATTTTAATT">>,
                       <<"GGTATTTTAATTTATAGT">>]],
    write_out([Freqs, Counts]),
    halt(0).

%% The record whose header starts with Prefix, lines joined, upper-cased.
sequence(Data, Prefix) ->
    Start = case Data of
                <<Prefix:(byte_size(Prefix))/binary, _/binary>> -> 0;
                _ ->
                    {P, _} = binary:match(Data, <<$\n, Prefix/binary>>),
                    P + 1
            end,
    {H, 1} = binary:match(Data, <<$\n>>, [{scope, {Start, byte_size(Data) - Start}}]),
    BodyStart = H + 1,
    BodyEnd = case binary:match(Data, <<"\n>">>,
                                [{scope, {H, byte_size(Data) - H}}]) of
                  nomatch -> byte_size(Data);
                  {E, _} -> E
              end,
    Body = binary:part(Data, BodyStart, BodyEnd - BodyStart),
    << <<(upper(C))>> || <<C>> <= Body, C =/= $\n, C =/= $\r >>.

upper(C) when C >= $a, C =< $z -> C - 32;
upper(C) -> C.

%% An ets set mapping each K-length substring to its count.
count_all(Seq, K) ->
    Table = ets:new(kmers, [set, private]),
    count_all(Seq, K, 0, byte_size(Seq) - K, Table).

count_all(_, _, I, Last, Table) when I > Last -> Table;
count_all(Seq, K, I, Last, Table) ->
    Key = binary:part(Seq, I, K),
    _ = ets:update_counter(Table, Key, 1, {Key, 0}),
    count_all(Seq, K, I + 1, Last, Table).

frequencies(Seq, K) ->
    Total = byte_size(Seq) - K + 1,
    Table = count_all(Seq, K),
    Counts = ets:tab2list(Table),
    true = ets:delete(Table),
    Sorted = lists:sort(fun({A, CA}, {B, CB}) -> CA > CB orelse (CA =:= CB andalso A =< B) end,
                        Counts),
    [[io_lib:format("~s ~.3f~n", [KM, 100.0 * C / Total]) || {KM, C} <- Sorted], $\n].

count_of(Seq, Kmer) ->
    Table = count_all(Seq, byte_size(Kmer)),
    C = case ets:lookup(Table, Kmer) of
            [{_, N}] -> N;
            [] -> 0
        end,
    true = ets:delete(Table),
    C.

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

write_out(IoData) ->
    {ok, F} = file:open("/dev/stdout", [append, raw, binary]),
    ok = file:write(F, IoData),
    ok = file:close(F).
