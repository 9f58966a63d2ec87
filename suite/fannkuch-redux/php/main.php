<?php
// fannkuch-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; permutations generated in the SPEC's
// order with the count[] / r state machine; flips counted on a copy by
// reversing the prefix in place; plain PHP integer arrays. Standard library
// only.

function main(array $argv): void
{
    $n = isset($argv[1]) ? (int)$argv[1] : 7;
    $perm1 = range(0, $n - 1);
    $count = array_fill(0, $n, 0);
    $r = $n;
    $index = 0;
    $maxFlips = 0;
    $checksum = 0;

    while (true) {
        while ($r != 1) {
            $count[$r - 1] = $r;
            $r--;
        }

        // Count the flips of a copy (PHP arrays are copied on write).
        $perm = $perm1;
        $flips = 0;
        $k = $perm[0];
        while ($k != 0) {
            for ($i = 0, $j = $k; $i < $j; $i++, $j--) {
                $t = $perm[$i];
                $perm[$i] = $perm[$j];
                $perm[$j] = $t;
            }
            $flips++;
            $k = $perm[0];
        }
        if ($flips > $maxFlips) {
            $maxFlips = $flips;
        }
        if (($index & 1) == 0) {
            $checksum += $flips;
        } else {
            $checksum -= $flips;
        }

        // Next permutation.
        while (true) {
            if ($r == $n) {
                echo $checksum, "\n", "Pfannkuchen(", $n, ") = ", $maxFlips, "\n";
                return;
            }
            $p0 = $perm1[0];
            for ($i = 0; $i < $r; $i++) {
                $perm1[$i] = $perm1[$i + 1];
            }
            $perm1[$r] = $p0;
            $count[$r]--;
            if ($count[$r] > 0) {
                break;
            }
            $r++;
        }
        $index++;
    }
}

main($argv);
