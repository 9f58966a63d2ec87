# fasta (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; the SPEC's linear congruential generator
# (seed 42, one generator shared by both random records); cumulative
# probabilities summed in double (Perl's NV), the first one greater than the
# draw chosen by a linear scan (the last character if none is); output
# built in large string chunks and written with print (no per-line writes).
# Standard library only.
use strict;
use warnings;

use constant LINE  => 60;
use constant IM    => 139968;
use constant IA    => 3877;
use constant IC    => 29573;
use constant CHUNK => 1000;    # lines per print

my $ALU = 'GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC'
        . 'AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG'
        . 'CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG'
        . 'CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA';

my @IUB = ([a => 0.27], [c => 0.12], [g => 0.12], [t => 0.27],
           [B => 0.02], [D => 0.02], [H => 0.02], [K => 0.02],
           [M => 0.02], [N => 0.02], [R => 0.02], [S => 0.02],
           [V => 0.02], [W => 0.02], [Y => 0.02]);

my @HOMO_SAPIENS = ([a => 0.3029549426680], [c => 0.1979883004921],
                    [g => 0.1975473066391], [t => 0.3015094502008]);

my $seed = 42;

sub repeat_fasta {
    my ($header, $src, $n) = @_;
    print $header;
    my $src_len = length $src;
    my $twice = $src . $src;    # any 60-character window is contiguous
    my $pos = 0;
    my $buf = '';
    my $lines = 0;
    while ($n > 0) {
        my $len = $n < LINE ? $n : LINE;
        $buf .= substr($twice, $pos, $len) . "\n";
        $pos += $len;
        $pos -= $src_len if $pos >= $src_len;
        $n -= $len;
        if (++$lines == CHUNK) {
            print $buf;
            $buf = '';
            $lines = 0;
        }
    }
    print $buf;
}

sub random_fasta {
    my ($header, $table, $n) = @_;
    print $header;
    # cumulative probabilities, added in table order
    my (@cum, @chars);
    my $acc = 0.0;
    for my $entry (@$table) {
        $acc += $entry->[1];
        push @cum, $acc;
        push @chars, $entry->[0];
    }
    my $last = $#cum;
    my $buf = '';
    my $lines = 0;
    while ($n > 0) {
        my $len = $n < LINE ? $n : LINE;
        for (1 .. $len) {
            $seed = ($seed * IA + IC) % IM;
            my $r = $seed / IM;
            my $k = 0;
            $k++ while $k < $last && !($cum[$k] > $r);
            $buf .= $chars[$k];
        }
        $buf .= "\n";
        $n -= $len;
        if (++$lines == CHUNK) {
            print $buf;
            $buf = '';
            $lines = 0;
        }
    }
    print $buf;
}

my $n = @ARGV ? $ARGV[0] : 1000;
binmode STDOUT;
repeat_fasta(">ONE Homo sapiens alu\n", $ALU, 2 * $n);
random_fasta(">TWO IUB ambiguity codes\n", \@IUB, 3 * $n);
random_fasta(">THREE Homo sapiens frequency\n", \@HOMO_SAPIENS, 5 * $n);
