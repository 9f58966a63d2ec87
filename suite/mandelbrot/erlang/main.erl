%% mandelbrot (joulebench suite, written from SPEC.md).
%% Rules relied on: single-threaded (one Erlang process); IEEE double (BEAM
%% floats; no fused multiply-add), no fast-math; cr and ci computed directly
%% for each pixel, at most 50 iterations with the SPEC's escape test; binary
%% PBM, rows built as bitstrings (1 bit a pixel, padded to a byte) and written
%% to a raw stdout file descriptor about 64 KiB at a time.
%% Standard library only.
-module(main).
-export([main/0, main/1]).

-define(CHUNK, 65536).

main() -> main(["200"]).

main([Arg | _]) ->
    N = list_to_integer(Arg),
    {ok, Out} = file:open("/dev/stdout", [append, raw, binary]),
    rows(Out, N, 0, iolist_to_binary(io_lib:format("P4\n~b ~b\n", [N, N]))),
    ok = file:close(Out),
    halt(0).

rows(Out, N, N, Buf) ->
    ok = file:write(Out, Buf);
rows(Out, N, Y, Buf) ->
    Ci = 2.0 * Y / N - 1.0,
    Row = row(N, Ci, 0, <<>>),
    Pad = (8 - N rem 8) rem 8,
    Buf1 = <<Buf/binary, Row/bitstring, 0:Pad>>,
    Buf2 = if
               byte_size(Buf1) >= ?CHUNK -> ok = file:write(Out, Buf1), <<>>;
               true -> Buf1
           end,
    rows(Out, N, Y + 1, Buf2).

row(N, _, N, Bits) -> Bits;
row(N, Ci, X, Bits) ->
    Cr = 2.0 * X / N - 1.5,
    row(N, Ci, X + 1, <<Bits/bitstring, (pixel(Cr, Ci)):1>>).

pixel(Cr, Ci) -> iterate(50, Cr, Ci, 0.0, 0.0, 0.0, 0.0).

%% Up to 50 times while tr + ti <= 4.0; then 1 if still tr + ti <= 4.0.
iterate(I, Cr, Ci, Zr, Zi, Tr, Ti) when I > 0, Tr + Ti =< 4.0,
                                        is_float(Cr), is_float(Ci),
                                        is_float(Zr), is_float(Zi) ->
    Zi1 = 2.0 * Zr * Zi + Ci,
    Zr1 = Tr - Ti + Cr,
    iterate(I - 1, Cr, Ci, Zr1, Zi1, Zr1 * Zr1, Zi1 * Zi1);
iterate(_, _, _, _, _, Tr, Ti) when Tr + Ti =< 4.0 -> 1;
iterate(_, _, _, _, _, _, _) -> 0.
