<?php
// pidigits (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's step-by-step spigot with
// arbitrary-precision integers from PHP's GMP extension (php-gmp: GMP
// objects and gmp_* functions over the system GMP); output gathered in one
// string. Library: GMP (ext/gmp).

function main(array $argv): void
{
    $n = isset($argv[1]) ? (int)$argv[1] : 30;
    $acc = gmp_init(0);
    $den = gmp_init(1);
    $num = gmp_init(1);
    $k = 0;
    $i = 0;
    $out = '';
    $line = '';
    while ($i < $n) {
        $k++;
        $k2 = 2 * $k + 1;
        $acc = gmp_mul(gmp_add($acc, gmp_mul($num, 2)), $k2);
        $den = gmp_mul($den, $k2);
        $num = gmp_mul($num, $k);
        if (gmp_cmp($num, $acc) > 0) {
            continue;
        }
        $d3 = gmp_div_q(gmp_add(gmp_mul($num, 3), $acc), $den);
        $d4 = gmp_div_q(gmp_add(gmp_mul($num, 4), $acc), $den);
        if (gmp_cmp($d3, $d4) !== 0) {
            continue;
        }
        $line .= gmp_strval($d3);
        $i++;
        if ($i % 10 === 0) {
            $out .= $line . "\t:" . $i . "\n";
            $line = '';
        }
        $acc = gmp_mul(gmp_sub($acc, gmp_mul($den, $d3)), 10);
        $num = gmp_mul($num, 10);
    }
    if ($line !== '') {
        $out .= str_pad($line, 10) . "\t:" . $n . "\n";
    }
    echo $out;
}

main($argv);
