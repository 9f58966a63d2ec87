<?php
// k-nucleotide (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; k-mers counted in PHP's built-in array
// (the standard library's hash map), keyed by the k-mer string; stdin read
// whole with stream_get_contents; percentages printed with sprintf("%.3f").
// Standard library only.

function countKmers(string $seq, int $k): array
{
    $counts = [];
    $end = strlen($seq) - $k;
    for ($i = 0; $i <= $end; $i++) {
        $key = substr($seq, $i, $k);
        if (isset($counts[$key])) {
            $counts[$key]++;
        } else {
            $counts[$key] = 1;
        }
    }
    return $counts;
}

function frequencies(string $seq, int $k): string
{
    $counts = countKmers($seq, $k);
    $entries = [];
    foreach ($counts as $kmer => $c) {
        // Integer-like keys would become ints; the DNA alphabet never is.
        $entries[] = [(string)$kmer, $c];
    }
    usort($entries, function (array $a, array $b): int {
        return ($b[1] <=> $a[1]) ?: strcmp($a[0], $b[0]);
    });
    $total = strlen($seq) - $k + 1;
    $out = '';
    foreach ($entries as [$kmer, $c]) {
        $out .= sprintf("%s %.3f\n", $kmer, 100.0 * $c / $total);
    }
    return $out . "\n";
}

// The record whose header starts with ">THREE", joined and upper-cased.
function readThree(string $input): string
{
    $pos = strncmp($input, '>THREE', 6) === 0 ? 0 : strpos($input, "\n>THREE");
    if ($pos === false) {
        return '';
    }
    $start = strpos($input, "\n", $pos + 1);
    if ($start === false) {
        return '';
    }
    $start++;
    $next = strpos($input, "\n>", $start - 1);
    $body = $next === false ? substr($input, $start) : substr($input, $start, $next - $start);
    return strtoupper(str_replace(["\r", "\n"], '', $body));
}

function main(): void
{
    $seq = readThree(stream_get_contents(STDIN));
    $out = frequencies($seq, 1) . frequencies($seq, 2);
    foreach (['GGT', 'GGTA', 'GGTATT', 'GGTATTTTAATT', 'GGTATTTTAATTTATAGT'] as $kmer) {
        $counts = countKmers($seq, strlen($kmer));
        $out .= ($counts[$kmer] ?? 0) . "\t" . $kmer . "\n";
    }
    echo $out;
}

main();
