<?php
// spectral-norm (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double (PHP float), no FMA, no
// fast-math; A(i, j) computed on the fly with PHP's 64-bit integers for the
// index term (integer division by 2), then divided in double. Standard
// library only.

// out = A * x
function mulAv(int $n, array $x): array
{
    $out = [];
    for ($i = 0; $i < $n; $i++) {
        $sum = 0.0;
        $ip1 = $i + 1;
        for ($j = 0; $j < $n; $j++) {
            $ij = $i + $j;
            $sum += 1.0 / ((($ij * ($ij + 1)) >> 1) + $ip1) * $x[$j];
        }
        $out[] = $sum;
    }
    return $out;
}

// out = At * x
function mulAtv(int $n, array $x): array
{
    $out = [];
    for ($i = 0; $i < $n; $i++) {
        $sum = 0.0;
        for ($j = 0; $j < $n; $j++) {
            $ij = $i + $j;
            $sum += 1.0 / ((($ij * ($ij + 1)) >> 1) + $j + 1) * $x[$j];
        }
        $out[] = $sum;
    }
    return $out;
}

function main(array $argv): void
{
    $n = isset($argv[1]) ? (int)$argv[1] : 100;
    $u = array_fill(0, $n, 1.0);
    $v = [];
    for ($k = 0; $k < 10; $k++) {
        $v = mulAtv($n, mulAv($n, $u));
        $u = mulAtv($n, mulAv($n, $v));
    }
    $vbv = 0.0;
    $vv = 0.0;
    for ($i = 0; $i < $n; $i++) {
        $vbv += $u[$i] * $v[$i];
        $vv += $v[$i] * $v[$i];
    }
    printf("%.9f\n", sqrt($vbv / $vv));
}

main($argv);
