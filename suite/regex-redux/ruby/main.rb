# regex-redux (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; regular expressions from Ruby's built-in
# Regexp (Onigmo in CRuby, Joni in JRuby) on a binary String; stdin read at
# once in binary mode. Runs under CRuby and JRuby (Ruby 2.6 syntax).

VARIANTS = [
  "agggtaaa|tttaccct",
  "[cgt]gggtaaa|tttaccc[acg]",
  "a[act]ggtaaa|tttacc[agt]t",
  "ag[act]gtaaa|tttac[agt]ct",
  "agg[act]taaa|ttta[agt]cct",
  "aggg[acg]aaa|ttt[cgt]ccct",
  "agggt[cgt]aa|tt[acg]accct",
  "agggta[cgt]a|t[acg]taccct",
  "agggtaa[cgt]|[acg]ttaccct"
].freeze

SUBSTITUTIONS = [
  ["tHa[Nt]", "<4>"],
  ["aND|caN|Ha[DS]|WaS", "<3>"],
  ["a[NSt]|BY", "<2>"],
  ["<[^>]*>", "|"],
  ["\\|[^|][^|]*\\|", "-"]
].freeze

$stdin.binmode
data = $stdin.read
input_len = data.bytesize
seq = data.gsub(/>.*\n|\n/n, "")
clean_len = seq.bytesize

out = []
VARIANTS.each do |pattern|
  re = Regexp.new(pattern, Regexp::NOENCODING)
  count = 0
  seq.scan(re) { count += 1 }
  out << "#{pattern} #{count}\n"
end

SUBSTITUTIONS.each do |pattern, replacement|
  seq = seq.gsub(Regexp.new(pattern, Regexp::NOENCODING), replacement)
end

out << "\n#{input_len}\n#{clean_len}\n#{seq.bytesize}\n"
$stdout.write(out.join)
