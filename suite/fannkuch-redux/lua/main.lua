-- fannkuch-redux (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; permutations generated in the SPEC's order
-- (count array, rotate-left of the prefix), flips counted on a copy by
-- reversing prefixes in place; checksum adds flips at even permutation
-- indices and subtracts them at odd ones. Standard library only.
-- Arrays are 1-based: the SPEC's perm1[i] and count[i] are perm1[i + 1] and
-- count[i + 1] here; the values stay 0..N-1.

local function fannkuch(n)
  local perm1, perm, count = {}, {}, {}
  for i = 1, n do
    perm1[i] = i - 1
    perm[i] = 0
    count[i] = 0
  end
  local max_flips, checksum, perm_index = 0, 0, 0
  local r = n
  while true do
    while r ~= 1 do
      count[r] = r -- count[r - 1] = r
      r = r - 1
    end

    -- count the flips of a copy of perm1
    for i = 1, n do perm[i] = perm1[i] end
    local flips = 0
    local k = perm[1]
    while k ~= 0 do
      local lo, hi = 1, k + 1 -- reverse the first k + 1 elements
      while lo < hi do
        perm[lo], perm[hi] = perm[hi], perm[lo]
        lo = lo + 1
        hi = hi - 1
      end
      flips = flips + 1
      k = perm[1]
    end
    if flips > max_flips then max_flips = flips end
    if perm_index % 2 == 0 then
      checksum = checksum + flips
    else
      checksum = checksum - flips
    end

    -- next permutation
    while true do
      if r == n then return checksum, max_flips end
      -- shift perm1[0..r] one place left, p0 goes to perm1[r]
      local p0 = perm1[1]
      for i = 1, r do perm1[i] = perm1[i + 1] end
      perm1[r + 1] = p0
      local c = count[r + 1] - 1
      count[r + 1] = c
      if c > 0 then break end
      r = r + 1
    end
    perm_index = perm_index + 1
  end
end

local n = tonumber(arg[1]) or 7
local checksum, max_flips = fannkuch(n)
io.write(string.format("%d\nPfannkuchen(%d) = %d\n", checksum, n, max_flips))
