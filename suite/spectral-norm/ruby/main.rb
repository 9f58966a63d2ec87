# spectral-norm (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; IEEE double (Ruby Float), no FMA, no
# fast-math; A(i, j) computed on the fly with the integer part in Integer and
# the division in Float. Standard library only. Runs under CRuby and JRuby
# (Ruby 2.6 syntax).

# A(i, j) = 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1), 0-based, written out
# inline in both products (a method call per element costs more than the work).

# out = A * x
def mul_av(n, x, out)
  i = 0
  while i < n
    sum = 0.0
    j = 0
    while j < n
      ij = i + j
      sum += 1.0 / (ij * (ij + 1) / 2 + i + 1) * x[j]
      j += 1
    end
    out[i] = sum
    i += 1
  end
end

# out = A^T * x
def mul_atv(n, x, out)
  i = 0
  while i < n
    sum = 0.0
    j = 0
    while j < n
      ij = i + j
      sum += 1.0 / (ij * (ij + 1) / 2 + j + 1) * x[j]
      j += 1
    end
    out[i] = sum
    i += 1
  end
end

# out = A^T * A * x, tmp is scratch
def mul_atav(n, x, out, tmp)
  mul_av(n, x, tmp)
  mul_atv(n, tmp, out)
end

n = ARGV.empty? ? 100 : ARGV[0].to_i
u = Array.new(n, 1.0)
v = Array.new(n, 0.0)
tmp = Array.new(n, 0.0)
10.times do
  mul_atav(n, u, v, tmp)
  mul_atav(n, v, u, tmp)
end
vbv = 0.0
vv = 0.0
n.times do |i|
  vbv += u[i] * v[i]
  vv += v[i] * v[i]
end
printf("%.9f\n", Math.sqrt(vbv / vv))
