# fannkuch-redux (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; permutations generated in the SPEC's order
# (count/rotation scheme); prefixes flipped with Perl's array-slice reverse
# and rotated with shift/splice, the idiomatic fast array operations.
# Standard library only.
use strict;
use warnings;

my $n = @ARGV ? $ARGV[0] : 7;
my @perm1 = (0 .. $n - 1);
my @count = (0) x $n;
my $r = $n;
my $perm_index = 0;
my $checksum = 0;
my $max_flips = 0;

OUTER: for (;;) {
    while ($r != 1) {
        $count[$r - 1] = $r;
        $r--;
    }

    # count the flips of a copy of perm1
    my @perm = @perm1;
    my $flips = 0;
    my $k;
    while (($k = $perm[0]) != 0) {
        @perm[0 .. $k] = reverse @perm[0 .. $k];
        $flips++;
    }
    $max_flips = $flips if $flips > $max_flips;
    if ($perm_index % 2 == 0) {
        $checksum += $flips;
    } else {
        $checksum -= $flips;
    }

    # next permutation
    for (;;) {
        if ($r == $n) {
            print "$checksum\nPfannkuchen($n) = $max_flips\n";
            last OUTER;
        }
        # perm1[0..r] rotated one place left: p0 moves to perm1[r]
        splice @perm1, $r, 0, shift @perm1;
        $count[$r]--;
        last if $count[$r] > 0;
        $r++;
    }
    $perm_index++;
}
