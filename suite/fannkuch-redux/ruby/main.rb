# fannkuch-redux (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; permutations generated in the SPEC's order
# (count array, rotate-left of the prefix), flips counted on a copy by
# reversing prefixes (Array slice assignment); checksum adds flips at even
# permutation indices and subtracts them at odd ones. Standard library only.
# Runs under CRuby and JRuby (Ruby 2.6 syntax).

def fannkuch(n)
  perm1 = Array.new(n) { |i| i }
  count = Array.new(n, 0)
  max_flips = 0
  checksum = 0
  perm_index = 0
  r = n
  loop do
    while r != 1
      count[r - 1] = r
      r -= 1
    end

    # count the flips of a copy of perm1 (prefix reversal by slice assignment)
    perm = perm1.dup
    flips = 0
    k = perm[0]
    while k != 0
      perm[0, k + 1] = perm[0, k + 1].reverse!
      flips += 1
      k = perm[0]
    end
    max_flips = flips if flips > max_flips
    if perm_index.even?
      checksum += flips
    else
      checksum -= flips
    end

    # next permutation
    loop do
      return [checksum, max_flips] if r == n
      # shift perm1[0..r] one place left, p0 goes to perm1[r]
      perm1.insert(r, perm1.shift)
      count[r] -= 1
      break if count[r] > 0
      r += 1
    end
    perm_index += 1
  end
end

n = ARGV.empty? ? 7 : ARGV[0].to_i
checksum, max_flips = fannkuch(n)
$stdout.write("#{checksum}\nPfannkuchen(#{n}) = #{max_flips}\n")
