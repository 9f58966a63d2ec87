// binary-trees (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; every node is its own heap allocation
// (std::make_unique, i.e. operator new), released by std::unique_ptr's
// destructor; no arenas, pools or free lists. Standard library only.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace {

struct Node {
    std::unique_ptr<Node> left, right;
};

std::unique_ptr<Node> make(int depth)
{
    auto node = std::make_unique<Node>();
    if (depth > 0) {
        node->left = make(depth - 1);
        node->right = make(depth - 1);
    }
    return node;
}

long check(const Node &node)
{
    if (!node.left)
        return 1;
    return 1 + check(*node.left) + check(*node.right);
}

} // namespace

int main(int argc, char **argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 10;
    const int min_depth = 4;
    const int max_depth = std::max(min_depth + 2, n);

    {
        const int stretch = max_depth + 1;
        auto tree = make(stretch);
        std::cout << "stretch tree of depth " << stretch << "\t check: " << check(*tree) << '\n';
    } // stretch tree dropped here

    auto long_lived = make(max_depth);

    for (int d = min_depth; d <= max_depth; d += 2) {
        const long iterations = 1L << (max_depth - d + min_depth);
        long sum = 0;
        for (long i = 0; i < iterations; ++i) {
            auto tree = make(d);
            sum += check(*tree);
        }
        std::cout << iterations << "\t trees of depth " << d << "\t check: " << sum << '\n';
    }

    std::cout << "long lived tree of depth " << max_depth << "\t check: " << check(*long_lived)
              << '\n';
    return 0;
}
