# fasta (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; the SPEC's linear congruential generator
# (seed 42, one generator shared by both random records); cumulative
# probabilities summed in double, the first one greater than the draw chosen
# by a linear scan (the last character if none is); output collected in a
# binary String and written in large chunks. Standard library only. Runs under
# CRuby and JRuby (Ruby 2.6 syntax).

LINE = 60
IM = 139968
IA = 3877
IC = 29573
CHUNK_LINES = 4096 # lines per write

ALU = "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC" \
      "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG" \
      "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG" \
      "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA"

IUB = [["a", 0.27], ["c", 0.12], ["g", 0.12], ["t", 0.27],
       ["B", 0.02], ["D", 0.02], ["H", 0.02], ["K", 0.02],
       ["M", 0.02], ["N", 0.02], ["R", 0.02], ["S", 0.02],
       ["V", 0.02], ["W", 0.02], ["Y", 0.02]]

HOMO_SAPIENS = [["a", 0.3029549426680], ["c", 0.1979883004921],
                ["g", 0.1975473066391], ["t", 0.3015094502008]]

def repeat_fasta(out, header, src, n)
  out.write(header)
  src_len = src.bytesize
  twice = (src + src).b # any 60-character window is contiguous
  pos = 0
  buf = String.new(capacity: (LINE + 1) * CHUNK_LINES)
  lines = 0
  while n > 0
    len = n > LINE ? LINE : n
    buf << twice.byteslice(pos, len) << "\n"
    pos += len
    pos -= src_len if pos >= src_len
    n -= len
    lines += 1
    if lines == CHUNK_LINES
      out.write(buf)
      buf.clear
      lines = 0
    end
  end
  out.write(buf) unless buf.empty?
end

def random_fasta(out, header, table, n, seed)
  # cumulative probabilities, added in table order
  cum = []
  acc = 0.0
  table.each do |_, p|
    acc += p
    cum << acc
  end
  bytes = table.map { |c, _| c.ord }
  last = table.size - 1
  imf = IM.to_f

  out.write(header)
  buf = String.new(capacity: (LINE + 1) * CHUNK_LINES)
  lines = 0
  while n > 0
    len = n > LINE ? LINE : n
    i = 0
    while i < len
      seed = (seed * IA + IC) % IM
      r = seed / imf
      j = 0
      j += 1 while j < last && cum[j] <= r
      buf << bytes[j]
      i += 1
    end
    buf << 10
    n -= len
    lines += 1
    if lines == CHUNK_LINES
      out.write(buf)
      buf.clear
      lines = 0
    end
  end
  out.write(buf) unless buf.empty?
  seed
end

n = ARGV.empty? ? 1000 : ARGV[0].to_i
out = $stdout
out.binmode
repeat_fasta(out, ">ONE Homo sapiens alu\n", ALU, 2 * n)
seed = 42
seed = random_fasta(out, ">TWO IUB ambiguity codes\n", IUB, 3 * n, seed)
random_fasta(out, ">THREE Homo sapiens frequency\n", HOMO_SAPIENS, 5 * n, seed)
out.flush
