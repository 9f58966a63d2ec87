// fannkuch-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; permutations generated in the SPEC's order
// (count/rotation scheme, the shift done with std::rotate); permutations held
// in fixed-size std::arrays; no hand-written SIMD. Standard library only.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <iostream>
#include <numeric>

int main(int argc, char **argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 7;
    constexpr int MAX_N = 16;
    if (n < 1 || n > MAX_N)
        return 1;
    std::array<int, MAX_N> perm1{}, perm{}, count{};
    std::iota(perm1.begin(), perm1.begin() + n, 0);
    int r = n;
    long perm_index = 0;
    long checksum = 0;
    int max_flips = 0;

    for (;;) {
        while (r != 1) {
            count[r - 1] = r;
            --r;
        }

        // count the flips of a copy of perm1
        perm = perm1;
        int flips = 0;
        for (int k = perm[0]; k != 0; k = perm[0]) {
            for (int i = 0, j = k; i < j; ++i, --j) // reverse perm[0..k]
                std::swap(perm[i], perm[j]);
            ++flips;
        }
        max_flips = std::max(max_flips, flips);
        checksum += (perm_index % 2 == 0) ? flips : -flips;

        // next permutation
        for (;;) {
            if (r == n) {
                std::cout << checksum << "\nPfannkuchen(" << n << ") = " << max_flips << '\n';
                return 0;
            }
            // perm1[0..r] shifted one place left, old perm1[0] put at perm1[r]
            std::rotate(perm1.begin(), perm1.begin() + 1, perm1.begin() + r + 1);
            if (--count[r] > 0)
                break;
            ++r;
        }
        ++perm_index;
    }
}
