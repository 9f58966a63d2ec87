// spectral-norm (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double, no FMA (built with
// -ffp-contract=off), no fast-math; no hand-written SIMD. Standard library only.
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

// out = A * x
void mul_av(const std::vector<double> &x, std::vector<double> &out)
{
    const int n = static_cast<int>(x.size());
    for (int i = 0; i < n; ++i) {
        double sum = 0.0;
        for (int j = 0; j < n; ++j)
            sum += eval_a(i, j) * x[j];
        out[i] = sum;
    }
}

// out = A^T * x
void mul_atv(const std::vector<double> &x, std::vector<double> &out)
{
    const int n = static_cast<int>(x.size());
    for (int i = 0; i < n; ++i) {
        double sum = 0.0;
        for (int j = 0; j < n; ++j)
            sum += eval_a(j, i) * x[j];
        out[i] = sum;
    }
}

// out = A^T * (A * x); tmp is scratch space
void mul_atav(const std::vector<double> &x, std::vector<double> &out, std::vector<double> &tmp)
{
    mul_av(x, tmp);
    mul_atv(tmp, out);
}

} // namespace

int main(int argc, char **argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 100;
    std::vector<double> u(n, 1.0), v(n), tmp(n);
    for (int k = 0; k < 10; ++k) {
        mul_atav(u, v, tmp);
        mul_atav(v, u, tmp);
    }
    double vbv = 0.0, vv = 0.0;
    for (int i = 0; i < n; ++i) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    std::cout << std::fixed << std::setprecision(9) << std::sqrt(vbv / vv) << '\n';
    return 0;
}
