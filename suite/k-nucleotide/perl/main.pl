# k-nucleotide (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; every k-mer counted in Perl's built-in
# hash, keyed by the k-mer string (substr); stdin read at once. Standard
# library only; sprintf("%.3f") is C's.
use strict;
use warnings;

sub count_kmers {
    my ($seq, $k) = @_;
    my %counts;
    my $last = length($$seq) - $k;
    $counts{substr($$seq, $_, $k)}++ for 0 .. $last;
    return \%counts;
}

binmode STDIN;
my $data = do { local $/; <STDIN> };
$data = '' unless defined $data;

# the record whose header starts with ">THREE"
my $start;
if ($data =~ /^>THREE/) {
    $start = 0;
} else {
    $start = index($data, "\n>THREE");
    exit 0 if $start < 0;
    $start++;
}
my $body = index($data, "\n", $start);
$body = $body < 0 ? length $data : $body + 1;
my $end = index($data, "\n>", $body - 1);
$end = $end < 0 ? length $data : $end + 1;
my $seq = substr($data, $body, $end - $body);
undef $data;
$seq =~ tr/\r\n//d;
$seq = uc $seq;

my $out = '';
for my $k (1, 2) {
    my $counts = count_kmers(\$seq, $k);
    my $total = length($seq) - $k + 1;
    for my $kmer (sort { $counts->{$b} <=> $counts->{$a} || $a cmp $b } keys %$counts) {
        $out .= sprintf "%s %.3f\n", $kmer, 100.0 * $counts->{$kmer} / $total;
    }
    $out .= "\n";
}

for my $kmer (qw(GGT GGTA GGTATT GGTATTTTAATT GGTATTTTAATTTATAGT)) {
    my $counts = count_kmers(\$seq, length $kmer);
    $out .= sprintf "%d\t%s\n", $counts->{$kmer} // 0, $kmer;
}
print $out;
