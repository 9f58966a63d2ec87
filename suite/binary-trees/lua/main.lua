-- binary-trees (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; every node is its own Lua table ({left,
-- right} for an inner node, an empty table for a leaf), allocated by the
-- table constructor and reclaimed by Lua's garbage collector (default
-- settings); no pools or free lists. Standard library only.

local function make(d)
  if d == 0 then return {} end
  d = d - 1
  return { make(d), make(d) }
end

local function check(t)
  local l = t[1]
  if l == nil then return 1 end
  return 1 + check(l) + check(t[2])
end

local n = tonumber(arg[1]) or 10
local min_depth = 4
local max_depth = math.max(min_depth + 2, n)
local out = {}

local stretch = max_depth + 1
out[#out + 1] = string.format("stretch tree of depth %d\t check: %d", stretch, check(make(stretch)))

local long_lived = make(max_depth)

for d = min_depth, max_depth, 2 do
  local iterations = 1 << (max_depth - d + min_depth)
  local sum = 0
  for _ = 1, iterations do sum = sum + check(make(d)) end
  out[#out + 1] = string.format("%d\t trees of depth %d\t check: %d", iterations, d, sum)
end

out[#out + 1] = string.format("long lived tree of depth %d\t check: %d", max_depth, check(long_lived))
out[#out + 1] = ""
io.write(table.concat(out, "\n"))
