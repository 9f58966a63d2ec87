%% fannkuch-redux (joulebench suite, written from SPEC.md).
%% Rules relied on: single-threaded (one Erlang process); the SPEC's
%% permutation order (count[] and r, rotate perm1[0..r] left), flips counted on
%% a copy of each permutation, checksum sign by permutation index parity.
%% Standard library only.
%%
%% perm1 is a list (a flip reverses a prefix of a fresh copy); count is a tuple
%% indexed by r + 1.
-module(main).
-export([main/0, main/1]).
-compile({inline, [flips/1]}).

main() -> main(["7"]).

main([Arg | _]) ->
    N = list_to_integer(Arg),
    Perm = lists:seq(0, N - 1),
    Count = erlang:make_tuple(N, 0),
    {Sum, Max} = loop(N, Perm, Count, N, 0, 0, 0),
    write_out(io_lib:format("~b~nPfannkuchen(~b) = ~b~n", [Sum, N, Max])),
    halt(0).

%% Step 1: while r != 1, count[r-1] = r, r -= 1.
loop(N, Perm, Count, R, Index, Sum, Max) when R =/= 1 ->
    loop(N, Perm, setelement(R, Count, R), R - 1, Index, Sum, Max);
loop(N, Perm, Count, R, Index, Sum, Max) ->
    %% Step 2: flips of this permutation.
    F = flips(Perm),
    Max1 = if F > Max -> F; true -> Max end,
    Sum1 = case Index band 1 of 0 -> Sum + F; 1 -> Sum - F end,
    next(N, Perm, Count, R, Index, Sum1, Max1).

%% Step 3: the next permutation, or the end.
next(N, _, _, N, _, Sum, Max) -> {Sum, Max};
next(N, Perm, Count, R, Index, Sum, Max) ->
    Perm1 = rotate(R, Perm),
    C = element(R + 1, Count) - 1,
    Count1 = setelement(R + 1, Count, C),
    if
        C > 0 -> loop(N, Perm1, Count1, R, Index + 1, Sum, Max);
        true -> next(N, Perm1, Count1, R + 1, Index, Sum, Max)
    end.

%% perm1[0..r] shifted one place left, the old perm1[0] put at perm1[r].
rotate(R, [P0 | T]) -> insert(R, P0, T).

insert(0, P0, T) -> [P0 | T];
insert(R, P0, [H | T]) -> [H | insert(R - 1, P0, T)].

%% While the first element k is not 0, reverse the first k + 1 elements.
flips(Perm) -> flips(Perm, 0).

flips([0 | _], F) -> F;
flips([K | _] = P, F) -> flips(reverse_prefix(K + 1, P, []), F + 1).

%% The first K elements reversed (Acc holds them in reverse), then the rest.
reverse_prefix(0, Rest, Acc) -> Acc ++ Rest;
reverse_prefix(K, [H | T], Acc) -> reverse_prefix(K - 1, T, [H | Acc]).

write_out(IoData) ->
    {ok, F} = file:open("/dev/stdout", [append, raw, binary]),
    ok = file:write(F, IoData),
    ok = file:close(F).
