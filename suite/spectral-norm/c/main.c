/* spectral-norm (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; IEEE double, no FMA (built with
 * -ffp-contract=off), no fast-math; no hand-written SIMD. Standard library only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* A(i, j) with 0-based indices; the integer part is exact in double. */
static inline double eval_a(int i, int j)
{
    int ij = i + j;
    return 1.0 / (double)(ij * (ij + 1) / 2 + i + 1);
}

/* out = A * x */
static void mul_av(int n, const double *x, double *out)
{
    for (int i = 0; i < n; i++) {
        double sum = 0.0;
        for (int j = 0; j < n; j++)
            sum += eval_a(i, j) * x[j];
        out[i] = sum;
    }
}

/* out = A^T * x */
static void mul_atv(int n, const double *x, double *out)
{
    for (int i = 0; i < n; i++) {
        double sum = 0.0;
        for (int j = 0; j < n; j++)
            sum += eval_a(j, i) * x[j];
        out[i] = sum;
    }
}

/* out = A^T * A * x, tmp is scratch */
static void mul_atav(int n, const double *x, double *out, double *tmp)
{
    mul_av(n, x, tmp);
    mul_atv(n, tmp, out);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100;
    double *u = malloc(sizeof(double) * n);
    double *v = malloc(sizeof(double) * n);
    double *tmp = malloc(sizeof(double) * n);
    if (!u || !v || !tmp)
        return 1;
    for (int i = 0; i < n; i++)
        u[i] = 1.0;
    for (int k = 0; k < 10; k++) {
        mul_atav(n, u, v, tmp);
        mul_atav(n, v, u, tmp);
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
    return 0;
}
