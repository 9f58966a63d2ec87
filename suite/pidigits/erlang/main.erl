%% pidigits (joulebench suite, written from SPEC.md).
%% Rules relied on: single-threaded (one Erlang process); the SPEC's
%% step-by-step spigot with arbitrary-precision integers: Erlang's built-in
%% integers (bignums in the BEAM, no extra library); output collected and
%% written once.
-module(main).
-export([main/0, main/1]).

main() -> main(["30"]).

main([Arg | _]) ->
    N = list_to_integer(Arg),
    Digits = spigot(N, 0, 0, 1, 1, 0, []),
    write_out(lines(Digits, 0, N)),
    halt(0).

%% Returns the N digits (as characters) in order.
spigot(N, N, _, _, _, _, Acc) -> lists:reverse(Acc);
spigot(N, I, Acc0, Den0, Num0, K0, Digits) ->
    K = K0 + 1,
    K2 = 2 * K + 1,
    Acc = (Acc0 + 2 * Num0) * K2,
    Den = Den0 * K2,
    Num = Num0 * K,
    if
        Num > Acc ->
            spigot(N, I, Acc, Den, Num, K, Digits);
        true ->
            D3 = (3 * Num + Acc) div Den,
            D4 = (4 * Num + Acc) div Den,
            if
                D3 =/= D4 ->
                    spigot(N, I, Acc, Den, Num, K, Digits);
                true ->
                    spigot(N, I + 1, (Acc - Den * D3) * 10, Den, Num * 10, K,
                           [$0 + D3 | Digits])
            end
    end.

%% Ten digits a line, then "\t:COUNT"; the last line padded with spaces.
lines([], _, _) -> [];
lines(Digits, Done, N) ->
    {Line, Rest} = take(10, Digits, []),
    Count = Done + length(Line),
    Pad = lists:duplicate(10 - length(Line), $\s),
    [Line, Pad, "\t:", integer_to_list(Count), $\n | lines(Rest, Count, N)].

take(0, Rest, Acc) -> {lists:reverse(Acc), Rest};
take(_, [], Acc) -> {lists:reverse(Acc), []};
take(K, [D | T], Acc) -> take(K - 1, T, [D | Acc]).

write_out(IoData) ->
    {ok, F} = file:open("/dev/stdout", [append, raw, binary]),
    ok = file:write(F, IoData),
    ok = file:close(F).
