<?php
// reverse-complement (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; stdin read whole with
// stream_get_contents; each record's sequence joined with str_replace,
// reversed with strrev, complemented with a strtr byte table and cut into
// 60-character lines with chunk_split; one fwrite per record. Standard
// library only.

const FROM = 'ACGTUMRWSYKVHDBNacgtumrwsykvhdbn';
const TO   = 'TGCAAKYWSRMBDHVNTGCAAKYWSRMBDHVN';

function main(): void
{
    $input = stream_get_contents(STDIN);
    $n = strlen($input);
    $pos = 0;
    while ($pos < $n) {
        $header = '';
        if ($input[$pos] === '>') {
            $eol = strpos($input, "\n", $pos);
            if ($eol === false) {
                $eol = $n;
            }
            $header = substr($input, $pos, $eol - $pos) . "\n";
            $pos = $eol + 1;
        }
        // The sequence runs to the next line that starts with '>'.
        $next = $pos < $n ? strpos($input, "\n>", $pos > 0 ? $pos - 1 : 0) : false;
        $end = $next === false ? $n : $next + 1;
        $seq = str_replace(["\n", "\r"], '', substr($input, $pos, $end - $pos));
        $pos = $end;
        $seq = strtr(strrev($seq), FROM, TO);
        fwrite(STDOUT, $seq === '' ? $header : $header . chunk_split($seq, 60, "\n"));
    }
}

main();
