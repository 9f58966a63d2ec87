# spectral-norm (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; IEEE double arithmetic (Perl's NV), one
# operation at a time, so no fused multiply-add and no fast-math; A(i, j)'s
# integer part computed in integers, then 1 / it in double, times x_j.
# Standard library only; printf("%.9f") is C's.
use strict;
use warnings;

# out = A x
sub mul_av {
    my ($n, $x) = @_;
    my @out;
    for my $i (0 .. $n - 1) {
        my $sum = 0.0;
        my $ij = $i;    # i + j, for j = 0, 1, ...
        for my $xj (@$x) {
            $sum += (1.0 / ((($ij * ($ij + 1)) >> 1) + $i + 1)) * $xj;
            $ij++;
        }
        push @out, $sum;
    }
    return \@out;
}

# out = A^T x
sub mul_atv {
    my ($n, $x) = @_;
    my @out;
    for my $i (0 .. $n - 1) {
        my $sum = 0.0;
        my $ij = $i;    # j + i, for j = 0, 1, ...
        my $j = 0;
        for my $xj (@$x) {
            $sum += (1.0 / ((($ij * ($ij + 1)) >> 1) + $j + 1)) * $xj;
            $ij++;
            $j++;
        }
        push @out, $sum;
    }
    return \@out;
}

sub mul_atav {
    my ($n, $x) = @_;
    return mul_atv($n, mul_av($n, $x));
}

my $n = @ARGV ? $ARGV[0] : 100;
my $u = [(1.0) x $n];
my $v;
for (1 .. 10) {
    $v = mul_atav($n, $u);
    $u = mul_atav($n, $v);
}
my ($vbv, $vv) = (0.0, 0.0);
for my $i (0 .. $n - 1) {
    $vbv += $u->[$i] * $v->[$i];
    $vv  += $v->[$i] * $v->[$i];
}
printf "%.9f\n", sqrt($vbv / $vv);
