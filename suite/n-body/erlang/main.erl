%% n-body (joulebench suite, written from SPEC.md).
%% Rules relied on: single-threaded (one Erlang process); IEEE double (BEAM
%% floats; the JIT emits no fused multiply-add), no fast-math; the pair loop in
%% SPEC order (i outer, j inner), products evaluated as written, (d * m) * mag.
%% Standard library only.
%%
%% Bodies are a list of 7-tuples {X, Y, Z, VX, VY, VZ, M}. One step updates the
%% first body against every later one, then moves it (its position is not read
%% again in this step), and repeats on the updated rest of the list.
-module(main).
-export([main/0, main/1]).

-define(PI, 3.141592653589793).
-define(SOLAR_MASS, (4.0 * ?PI * ?PI)).
-define(DAYS_PER_YEAR, 365.24).
-define(DT, 0.01).

main() -> main(["1000"]).

main([Arg | _]) ->
    N = list_to_integer(Arg),
    Bodies = offset_momentum([scale(B) || B <- initial()]),
    E0 = energy(Bodies),
    E1 = energy(steps(N, Bodies)),
    write_out(io_lib:format("~.9f~n~.9f~n", [E0, E1])),
    halt(0).

initial() ->
    [{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0},
     %% Jupiter
     {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
      1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
      9.54791938424326609e-04},
     %% Saturn
     {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
      -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
      2.85885980666130812e-04},
     %% Uranus
     {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
      2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
      4.36624404335156298e-05},
     %% Neptune
     {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
      2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
      5.15138902046611451e-05}].

scale({X, Y, Z, VX, VY, VZ, M}) ->
    {X, Y, Z, VX * ?DAYS_PER_YEAR, VY * ?DAYS_PER_YEAR, VZ * ?DAYS_PER_YEAR,
     M * ?SOLAR_MASS}.

offset_momentum([{X, Y, Z, _, _, _, M} | _] = Bodies) ->
    {PX, PY, PZ} = momentum(Bodies, 0.0, 0.0, 0.0),
    [{X, Y, Z, -PX / ?SOLAR_MASS, -PY / ?SOLAR_MASS, -PZ / ?SOLAR_MASS, M}
     | tl(Bodies)].

momentum([], PX, PY, PZ) -> {PX, PY, PZ};
momentum([{_, _, _, VX, VY, VZ, M} | T], PX, PY, PZ) ->
    momentum(T, PX + VX * M, PY + VY * M, PZ + VZ * M).

%% Kinetic energy of each body, then minus its pairs with the later bodies.
energy(Bodies) -> energy(Bodies, 0.0).

energy([], E) -> E;
energy([{_, _, _, VX, VY, VZ, M} = B | T], E) ->
    E1 = E + 0.5 * M * (VX * VX + VY * VY + VZ * VZ),
    energy(T, potential(B, T, E1)).

potential(_, [], E) -> E;
potential({X, Y, Z, _, _, _, M} = B, [{X2, Y2, Z2, _, _, _, M2} | T], E) ->
    DX = X - X2,
    DY = Y - Y2,
    DZ = Z - Z2,
    potential(B, T, E - M * M2 / math:sqrt(DX * DX + DY * DY + DZ * DZ)).

steps(0, Bodies) -> Bodies;
steps(N, Bodies) -> steps(N - 1, advance(Bodies)).

advance([]) -> [];
advance([B | T]) ->
    {B1, T1} = pairs(B, T, []),
    [move(B1) | advance(T1)].

%% Body I against every later body J, in order; returns the updated I and the
%% updated later bodies (in their order).
pairs(BI, [], Acc) -> {BI, lists:reverse(Acc)};
pairs({X, Y, Z, VX, VY, VZ, MI}, [{XJ, YJ, ZJ, VXJ, VYJ, VZJ, MJ} | T], Acc)
  when is_float(X), is_float(XJ) ->
    DX = X - XJ,
    DY = Y - YJ,
    DZ = Z - ZJ,
    D2 = DX * DX + DY * DY + DZ * DZ,
    Mag = ?DT / (D2 * math:sqrt(D2)),
    BJ = {XJ, YJ, ZJ,
          VXJ + DX * MI * Mag, VYJ + DY * MI * Mag, VZJ + DZ * MI * Mag, MJ},
    pairs({X, Y, Z,
           VX - DX * MJ * Mag, VY - DY * MJ * Mag, VZ - DZ * MJ * Mag, MI},
          T, [BJ | Acc]).

move({X, Y, Z, VX, VY, VZ, M}) ->
    {X + ?DT * VX, Y + ?DT * VY, Z + ?DT * VZ, VX, VY, VZ, M}.

write_out(IoData) ->
    {ok, F} = file:open("/dev/stdout", [append, raw, binary]),
    ok = file:write(F, IoData),
    ok = file:close(F).
