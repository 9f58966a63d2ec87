<?php
// mandelbrot (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double (PHP float), no FMA, no
// fast-math; cr and ci computed directly for each pixel; bits packed 8 a
// byte, MSB first, rows padded; binary PBM (P4) gathered in one string and
// written with fwrite. Standard library only.

function main(array $argv): void
{
    $n = isset($argv[1]) ? (int)$argv[1] : 200;
    if ($n < 0) {
        $n = 0;
    }
    $out = "P4\n" . $n . ' ' . $n . "\n";
    for ($y = 0; $y < $n; $y++) {
        $ci = 2.0 * $y / $n - 1.0;
        $byte = 0;
        $bits = 0;
        for ($x = 0; $x < $n; $x++) {
            $cr = 2.0 * $x / $n - 1.5;
            $zr = $zi = $tr = $ti = 0.0;
            for ($i = 0; $i < 50 && $tr + $ti <= 4.0; $i++) {
                $zi = 2.0 * $zr * $zi + $ci;
                $zr = $tr - $ti + $cr;
                $tr = $zr * $zr;
                $ti = $zi * $zi;
            }
            $byte <<= 1;
            if ($tr + $ti <= 4.0) {
                $byte |= 1;
            }
            if (++$bits === 8) {
                $out .= chr($byte);
                $byte = 0;
                $bits = 0;
            }
        }
        if ($bits > 0) {
            $out .= chr($byte << (8 - $bits));
        }
    }
    fwrite(STDOUT, $out);
}

main($argv);
