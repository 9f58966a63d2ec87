<?php
// fasta (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's linear congruential generator
// on PHP's 64-bit integers, draws divided in double; cumulative probabilities
// summed in table order (double) and searched linearly for each character;
// output gathered in large string blocks and written with fwrite. Standard
// library only.

const LINE = 60;
const IM = 139968;
const IA = 3877;
const IC = 29573;
const BLOCK = 65536;

const ALU = 'GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC'
    . 'AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG'
    . 'CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG'
    . 'CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA';

function repeatFasta(string $header, string $src, int $n): void
{
    $len = strlen($src);
    // Enough copies that any 60-character window starting inside the first
    // copy is one substr.
    $wide = str_repeat($src, intdiv(LINE, $len) + 2);
    $out = $header;
    $pos = 0;
    while ($n > 0) {
        $m = $n < LINE ? $n : LINE;
        $out .= substr($wide, $pos, $m) . "\n";
        $pos = ($pos + $m) % $len;
        $n -= $m;
        if (strlen($out) >= BLOCK) {
            fwrite(STDOUT, $out);
            $out = '';
        }
    }
    fwrite(STDOUT, $out);
}

// $seed is the generator state shared by both random records.
function randomFasta(string $header, array $table, int $n, int &$seed): void
{
    $chars = [];
    $cum = [];
    $acc = 0.0;
    foreach ($table as [$c, $p]) {
        $acc += $p;
        $chars[] = $c;
        $cum[] = $acc;
    }
    $last = count($chars) - 1;
    $s = $seed;
    $out = $header;
    while ($n > 0) {
        $m = $n < LINE ? $n : LINE;
        for ($i = 0; $i < $m; $i++) {
            $s = ($s * IA + IC) % IM;
            $r = $s / 139968.0;
            $k = 0;
            while ($k < $last && $cum[$k] <= $r) {
                $k++;
            }
            $out .= $chars[$k];
        }
        $out .= "\n";
        $n -= $m;
        if (strlen($out) >= BLOCK) {
            fwrite(STDOUT, $out);
            $out = '';
        }
    }
    fwrite(STDOUT, $out);
    $seed = $s;
}

function main(array $argv): void
{
    $n = isset($argv[1]) ? (int)$argv[1] : 1000;

    $iub = [
        ['a', 0.27], ['c', 0.12], ['g', 0.12], ['t', 0.27],
        ['B', 0.02], ['D', 0.02], ['H', 0.02], ['K', 0.02], ['M', 0.02], ['N', 0.02],
        ['R', 0.02], ['S', 0.02], ['V', 0.02], ['W', 0.02], ['Y', 0.02],
    ];
    $homo = [
        ['a', 0.3029549426680], ['c', 0.1979883004921],
        ['g', 0.1975473066391], ['t', 0.3015094502008],
    ];

    $seed = 42;
    repeatFasta(">ONE Homo sapiens alu\n", ALU, 2 * $n);
    randomFasta(">TWO IUB ambiguity codes\n", $iub, 3 * $n, $seed);
    randomFasta(">THREE Homo sapiens frequency\n", $homo, 5 * $n, $seed);
}

main($argv);
