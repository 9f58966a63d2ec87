# pidigits (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; the SPEC's step-by-step spigot with
# arbitrary-precision integers from Ruby's built-in Integer (CRuby uses GMP
# for its large multiplications and divisions when built with it, as Debian's
# is; JRuby's Integer is java.math.BigInteger underneath); no extra library;
# output collected and written once. Runs under CRuby and JRuby (Ruby 2.6
# syntax).

n = ARGV.empty? ? 30 : ARGV[0].to_i
acc = 0
den = 1
num = 1
k = 0
i = 0
out = []
line = +""
while i < n
  k += 1
  k2 = 2 * k + 1
  acc += 2 * num
  acc *= k2
  den *= k2
  num *= k
  next if num > acc

  d3 = (3 * num + acc) / den
  d4 = (4 * num + acc) / den
  next if d3 != d4

  line << (48 + d3)
  i += 1
  if line.size == 10
    out << "#{line}\t:#{i}\n"
    line = +""
  end
  acc -= den * d3
  acc *= 10
  num *= 10
end
out << "#{line.ljust(10)}\t:#{n}\n" unless line.empty?
$stdout.write(out.join)
