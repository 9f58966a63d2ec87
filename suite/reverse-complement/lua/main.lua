-- reverse-complement (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; newlines dropped with string.gsub, the
-- complement done by string.gsub with a lookup table (upper or lower case in,
-- upper case out), the reversal by string.reverse; stdin read at once with
-- io.read("a"); 60-character lines joined with table.concat and written in
-- large chunks. Standard library only.

local LINE <const> = 60
local CHUNK_LINES <const> = 16384 -- lines per write

local FROM = "ACGTUMRWSYKVHDBNacgtumrwsykvhdbn"
local TO = "TGCAAKYWSRMBDHVNTGCAAKYWSRMBDHVN"
local COMPLEMENT = {}
for i = 1, #FROM do COMPLEMENT[FROM:sub(i, i)] = TO:sub(i, i) end

local write, concat, sub, find = io.write, table.concat, string.sub, string.find

local function write_seq(seq)
  local len = #seq
  local buf, lines = {}, 0
  for i = 1, len, LINE do
    lines = lines + 1
    buf[lines] = sub(seq, i, i + LINE - 1)
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

io.stdout:setvbuf("full")
local data = io.read("a")
local n = #data
local pos = find(data, ">", 1, true)
while pos do
  local header_end = find(data, "\n", pos, true)
  if header_end == nil then
    write(sub(data, pos), "\n")
    break
  end
  local next_rec = find(data, ">", header_end, true)
  -- header line unchanged, with its newline
  write(sub(data, pos, header_end))
  local seq = sub(data, header_end + 1, (next_rec or n + 1) - 1)
  seq = seq:gsub("\n", "")
  seq = seq:gsub("[%a]", COMPLEMENT)
  write_seq(seq:reverse())
  pos = next_rec
end
io.stdout:flush()
