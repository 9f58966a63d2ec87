# binary-trees (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; every node is a separate heap allocation,
# an anonymous array [left, right] (a leaf is [undef, undef], built anew each
# time), released by Perl's reference counting when dropped; no pools or free
# lists written for the purpose. Standard library only.
use strict;
use warnings;
no warnings 'recursion';

sub make {
    my $d = shift;
    return [undef, undef] if $d == 0;
    $d--;
    return [make($d), make($d)];
}

sub check {
    my $t = shift;
    return 1 unless defined $t->[0];
    return 1 + check($t->[0]) + check($t->[1]);
}

my $n = @ARGV ? $ARGV[0] : 10;
my $min_depth = 4;
my $max_depth = $n > $min_depth + 2 ? $n : $min_depth + 2;

{
    my $stretch = $max_depth + 1;
    my $t = make($stretch);
    print "stretch tree of depth $stretch\t check: ", check($t), "\n";
}

my $long_lived = make($max_depth);

for (my $d = $min_depth; $d <= $max_depth; $d += 2) {
    my $iterations = 1 << ($max_depth - $d + $min_depth);
    my $sum = 0;
    for (1 .. $iterations) {
        my $t = make($d);
        $sum += check($t);
    }
    print "$iterations\t trees of depth $d\t check: $sum\n";
}

print "long lived tree of depth $max_depth\t check: ", check($long_lived), "\n";
