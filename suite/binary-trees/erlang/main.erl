%% binary-trees (joulebench suite, written from SPEC.md).
%% Rules relied on: single-threaded (one Erlang process); every node, leaves
%% included, is its own heap tuple {Left, Right} built at run time (a leaf is
%% {Nil, Nil} of a variable: make/2 is exported so the compiler cannot infer
%% Nil and share one literal {nil, nil} for all leaves); memory is the
%% BEAM's ordinary garbage-collected process heap, no pools.
%% Standard library only.
-module(main).
-export([main/0, main/1]).
-export([make/2]). % see the header: keeps every leaf a fresh tuple

-define(MIN_DEPTH, 4).

main() -> main(["10"]).

main([Arg | _]) ->
    N = list_to_integer(Arg),
    Max = max(?MIN_DEPTH + 2, N),
    Stretch = Max + 1,
    Out1 = io_lib:format("stretch tree of depth ~b\t check: ~b~n",
                         [Stretch, check(make(Stretch, nil))]),
    LongLived = make(Max, nil),
    Out2 = depths(?MIN_DEPTH, Max),
    Out3 = io_lib:format("long lived tree of depth ~b\t check: ~b~n",
                         [Max, check(LongLived)]),
    write_out([Out1, Out2, Out3]),
    halt(0).

depths(D, Max) when D > Max -> [];
depths(D, Max) ->
    Iterations = 1 bsl (Max - D + ?MIN_DEPTH),
    Sum = many(Iterations, D, 0),
    [io_lib:format("~b\t trees of depth ~b\t check: ~b~n", [Iterations, D, Sum])
     | depths(D + 2, Max)].

many(0, _, Sum) -> Sum;
many(I, D, Sum) -> many(I - 1, D, Sum + check(make(D, nil))).

%% Nil is always the atom nil; each leaf is a fresh {Nil, Nil} tuple.
make(0, Nil) -> {Nil, Nil};
make(D, Nil) -> {make(D - 1, Nil), make(D - 1, Nil)}.

check({nil, nil}) -> 1;
check({L, R}) -> 1 + check(L) + check(R).

write_out(IoData) ->
    {ok, F} = file:open("/dev/stdout", [append, raw, binary]),
    ok = file:write(F, IoData),
    ok = file:close(F).
