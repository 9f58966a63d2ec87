# mandelbrot (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; IEEE double (Ruby Float), no FMA, no
# fast-math; cr and ci computed directly for every pixel; binary PBM (P4)
# built in one binary String and written with one write. Standard library
# only. Runs under CRuby and JRuby (Ruby 2.6 syntax).

n = ARGV.empty? ? 200 : ARGV[0].to_i
n = 0 if n < 0
nf = n.to_f
image = String.new("P4\n#{n} #{n}\n", capacity: (n + 7) / 8 * n + 32).b

y = 0
while y < n
  ci = 2.0 * y / nf - 1.0
  byte = 0
  x = 0
  while x < n
    cr = 2.0 * x / nf - 1.5
    zr = 0.0
    zi = 0.0
    tr = 0.0
    ti = 0.0
    i = 0
    while i < 50 && tr + ti <= 4.0
      zi = 2.0 * zr * zi + ci
      zr = tr - ti + cr
      tr = zr * zr
      ti = zi * zi
      i += 1
    end
    byte = (byte << 1) | (tr + ti <= 4.0 ? 1 : 0)
    x += 1
    if (x & 7) == 0
      image << byte
      byte = 0
    end
  end
  # pad the last byte of the row with zero bits
  image << (byte << (8 - (n & 7))) if (n & 7) != 0
  y += 1
end

$stdout.binmode
$stdout.write(image)
