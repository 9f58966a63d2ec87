// binary-trees (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; every node is a separate object allocated
// with `new` (no pools or arenas); the JVM's default garbage collector.

public class Main {
    static final class Node {
        final Node left, right;

        Node(Node left, Node right) {
            this.left = left;
            this.right = right;
        }
    }

    static Node make(int depth) {
        if (depth == 0) {
            return new Node(null, null);
        }
        return new Node(make(depth - 1), make(depth - 1));
    }

    static int check(Node t) {
        if (t.left == null) {
            return 1;
        }
        return 1 + check(t.left) + check(t.right);
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        final int minDepth = 4;
        int maxDepth = Math.max(minDepth + 2, n);
        StringBuilder out = new StringBuilder();

        int stretchDepth = maxDepth + 1;
        out.append("stretch tree of depth ").append(stretchDepth)
           .append("\t check: ").append(check(make(stretchDepth))).append('\n');

        Node longLived = make(maxDepth);

        for (int d = minDepth; d <= maxDepth; d += 2) {
            int iterations = 1 << (maxDepth - d + minDepth);
            int sum = 0;
            for (int i = 0; i < iterations; i++) {
                sum += check(make(d));
            }
            out.append(iterations).append("\t trees of depth ").append(d)
               .append("\t check: ").append(sum).append('\n');
        }

        out.append("long lived tree of depth ").append(maxDepth)
           .append("\t check: ").append(check(longLived)).append('\n');
        System.out.print(out);
        System.out.flush();
    }
}
