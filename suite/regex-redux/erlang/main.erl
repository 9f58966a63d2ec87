%% regex-redux (joulebench suite, written from SPEC.md).
%% Rules relied on: single-threaded (one Erlang process); regular expressions
%% from Erlang's standard `re` module (PCRE, bundled with OTP), patterns
%% compiled once, on binaries; stdin read in 1 MiB chunks from a raw file
%% descriptor.
-module(main).
-export([main/0, main/1]).

main() -> main([]).

main(_) ->
    Data = read_stdin(),
    Seq = replace(Data, <<">.*\n|\n">>, <<>>),
    Variants = [<<"agggtaaa|tttaccct">>,
                <<"[cgt]gggtaaa|tttaccc[acg]">>,
                <<"a[act]ggtaaa|tttacc[agt]t">>,
                <<"ag[act]gtaaa|tttac[agt]ct">>,
                <<"agg[act]taaa|ttta[agt]cct">>,
                <<"aggg[acg]aaa|ttt[cgt]ccct">>,
                <<"agggt[cgt]aa|tt[acg]accct">>,
                <<"agggta[cgt]a|t[acg]taccct">>,
                <<"agggtaa[cgt]|[acg]ttaccct">>],
    Counts = [[P, $\s, integer_to_list(count(Seq, P)), $\n] || P <- Variants],
    Substitutions = [{<<"tHa[Nt]">>, <<"<4>">>},
                     {<<"aND|caN|Ha[DS]|WaS">>, <<"<3>">>},
                     {<<"a[NSt]|BY">>, <<"<2>">>},
                     {<<"<[^>]*>">>, <<"|">>},
                     {<<"\\|[^|][^|]*\\|">>, <<"-">>}],
    Final = lists:foldl(fun({P, R}, S) -> replace(S, P, R) end, Seq, Substitutions),
    write_out([Counts, $\n,
               integer_to_list(byte_size(Data)), $\n,
               integer_to_list(byte_size(Seq)), $\n,
               integer_to_list(byte_size(Final)), $\n]),
    halt(0).

%% Number of non-overlapping matches.
count(Subject, Pattern) ->
    {ok, MP} = re:compile(Pattern),
    case re:run(Subject, MP, [global, {capture, first, index}]) of
        {match, Matches} -> length(Matches);
        nomatch -> 0
    end.

%% Every match replaced (the replacement has no & or \ escapes).
replace(Subject, Pattern, Replacement) ->
    {ok, MP} = re:compile(Pattern),
    re:replace(Subject, MP, Replacement, [global, {return, binary}]).

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
