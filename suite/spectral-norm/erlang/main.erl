%% spectral-norm (joulebench suite, written from SPEC.md).
%% Rules relied on: single-threaded (one Erlang process); IEEE double (BEAM
%% floats; no fused multiply-add), no fast-math; A(i, j) computed on the fly as
%% the SPEC gives it, sums over j in order. Standard library only.
%%
%% Vectors are lists of floats: both products walk x once per row.
-module(main).
-export([main/0, main/1]).
-compile({inline, [a/2]}).

main() -> main(["100"]).

main([Arg | _]) ->
    N = list_to_integer(Arg),
    U0 = lists:duplicate(N, 1.0),
    {U, V} = power(10, N, U0, U0),
    VBV = dot(U, V, 0.0),
    VV = dot(V, V, 0.0),
    write_out(io_lib:format("~.9f~n", [math:sqrt(VBV / VV)])),
    halt(0).

%% Ten times: v = At(A(u)), u = At(A(v)).
power(0, _, U, V) -> {U, V};
power(K, N, U, _) ->
    V = mul_atav(N, U),
    power(K - 1, N, mul_atav(N, V), V).

mul_atav(N, X) -> mul_atv(N, mul_av(N, X)).

a(I, J) ->
    IJ = I + J,
    1.0 / ((IJ * (IJ + 1)) div 2 + I + 1).

%% A(x)_i = sum_j A(i, j) x_j
mul_av(N, X) -> [row_a(I, 0, X, 0.0) || I <- lists:seq(0, N - 1)].

row_a(_, _, [], Sum) -> Sum;
row_a(I, J, [XJ | T], Sum) when is_float(XJ), is_float(Sum) ->
    row_a(I, J + 1, T, Sum + a(I, J) * XJ).

%% At(x)_i = sum_j A(j, i) x_j
mul_atv(N, X) -> [row_at(I, 0, X, 0.0) || I <- lists:seq(0, N - 1)].

row_at(_, _, [], Sum) -> Sum;
row_at(I, J, [XJ | T], Sum) when is_float(XJ), is_float(Sum) ->
    row_at(I, J + 1, T, Sum + a(J, I) * XJ).

dot([], [], S) -> S;
dot([A | TA], [B | TB], S) -> dot(TA, TB, S + A * B).

write_out(IoData) ->
    {ok, F} = file:open("/dev/stdout", [append, raw, binary]),
    ok = file:write(F, IoData),
    ok = file:close(F).
