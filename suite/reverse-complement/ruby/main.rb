# reverse-complement (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; complement with String#tr (upper or lower
# case in, upper case out), newlines dropped with String#delete, reversal with
# String#reverse!; stdin read at once in binary mode; output collected in
# large binary chunks and written with few writes. Standard library only.
# Runs under CRuby and JRuby (Ruby 2.6 syntax).

LINE = 60
FROM = "ACGTUMRWSYKVHDBNacgtumrwsykvhdbn"
TO = "TGCAAKYWSRMBDHVNTGCAAKYWSRMBDHVN"
CHUNK = 1 << 20 # bytes per write, about

$stdin.binmode
$stdout.binmode
data = $stdin.read
out = $stdout
n = data.bytesize
pos = data.index(">")
buf = String.new(capacity: CHUNK + 4096)
while pos && pos < n
  header_end = data.index("\n", pos)
  if header_end.nil?
    buf << data.byteslice(pos, n - pos) << "\n"
    break
  end
  next_rec = data.index(">", header_end) || n
  # header line unchanged, with its newline
  buf << data.byteslice(pos, header_end + 1 - pos)
  seq = data.byteslice(header_end + 1, next_rec - header_end - 1)
  seq.delete!("\n")
  seq.tr!(FROM, TO)
  seq.reverse!
  len = seq.bytesize
  i = 0
  while i < len
    buf << seq.byteslice(i, LINE) << "\n"
    i += LINE
    if buf.bytesize >= CHUNK
      out.write(buf)
      buf.clear
    end
  end
  pos = next_rec
end
out.write(buf) unless buf.empty?
out.flush
