# k-nucleotide (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; every k-mer counted in the standard
# library's hash map (Hash, String keys) for each k; stdin read at once in
# binary mode. Standard library only. Runs under CRuby and JRuby (Ruby 2.6
# syntax).

def count_kmers(seq, k)
  counts = Hash.new(0)
  last = seq.bytesize - k
  i = 0
  while i <= last
    counts[seq.byteslice(i, k)] += 1
    i += 1
  end
  counts
end

$stdin.binmode
data = $stdin.read
# The record whose header starts with ">THREE".
start = if data.start_with?(">THREE")
          0
        else
          pos = data.index("\n>THREE")
          pos && pos + 1
        end
exit if start.nil?
body_start = data.index("\n", start)
body_start = body_start.nil? ? data.bytesize : body_start + 1
body_end = data.index("\n>", body_start - 1)
body_end = body_end.nil? ? data.bytesize : body_end + 1
seq = data.byteslice(body_start, body_end - body_start).delete("\r\n").upcase

out = []
[1, 2].each do |k|
  counts = count_kmers(seq, k)
  total = (seq.bytesize - k + 1).to_f
  counts.sort_by { |kmer, c| [-c, kmer] }.each do |kmer, c|
    out << format("%s %.3f\n", kmer, 100.0 * c / total)
  end
  out << "\n"
end

%w[GGT GGTA GGTATT GGTATTTTAATT GGTATTTTAATTTATAGT].each do |kmer|
  counts = count_kmers(seq, kmer.size)
  out << "#{counts[kmer.b]}\t#{kmer}\n"
end

$stdout.write(out.join)
