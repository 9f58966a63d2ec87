# reverse-complement (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; stdin read at once; each record's
# sequence joined (tr deletes the newlines), reversed with reverse,
# complemented with one tr/// table, cut into 60-character lines with
# unpack and printed as one string per record. Standard library only.
use strict;
use warnings;

binmode STDIN;
binmode STDOUT;
my $data = do { local $/; <STDIN> };
$data = '' unless defined $data;
my $len = length $data;
my $pos = 0;
while ($pos < $len) {
    # header line (or stray text before the first header): copied through
    my $nl = index($data, "\n", $pos);
    $nl = $len if $nl < 0;
    my $header = substr($data, $pos, $nl - $pos);
    $pos = $nl + 1;
    # the sequence runs up to the next line starting with '>'
    my $end;
    if ($pos < $len && substr($data, $pos, 1) eq '>') {
        $end = $pos;
    } else {
        $end = index($data, "\n>", $pos);
        $end = $end < 0 ? $len : $end + 1;
    }
    my $seq = $pos < $len ? substr($data, $pos, $end - $pos) : '';
    $pos = $end;
    $seq =~ tr/\r\n//d;
    $seq = reverse $seq;
    $seq =~ tr/ACGTUMRWSYKVHDBNacgtumrwsykvhdbn/TGCAAKYWSRMBDHVNTGCAAKYWSRMBDHVN/;
    print $header, "\n", (length $seq ? join("\n", unpack('(a60)*', $seq)) . "\n" : '');
}
