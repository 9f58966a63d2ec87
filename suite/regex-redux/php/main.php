<?php
// regex-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; regular expressions via PHP's preg_*
// functions (the bundled PCRE2, with its JIT as PHP enables it by default);
// stdin read whole with stream_get_contents. Library: PCRE2 via preg_*.

// preg_* return null (or false) on a PCRE error such as a hit limit: fail
// loudly instead of printing a wrong length.
function checked(mixed $result): mixed
{
    if ($result === null || $result === false) {
        fwrite(STDERR, 'regex-redux: ' . preg_last_error_msg() . "\n");
        exit(1);
    }
    return $result;
}

function main(): void
{
    $input = stream_get_contents(STDIN);
    $inputLen = strlen($input);

    $seq = checked(preg_replace('/>.*\n|\n/', '', $input));
    $cleanLen = strlen($seq);

    $variants = [
        'agggtaaa|tttaccct',
        '[cgt]gggtaaa|tttaccc[acg]',
        'a[act]ggtaaa|tttacc[agt]t',
        'ag[act]gtaaa|tttac[agt]ct',
        'agg[act]taaa|ttta[agt]cct',
        'aggg[acg]aaa|ttt[cgt]ccct',
        'agggt[cgt]aa|tt[acg]accct',
        'agggta[cgt]a|t[acg]taccct',
        'agggtaa[cgt]|[acg]ttaccct',
    ];
    $out = '';
    foreach ($variants as $v) {
        $out .= $v . ' ' . checked(preg_match_all('/' . $v . '/', $seq)) . "\n";
    }

    $substs = [
        ['tHa[Nt]', '<4>'],
        ['aND|caN|Ha[DS]|WaS', '<3>'],
        ['a[NSt]|BY', '<2>'],
        ['<[^>]*>', '|'],
        ['\|[^|][^|]*\|', '-'],
    ];
    foreach ($substs as [$pattern, $replacement]) {
        $seq = checked(preg_replace('/' . $pattern . '/', $replacement, $seq));
    }

    $out .= "\n" . $inputLen . "\n" . $cleanLen . "\n" . strlen($seq) . "\n";
    echo $out;
}

main();
