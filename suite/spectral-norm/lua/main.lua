-- spectral-norm (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; IEEE double (Lua 5.4 floats), no FMA, no
-- fast-math; A(i, j) computed on the fly, its integer part in Lua integers
-- (floor division) and the division in floats. Standard library only.

-- A(i, j) = 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1) with 0-based i, j,
-- written out inline in both products. Arrays are 1-based: x[j + 1] is x_j.

-- out = A * x
local function mul_av(n, x, out)
  for i = 0, n - 1 do
    local sum = 0.0
    for j = 0, n - 1 do
      local ij = i + j
      sum = sum + 1.0 / (ij * (ij + 1) // 2 + i + 1) * x[j + 1]
    end
    out[i + 1] = sum
  end
end

-- out = A^T * x
local function mul_atv(n, x, out)
  for i = 0, n - 1 do
    local sum = 0.0
    for j = 0, n - 1 do
      local ij = i + j
      sum = sum + 1.0 / (ij * (ij + 1) // 2 + j + 1) * x[j + 1]
    end
    out[i + 1] = sum
  end
end

-- out = A^T * A * x, tmp is scratch
local function mul_atav(n, x, out, tmp)
  mul_av(n, x, tmp)
  mul_atv(n, tmp, out)
end

local n = tonumber(arg[1]) or 100
local u, v, tmp = {}, {}, {}
for i = 1, n do
  u[i] = 1.0
  v[i] = 0.0
  tmp[i] = 0.0
end
for _ = 1, 10 do
  mul_atav(n, u, v, tmp)
  mul_atav(n, v, u, tmp)
end
local vbv, vv = 0.0, 0.0
for i = 1, n do
  vbv = vbv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
io.write(string.format("%.9f\n", math.sqrt(vbv / vv)))
