// spectral-norm (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double, no FMA (built with
// -ffp-contract=off), no fast-math (-fno-math-errno only drops errno for
// std::sqrt); no hand-written SIMD. Standard library only.
// Speed: ~1.2-1.3x the Rust program's CPU time (quick size), as in ../c/main.c:
// g++ vectorises the row loop's divisions but not the in-order sum, so the two
// are separate loops where rustc fuses them.
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <vector>

namespace {

// A(i, j) with 0-based indices; the integer part is exact in double.
inline double eval_a(int i, int j)
{
    int ij = i + j;
    return 1.0 / static_cast<double>(ij * (ij + 1) / 2 + i + 1);
}

// out = A * x. Row i of A is computed into `row` first, so the divisions run
// in a loop of their own that the compiler can vectorise; the sum then adds the
// products in order j = 0, 1, ..., n-1, exactly as a single loop would.
void mul_av(const std::vector<double> &x, std::vector<double> &out, std::vector<double> &row)
{
    const int n = static_cast<int>(x.size());
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j)
            row[j] = eval_a(i, j);
        double sum = 0.0;
        for (int j = 0; j < n; ++j)
            sum += row[j] * x[j];
        out[i] = sum;
    }
}

// out = A^T * x, column i of A computed into `row` the same way
void mul_atv(const std::vector<double> &x, std::vector<double> &out, std::vector<double> &row)
{
    const int n = static_cast<int>(x.size());
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j)
            row[j] = eval_a(j, i);
        double sum = 0.0;
        for (int j = 0; j < n; ++j)
            sum += row[j] * x[j];
        out[i] = sum;
    }
}

// out = A^T * (A * x); tmp and row are scratch space
void mul_atav(const std::vector<double> &x, std::vector<double> &out, std::vector<double> &tmp,
              std::vector<double> &row)
{
    mul_av(x, tmp, row);
    mul_atv(tmp, out, row);
}

} // namespace

int main(int argc, char **argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 100;
    std::vector<double> u(n, 1.0), v(n), tmp(n), row(n);
    for (int k = 0; k < 10; ++k) {
        mul_atav(u, v, tmp, row);
        mul_atav(v, u, tmp, row);
    }
    double vbv = 0.0, vv = 0.0;
    for (int i = 0; i < n; ++i) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    std::cout << std::fixed << std::setprecision(9) << std::sqrt(vbv / vv) << '\n';
    return 0;
}
