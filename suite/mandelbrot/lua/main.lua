-- mandelbrot (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; IEEE double (Lua 5.4 floats), no FMA, no
-- fast-math; cr and ci computed directly for every pixel; binary PBM (P4),
-- each row packed into a byte array turned into a string with string.char,
-- the rows joined and written with one write. Standard library only.

local n = tonumber(arg[1]) or 200
if n < 0 then n = 0 end
local char, unpack = string.char, table.unpack
local rows = {}
local row = {}
local row_bytes = (n + 7) // 8

for y = 0, n - 1 do
  local ci = 2.0 * y / n - 1.0
  local byte, nbyte = 0, 0
  for x = 0, n - 1 do
    local cr = 2.0 * x / n - 1.5
    local zr, zi, tr, ti = 0.0, 0.0, 0.0, 0.0
    local i = 0
    while i < 50 and tr + ti <= 4.0 do
      zi = 2.0 * zr * zi + ci
      zr = tr - ti + cr
      tr = zr * zr
      ti = zi * zi
      i = i + 1
    end
    byte = byte << 1
    if tr + ti <= 4.0 then byte = byte | 1 end
    if x & 7 == 7 then
      nbyte = nbyte + 1
      row[nbyte] = byte
      byte = 0
    end
  end
  -- pad the last byte of the row with zero bits
  if n & 7 ~= 0 then
    nbyte = nbyte + 1
    row[nbyte] = byte << (8 - (n & 7))
  end
  rows[y + 1] = char(unpack(row, 1, row_bytes))
end

io.write("P4\n", n, " ", n, "\n", table.concat(rows))
