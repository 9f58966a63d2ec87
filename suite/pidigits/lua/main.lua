-- pidigits (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; the SPEC's step-by-step spigot. Lua has no
-- arbitrary-precision integers and Debian packages no bignum or GMP binding
-- for Lua 5.4, so this program carries a small HAND-WRITTEN bignum (no
-- library): an integer is a sign and a magnitude, a little-endian array of
-- 40-bit limbs held in Lua 5.4's 64-bit integers, with the schoolbook
-- operations the spigot needs, each one pass over the limbs: multiply by a
-- small integer, add or subtract a small multiple (acc += 2 * num and
-- acc *= k2 done as one pass acc = acc * k2 + num * 2k2 when acc >= 0),
-- compare, and an exact integer division of (num * m + acc) by den whose
-- quotient is small: estimated from the leading limbs, never too large, then
-- made exact by computing the full remainder and correcting. Output collected
-- and written once.

local BITS <const> = 40
local BASE <const> = 1 << BITS
local MASK <const> = BASE - 1
local MAX_MUL <const> = 1 << 20 -- multipliers stay below this: limb * m never overflows

local function big(v) -- 0 <= v < BASE
  if v == 0 then return { n = 0, neg = false } end
  return { v, n = 1, neg = false }
end

local function check_mul(m)
  if m < 0 or m >= MAX_MUL then
    error("pidigits: multiplier " .. m .. " too large for this bignum")
  end
end

-- drop leading zero limbs (slots above the length are kept nil)
local function normalize(x, n)
  while n > 0 and x[n] == 0 do
    x[n] = nil
    n = n - 1
  end
  x.n = n
end

-- |x| = |x| * m
local function mul_small(x, m)
  local n = x.n
  local c = 0
  for i = 1, n do
    local v = x[i] * m + c
    x[i] = v & MASK
    c = v >> BITS
  end
  while c > 0 do
    n = n + 1
    x[n] = c & MASK
    c = c >> BITS
  end
  if m == 0 then normalize(x, n) else x.n = n end
end

-- |x| = |x| * a + |y| * b (a < MAX_MUL, b < 2 * MAX_MUL)
local function mul_add_mul(x, a, y, b)
  local xn, yn = x.n, y.n
  for i = xn + 1, yn do x[i] = 0 end
  if yn > xn then xn = yn end
  local c = 0
  for i = 1, yn do
    local v = x[i] * a + y[i] * b + c
    x[i] = v & MASK
    c = v >> BITS
  end
  for i = yn + 1, xn do
    local v = x[i] * a + c
    x[i] = v & MASK
    c = v >> BITS
  end
  while c > 0 do
    xn = xn + 1
    x[xn] = c & MASK
    c = c >> BITS
  end
  normalize(x, xn)
end

-- |x| = |x| + |y| * m
local function add_mul_small(x, y, m)
  mul_add_mul(x, 1, y, m)
end

-- |x| = | |x| - |y| * m |; returns true when |y| * m was the larger (the
-- difference changed sign)
local function sub_mul_small(x, y, m)
  local xn, yn = x.n, y.n
  for i = xn + 1, yn do x[i] = 0 end
  if yn > xn then xn = yn end
  local c = 0 -- carry, zero or negative (floor division keeps limbs >= 0)
  for i = 1, yn do
    local v = x[i] - y[i] * m + c
    x[i] = v & MASK
    c = v // BASE
  end
  local i = yn + 1
  while c ~= 0 and i <= xn do
    local v = x[i] + c
    x[i] = v & MASK
    c = v // BASE
    i = i + 1
  end
  if c == 0 then
    normalize(x, xn)
    return false
  end
  -- the limbs hold L and the difference is L + c * BASE^xn < 0: its
  -- magnitude is (-c) * BASE^xn - L; negate L limb by limb, then add the top
  local cc = 0
  for j = 1, xn do
    local v = cc - x[j]
    x[j] = v & MASK
    cc = v // BASE
  end
  local top = cc - c
  while top > 0 do
    xn = xn + 1
    x[xn] = top & MASK
    top = top >> BITS
  end
  normalize(x, xn)
  return true
end

-- signed x = x + |y| * m
local function signed_add_mul(x, y, m)
  if x.neg then
    if sub_mul_small(x, y, m) or x.n == 0 then x.neg = false end
  else
    add_mul_small(x, y, m)
  end
end

-- signed x = x - |y| * m
local function signed_sub_mul(x, y, m)
  if x.neg then
    add_mul_small(x, y, m)
  else
    if sub_mul_small(x, y, m) then x.neg = true end
    if x.n == 0 then x.neg = false end
  end
end

-- -1, 0 or 1 as |x| <, = or > |y|
local function cmp(x, y)
  local xn, yn = x.n, y.n
  if xn ~= yn then return xn < yn and -1 or 1 end
  for i = xn, 1, -1 do
    local a, b = x[i], y[i]
    if a ~= b then return a < b and -1 or 1 end
  end
  return 0
end

-- the limbs of x from `from` up, as a float: x / BASE^(from - 1), truncated
local function lead(x, from)
  local f = 0.0
  for i = x.n, from, -1 do f = f * BASE + x[i] end
  return f
end

-- floor((|x| * m + |y|) / |d|) for d > 0 when the quotient is small; t is a
-- scratch number, left holding the remainder
local function quotient(x, m, y, d, t)
  local dn = d.n
  local hi = x.n > y.n and x.n or y.n
  if hi > dn + 1 then error("pidigits: quotient too large for this bignum") end
  local from = dn > 1 and dn - 1 or 1
  -- a lower bound of the dividend over an upper bound of d: never too large
  local q = (lead(x, from) * m + lead(y, from)) / (lead(d, from) + 1.0)
  q = math.floor(q * (1.0 - 1e-12))
  if q < 0 then q = 0 end
  check_mul(q)
  -- remainder t = x * m + y - d * q, in one pass
  local n = hi > dn and hi or dn
  local low = x.n
  if y.n < low then low = y.n end
  if dn < low then low = dn end
  local c = 0
  for i = 1, low do
    local v = x[i] * m + y[i] - d[i] * q + c
    t[i] = v & MASK
    c = v // BASE
  end
  for i = low + 1, n do
    local v = (x[i] or 0) * m + (y[i] or 0) - (d[i] or 0) * q + c
    t[i] = v & MASK
    c = v // BASE
  end
  if c < 0 then error("pidigits: quotient estimate too large") end
  for i = n + 1, t.n do t[i] = nil end
  while c > 0 do
    n = n + 1
    t[n] = c & MASK
    c = c >> BITS
  end
  normalize(t, n)
  while cmp(t, d) >= 0 do
    sub_mul_small(t, d, 1)
    q = q + 1
  end
  return q
end

local n = tonumber(arg[1]) or 30
local acc, den, num = big(0), big(1), big(1)
local t = big(0)
local k, i = 0, 0
local out = {}
local line = {}
while i < n do
  k = k + 1
  local k2 = 2 * k + 1
  check_mul(k2)
  -- acc += 2 * num; acc *= k2
  if acc.neg then
    signed_add_mul(acc, num, 2)
    mul_small(acc, k2)
  else
    mul_add_mul(acc, k2, num, 2 * k2)
  end
  mul_small(den, k2)
  mul_small(num, k)
  -- num > acc is always true for a negative acc
  if not acc.neg and cmp(num, acc) <= 0 then
    local d3 = quotient(num, 3, acc, den, t)
    local d4 = quotient(num, 4, acc, den, t)
    if d3 == d4 then
      line[#line + 1] = string.char(48 + d3)
      i = i + 1
      if #line == 10 then
        out[#out + 1] = table.concat(line) .. "\t:" .. i .. "\n"
        line = {}
      end
      signed_sub_mul(acc, den, d3)
      mul_small(acc, 10)
      mul_small(num, 10)
    end
  end
end
if #line > 0 then
  out[#out + 1] = string.format("%-10s\t:%d\n", table.concat(line), n)
end
io.write(table.concat(out))
