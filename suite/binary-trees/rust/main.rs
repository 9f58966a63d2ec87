// binary-trees (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; every node is its own heap allocation
// (Box, the global allocator), no arenas or pools. Standard library only.
use std::io::{self, Write};

/// A node has two children or none.
struct Node {
    children: Option<(Box<Node>, Box<Node>)>,
}

fn make(depth: u32) -> Box<Node> {
    let children = if depth == 0 {
        None
    } else {
        Some((make(depth - 1), make(depth - 1)))
    };
    Box::new(Node { children })
}

fn check(node: &Node) -> u64 {
    match &node.children {
        None => 1,
        Some((left, right)) => 1 + check(left) + check(right),
    }
}

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let min_depth = 4;
    let max_depth = n.max(min_depth + 2);

    let stdout = io::stdout();
    let mut out = stdout.lock();

    {
        let stretch_depth = max_depth + 1;
        let stretch = make(stretch_depth);
        writeln!(
            out,
            "stretch tree of depth {}\t check: {}",
            stretch_depth,
            check(&stretch)
        )
        .unwrap();
    }

    let long_lived = make(max_depth);

    for depth in (min_depth..=max_depth).step_by(2) {
        let iterations: u64 = 1 << (max_depth - depth + min_depth);
        let mut sum = 0;
        for _ in 0..iterations {
            let tree = make(depth);
            sum += check(&tree);
        }
        writeln!(
            out,
            "{}\t trees of depth {}\t check: {}",
            iterations, depth, sum
        )
        .unwrap();
    }

    writeln!(
        out,
        "long lived tree of depth {}\t check: {}",
        max_depth,
        check(&long_lived)
    )
    .unwrap();
}
