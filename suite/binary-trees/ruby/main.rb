# binary-trees (joulebench suite, written from SPEC.md).
# Rules relied on: single-threaded; every node is its own Ruby object (a Node
# with two children, or with two nils for a leaf), allocated with Node.new and
# reclaimed by the garbage collector; no pools or free lists. Standard library
# only. Runs under CRuby and JRuby (Ruby 2.6 syntax).

class Node
  attr_reader :left, :right

  def initialize(left, right)
    @left = left
    @right = right
  end
end

def make(d)
  if d == 0
    Node.new(nil, nil)
  else
    Node.new(make(d - 1), make(d - 1))
  end
end

def check(t)
  l = t.left
  if l.nil?
    1
  else
    1 + check(l) + check(t.right)
  end
end

n = ARGV.empty? ? 10 : ARGV[0].to_i
min_depth = 4
max_depth = [min_depth + 2, n].max
out = []

stretch = max_depth + 1
out << "stretch tree of depth #{stretch}\t check: #{check(make(stretch))}"

long_lived = make(max_depth)

d = min_depth
while d <= max_depth
  iterations = 1 << (max_depth - d + min_depth)
  sum = 0
  iterations.times { sum += check(make(d)) }
  out << "#{iterations}\t trees of depth #{d}\t check: #{sum}"
  d += 2
end

out << "long lived tree of depth #{max_depth}\t check: #{check(long_lived)}"
$stdout.write(out.join("\n") << "\n")
