# pidigits (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; the SPEC's step-by-step spigot with
# arbitrary-precision integers from Math::GMP (Debian's libmath-gmp-perl,
# Perl's binding of GMP; used directly through its overloaded operators,
# which is much faster than Math::BigInt even with its GMP backend); output
# collected in a string and printed at once.
use strict;
use warnings;
use Math::GMP;

my $n = @ARGV ? $ARGV[0] : 30;
my $acc = Math::GMP->new(0);
my $den = Math::GMP->new(1);
my $num = Math::GMP->new(1);
my $k = 0;
my $i = 0;
my $line = '';
my $out = '';
while ($i < $n) {
    $k++;
    my $k2 = 2 * $k + 1;
    $acc += 2 * $num;
    $acc *= $k2;
    $den *= $k2;
    $num *= $k;
    next if $num > $acc;
    my $d3 = (3 * $num + $acc) / $den;
    my $d4 = (4 * $num + $acc) / $den;
    next if $d3 != $d4;
    $line .= "$d3";
    $i++;
    if (length $line == 10) {
        $out .= "$line\t:$i\n";
        $line = '';
    }
    $acc -= $den * $d3;
    $acc *= 10;
    $num *= 10;
}
if (length $line) {
    $out .= sprintf "%-10s\t:%d\n", $line, $n;
}
print $out;
