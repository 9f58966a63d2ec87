-- k-nucleotide (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; every k-mer counted in Lua's own hash map
-- (a table keyed by the k-mer string) for each k; stdin read at once with
-- io.read("a"). Standard library only.

local sub = string.sub

local function count_kmers(seq, k)
  local counts = {}
  for i = 1, #seq - k + 1 do
    local kmer = sub(seq, i, i + k - 1)
    counts[kmer] = (counts[kmer] or 0) + 1
  end
  return counts
end

local data = io.read("a")
-- the record whose header starts with ">THREE"
local start
if data:sub(1, 6) == ">THREE" then
  start = 1
else
  start = data:find("\n>THREE", 1, true)
  if start == nil then return end
  start = start + 1
end
local body_start = data:find("\n", start, true)
body_start = body_start and body_start + 1 or #data + 1
local body_end = data:find("\n>", body_start - 1, true)
body_end = body_end or #data
local seq = data:sub(body_start, body_end):gsub("[\r\n]", ""):upper()

local out = {}
for k = 1, 2 do
  local counts = count_kmers(seq, k)
  local total = #seq - k + 1
  local list = {}
  for kmer, c in pairs(counts) do list[#list + 1] = { kmer, c } end
  table.sort(list, function(a, b)
    if a[2] ~= b[2] then return a[2] > b[2] end
    return a[1] < b[1]
  end)
  for _, e in ipairs(list) do
    out[#out + 1] = string.format("%s %.3f\n", e[1], 100.0 * e[2] / total)
  end
  out[#out + 1] = "\n"
end

for _, kmer in ipairs({ "GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT" }) do
  local counts = count_kmers(seq, #kmer)
  out[#out + 1] = string.format("%d\t%s\n", counts[kmer] or 0, kmer)
end

io.write(table.concat(out))
