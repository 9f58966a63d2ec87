# n-body (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; IEEE double arithmetic (Perl's NV), one
# operation at a time, so no fused multiply-add and no fast-math; the bodies
# kept in parallel arrays of doubles, one per coordinate (the fast Perl
# layout). Standard library only; printf("%.9f") is C's.
use strict;
use warnings;

use constant PI            => 3.141592653589793;
use constant SOLAR_MASS    => 4 * PI * PI;
use constant DAYS_PER_YEAR => 365.24;

# Sun, Jupiter, Saturn, Uranus, Neptune
my @x  = (0, 4.84143144246472090e+00, 8.34336671824457987e+00,
          1.28943695621391310e+01, 1.53796971148509165e+01);
my @y  = (0, -1.16032004402742839e+00, 4.12479856412430479e+00,
          -1.51111514016986312e+01, -2.59193146099879641e+01);
my @z  = (0, -1.03622044471123109e-01, -4.03523417114321381e-01,
          -2.23307578892655734e-01, 1.79258772950371181e-01);
my @vx = (0, 1.66007664274403694e-03, -2.76742510726862411e-03,
          2.96460137564761618e-03, 2.68067772490389322e-03);
my @vy = (0, 7.69901118419740425e-03, 4.99852801234917238e-03,
          2.37847173959480950e-03, 1.62824170038242295e-03);
my @vz = (0, -6.90460016972063023e-05, 2.30417297573763929e-05,
          -2.96589568540237556e-05, -9.51592254519715870e-05);
my @m  = (1, 9.54791938424326609e-04, 2.85885980666130812e-04,
          4.36624404335156298e-05, 5.15138902046611451e-05);
my $last = $#m;

for my $i (0 .. $last) {
    $vx[$i] *= DAYS_PER_YEAR;
    $vy[$i] *= DAYS_PER_YEAR;
    $vz[$i] *= DAYS_PER_YEAR;
    $m[$i]  *= SOLAR_MASS;
}

sub offset_momentum {
    my ($px, $py, $pz) = (0.0, 0.0, 0.0);
    for my $i (0 .. $last) {
        $px += $vx[$i] * $m[$i];
        $py += $vy[$i] * $m[$i];
        $pz += $vz[$i] * $m[$i];
    }
    $vx[0] = -$px / SOLAR_MASS;
    $vy[0] = -$py / SOLAR_MASS;
    $vz[0] = -$pz / SOLAR_MASS;
}

sub energy {
    my $e = 0.0;
    for my $i (0 .. $last) {
        $e += 0.5 * $m[$i] * ($vx[$i] * $vx[$i] + $vy[$i] * $vy[$i] + $vz[$i] * $vz[$i]);
        for my $j ($i + 1 .. $last) {
            my $dx = $x[$i] - $x[$j];
            my $dy = $y[$i] - $y[$j];
            my $dz = $z[$i] - $z[$j];
            $e -= $m[$i] * $m[$j] / sqrt($dx * $dx + $dy * $dy + $dz * $dz);
        }
    }
    return $e;
}

sub advance {
    my ($dt) = @_;
    for my $i (0 .. $last) {
        my ($xi, $yi, $zi, $mi) = ($x[$i], $y[$i], $z[$i], $m[$i]);
        my ($vxi, $vyi, $vzi) = ($vx[$i], $vy[$i], $vz[$i]);
        for my $j ($i + 1 .. $last) {
            my $dx = $xi - $x[$j];
            my $dy = $yi - $y[$j];
            my $dz = $zi - $z[$j];
            my $d2 = $dx * $dx + $dy * $dy + $dz * $dz;
            my $mag = $dt / ($d2 * sqrt($d2));
            my $mj = $m[$j];
            # as written in SPEC.md: (d * m) * mag
            $vxi -= $dx * $mj * $mag;
            $vyi -= $dy * $mj * $mag;
            $vzi -= $dz * $mj * $mag;
            $vx[$j] += $dx * $mi * $mag;
            $vy[$j] += $dy * $mi * $mag;
            $vz[$j] += $dz * $mi * $mag;
        }
        ($vx[$i], $vy[$i], $vz[$i]) = ($vxi, $vyi, $vzi);
    }
    for my $i (0 .. $last) {
        $x[$i] += $dt * $vx[$i];
        $y[$i] += $dt * $vy[$i];
        $z[$i] += $dt * $vz[$i];
    }
}

my $n = @ARGV ? $ARGV[0] : 1000;
offset_momentum();
printf "%.9f\n", energy();
advance(0.01) for 1 .. $n;
printf "%.9f\n", energy();
