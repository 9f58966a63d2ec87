/* mandelbrot (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; IEEE double, no FMA (built with
 * -ffp-contract=off), no fast-math; no hand-written SIMD; binary PBM (P4)
 * output written with one buffered fwrite. Standard library only. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    if (n < 0)
        n = 0;
    size_t row_bytes = ((size_t)n + 7) / 8;
    unsigned char *image = calloc(row_bytes * (size_t)n + 1, 1);
    if (!image)
        return 1;

    for (int y = 0; y < n; y++) {
        unsigned char *row = image + row_bytes * (size_t)y;
        double ci = 2.0 * y / n - 1.0;
        for (int x = 0; x < n; x++) {
            double cr = 2.0 * x / n - 1.5;
            double zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
            for (int i = 0; i < 50 && tr + ti <= 4.0; i++) {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
            }
            if (tr + ti <= 4.0)
                row[x >> 3] |= (unsigned char)(0x80u >> (x & 7));
        }
    }

    printf("P4\n%d %d\n", n, n);
    fwrite(image, 1, row_bytes * (size_t)n, stdout);
    free(image);
    return 0;
}
