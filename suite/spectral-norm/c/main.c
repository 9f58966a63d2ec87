/* spectral-norm (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; IEEE double, no FMA (built with
 * -ffp-contract=off), no fast-math (-fno-math-errno only drops errno for
 * sqrt); no hand-written SIMD. Standard library only.
 * Speed: ~1.2-1.3x the Rust program's CPU time (quick size; was ~1.5x before
 * each row of A got its own loop so GCC vectorises the divisions). The sum
 * must add in order (no fast-math), which GCC will not vectorise, so it stays
 * a separate scalar loop; rustc does both in one loop. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* A(i, j) with 0-based indices; the integer part is exact in double. */
static inline double eval_a(int i, int j)
{
    int ij = i + j;
    return 1.0 / (double)(ij * (ij + 1) / 2 + i + 1);
}

/* out = A * x. Row i of A is computed into `row` first, so the divisions run
 * in a loop of their own that the compiler can vectorise; the sum then adds
 * the products in order j = 0, 1, ..., n-1, exactly as a single loop would. */
static void mul_av(int n, const double *x, double *out, double *row)
{
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            row[j] = eval_a(i, j);
        double sum = 0.0;
        for (int j = 0; j < n; j++)
            sum += row[j] * x[j];
        out[i] = sum;
    }
}

/* out = A^T * x, column i of A computed into `row` the same way */
static void mul_atv(int n, const double *x, double *out, double *row)
{
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            row[j] = eval_a(j, i);
        double sum = 0.0;
        for (int j = 0; j < n; j++)
            sum += row[j] * x[j];
        out[i] = sum;
    }
}

/* out = A^T * A * x, tmp is scratch */
static void mul_atav(int n, const double *x, double *out, double *tmp, double *row)
{
    mul_av(n, x, tmp, row);
    mul_atv(n, tmp, out, row);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100;
    double *u = malloc(sizeof(double) * n);
    double *v = malloc(sizeof(double) * n);
    double *tmp = malloc(sizeof(double) * n);
    double *row = malloc(sizeof(double) * n);
    if (!u || !v || !tmp || !row)
        return 1;
    for (int i = 0; i < n; i++)
        u[i] = 1.0;
    for (int k = 0; k < 10; k++) {
        mul_atav(n, u, v, tmp, row);
        mul_atav(n, v, u, tmp, row);
    }
    double vbv = 0.0, vv = 0.0;
    for (int i = 0; i < n; i++) {
        vbv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    printf("%.9f\n", sqrt(vbv / vv));
    free(u);
    free(v);
    free(tmp);
    free(row);
    return 0;
}
