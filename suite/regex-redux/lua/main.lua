-- regex-redux (joulebench suite, written from SPEC.md).
-- Rules relied on: single-threaded; Lua's own patterns have no alternation,
-- so the regular expressions come from PCRE2 through lrexlib's binding
-- (Debian's lua-rex-pcre2, require "rex_pcre2"), each pattern compiled once
-- with rex.new and JIT-compiled (PCRE2 JIT, as the C program uses); stdin
-- read at once with io.read("a").

local rex = require("rex_pcre2")

local VARIANTS = {
  "agggtaaa|tttaccct",
  "[cgt]gggtaaa|tttaccc[acg]",
  "a[act]ggtaaa|tttacc[agt]t",
  "ag[act]gtaaa|tttac[agt]ct",
  "agg[act]taaa|ttta[agt]cct",
  "aggg[acg]aaa|ttt[cgt]ccct",
  "agggt[cgt]aa|tt[acg]accct",
  "agggta[cgt]a|t[acg]taccct",
  "agggtaa[cgt]|[acg]ttaccct",
}

local SUBSTITUTIONS = {
  { "tHa[Nt]", "<4>" },
  { "aND|caN|Ha[DS]|WaS", "<3>" },
  { "a[NSt]|BY", "<2>" },
  { "<[^>]*>", "|" },
  { "\\|[^|][^|]*\\|", "-" },
}

local function compile(pattern)
  local re = rex.new(pattern)
  re:jit_compile()
  return re
end

local data = io.read("a")
local input_len = #data
local seq = rex.gsub(data, compile(">.*\n|\n"), "")
local clean_len = #seq

local out = {}
for _, pattern in ipairs(VARIANTS) do
  out[#out + 1] = pattern .. " " .. rex.count(seq, compile(pattern)) .. "\n"
end

for _, s in ipairs(SUBSTITUTIONS) do
  seq = rex.gsub(seq, compile(s[1]), s[2])
end

out[#out + 1] = string.format("\n%d\n%d\n%d\n", input_len, clean_len, #seq)
io.write(table.concat(out))
