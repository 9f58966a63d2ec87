// binary-trees (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; every node a separate object allocated
// with `new` and reclaimed by Mono's garbage collector (no pools or arenas).
// Standard library only.
using System;
using System.Text;

sealed class Node
{
    public readonly Node Left, Right; // both null for a leaf

    public Node(Node left, Node right)
    {
        Left = left;
        Right = right;
    }

    public static Node Make(int depth)
    {
        if (depth == 0)
            return new Node(null, null);
        return new Node(Make(depth - 1), Make(depth - 1));
    }

    public int Check()
    {
        if (Left == null)
            return 1;
        return 1 + Left.Check() + Right.Check();
    }
}

static class Program
{
    static void Main(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 10;
        const int minDepth = 4;
        int maxDepth = Math.Max(minDepth + 2, n);
        var output = new StringBuilder();

        int stretchDepth = maxDepth + 1;
        output.Append("stretch tree of depth ").Append(stretchDepth)
              .Append("\t check: ").Append(Node.Make(stretchDepth).Check()).Append('\n');

        Node longLived = Node.Make(maxDepth);

        for (int d = minDepth; d <= maxDepth; d += 2)
        {
            int iterations = 1 << (maxDepth - d + minDepth);
            long sum = 0;
            for (int i = 0; i < iterations; i++)
                sum += Node.Make(d).Check();
            output.Append(iterations).Append("\t trees of depth ").Append(d)
                  .Append("\t check: ").Append(sum).Append('\n');
        }

        output.Append("long lived tree of depth ").Append(maxDepth)
              .Append("\t check: ").Append(longLived.Check()).Append('\n');
        Console.Out.Write(output.ToString());
    }
}
