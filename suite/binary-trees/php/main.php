<?php
// binary-trees (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; every node is its own PHP object (new
// Node), freed by PHP's reference counting when a tree is dropped; no pools
// or free lists. Standard library only.

final class Node
{
    public function __construct(
        public ?Node $left,
        public ?Node $right,
    ) {
    }
}

function make(int $d): Node
{
    if ($d === 0) {
        return new Node(null, null);
    }
    return new Node(make($d - 1), make($d - 1));
}

function check(Node $t): int
{
    if ($t->left === null) {
        return 1;
    }
    return 1 + check($t->left) + check($t->right);
}

function main(array $argv): void
{
    $n = isset($argv[1]) ? (int)$argv[1] : 10;
    $min = 4;
    $max = max($min + 2, $n);

    $stretch = make($max + 1);
    $out = "stretch tree of depth " . ($max + 1) . "\t check: " . check($stretch) . "\n";
    $stretch = null;

    $long = make($max);

    for ($d = $min; $d <= $max; $d += 2) {
        $iters = 1 << ($max - $d + $min);
        $sum = 0;
        for ($i = 0; $i < $iters; $i++) {
            $sum += check(make($d));
        }
        $out .= $iters . "\t trees of depth " . $d . "\t check: " . $sum . "\n";
    }

    $out .= "long lived tree of depth " . $max . "\t check: " . check($long) . "\n";
    echo $out;
}

main($argv);
