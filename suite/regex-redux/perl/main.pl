# regex-redux (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; Perl's built-in regular expressions
# (compiled once with qr//, matched with m//g and replaced with s///g); stdin
# read at once. Standard library only.
use strict;
use warnings;

my @variants = qw(
    agggtaaa|tttaccct
    [cgt]gggtaaa|tttaccc[acg]
    a[act]ggtaaa|tttacc[agt]t
    ag[act]gtaaa|tttac[agt]ct
    agg[act]taaa|ttta[agt]cct
    aggg[acg]aaa|ttt[cgt]ccct
    agggt[cgt]aa|tt[acg]accct
    agggta[cgt]a|t[acg]taccct
    agggtaa[cgt]|[acg]ttaccct
);

my @substitutions = (
    [qr/tHa[Nt]/,            '<4>'],
    [qr/aND|caN|Ha[DS]|WaS/, '<3>'],
    [qr/a[NSt]|BY/,          '<2>'],
    [qr/<[^>]*>/,            '|'],
    [qr/\|[^|][^|]*\|/,      '-'],
);

binmode STDIN;
my $seq = do { local $/; <STDIN> };
$seq = '' unless defined $seq;
my $input_len = length $seq;
$seq =~ s/>.*\n|\n//g;
my $clean_len = length $seq;

my $out = '';
for my $pattern (@variants) {
    my $re = qr/$pattern/;
    my $count = 0;
    $count++ while $seq =~ /$re/g;
    $out .= "$pattern $count\n";
}

for my $s (@substitutions) {
    my ($re, $replacement) = @$s;
    $seq =~ s/$re/$replacement/g;
}

$out .= "\n$input_len\n$clean_len\n" . length($seq) . "\n";
print $out;
