-- fasta (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; the SPEC's linear congruential generator
-- (seed 42, one generator shared by both random records); cumulative
-- probabilities summed in double, the first one greater than the draw chosen
-- by a linear scan (the last character if none is); each line built from a
-- byte array with string.char, lines joined with table.concat and written in
-- large chunks. Standard library only.

local LINE <const> = 60
local IM <const> = 139968
local IA <const> = 3877
local IC <const> = 29573
local CHUNK_LINES <const> = 4096 -- lines per write

local ALU = "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC" ..
            "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG" ..
            "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG" ..
            "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"

local IUB = {
  { "a", 0.27 }, { "c", 0.12 }, { "g", 0.12 }, { "t", 0.27 },
  { "B", 0.02 }, { "D", 0.02 }, { "H", 0.02 }, { "K", 0.02 },
  { "M", 0.02 }, { "N", 0.02 }, { "R", 0.02 }, { "S", 0.02 },
  { "V", 0.02 }, { "W", 0.02 }, { "Y", 0.02 },
}

local HOMO_SAPIENS = {
  { "a", 0.3029549426680 }, { "c", 0.1979883004921 },
  { "g", 0.1975473066391 }, { "t", 0.3015094502008 },
}

local write = io.write
local concat = table.concat
local char = string.char
local unpack = table.unpack

local function repeat_fasta(header, src, n)
  write(header)
  local src_len = #src
  local twice = src .. src -- any 60-character window is contiguous
  local pos = 1
  local buf, lines = {}, 0
  while n > 0 do
    local len = n > LINE and LINE or n
    lines = lines + 1
    buf[lines] = twice:sub(pos, pos + len - 1)
    pos = pos + len
    if pos > src_len then pos = pos - src_len end
    n = n - len
    if lines == CHUNK_LINES then
      buf[lines + 1] = ""
      write(concat(buf, "\n"))
      buf, lines = {}, 0
    end
  end
  if lines > 0 then
    buf[lines + 1] = ""
    write(concat(buf, "\n", 1, lines + 1))
  end
end

local function random_fasta(header, tbl, n, seed)
  -- cumulative probabilities, added in table order
  local cum, bytes = {}, {}
  local acc = 0.0
  for i, e in ipairs(tbl) do
    acc = acc + e[2]
    cum[i] = acc
    bytes[i] = e[1]:byte()
  end
  local last = #tbl
  local imf = IM + 0.0

  write(header)
  local line = {}
  local buf, lines = {}, 0
  while n > 0 do
    local len = n > LINE and LINE or n
    for i = 1, len do
      seed = (seed * IA + IC) % IM
      local r = seed / imf
      local j = 1
      while j < last and cum[j] <= r do j = j + 1 end
      line[i] = bytes[j]
    end
    lines = lines + 1
    buf[lines] = char(unpack(line, 1, len))
    n = n - len
    if lines == CHUNK_LINES then
      buf[lines + 1] = ""
      write(concat(buf, "\n"))
      buf, lines = {}, 0
    end
  end
  if lines > 0 then
    buf[lines + 1] = ""
    write(concat(buf, "\n", 1, lines + 1))
  end
  return seed
end

local n = tonumber(arg[1]) or 1000
io.stdout:setvbuf("full")
repeat_fasta(">ONE Homo sapiens alu\n", ALU, 2 * n)
local seed = 42
seed = random_fasta(">TWO IUB ambiguity codes\n", IUB, 3 * n, seed)
random_fasta(">THREE Homo sapiens frequency\n", HOMO_SAPIENS, 5 * n, seed)
io.stdout:flush()
