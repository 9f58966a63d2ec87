# mandelbrot (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; IEEE double arithmetic (Perl's NV), one
# operation at a time, so no fused multiply-add and no fast-math; cr and ci
# computed directly for each pixel; each row packed into bytes with chr and
# the whole bitmap written with one print. Standard library only.
use strict;
use warnings;

my $n = @ARGV ? $ARGV[0] : 200;
my @bytes;
for my $y (0 .. $n - 1) {
    my $ci = 2.0 * $y / $n - 1.0;
    my $byte = 0;
    my $bits = 0;
    my $row = '';
    for my $x (0 .. $n - 1) {
        my $cr = 2.0 * $x / $n - 1.5;
        my ($zr, $zi, $tr, $ti) = (0.0, 0.0, 0.0, 0.0);
        for (1 .. 50) {
            last unless $tr + $ti <= 4.0;
            $zi = 2.0 * $zr * $zi + $ci;
            $zr = $tr - $ti + $cr;
            $tr = $zr * $zr;
            $ti = $zi * $zi;
        }
        $byte = ($byte << 1) | ($tr + $ti <= 4.0 ? 1 : 0);
        if (++$bits == 8) {
            $row .= chr $byte;
            $byte = 0;
            $bits = 0;
        }
    }
    $row .= chr($byte << (8 - $bits)) if $bits > 0;
    push @bytes, $row;
}
binmode STDOUT;
print "P4\n$n $n\n", @bytes;
