// mandelbrot (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double, no FMA (built with
// -ffp-contract=off), no fast-math; no hand-written SIMD; binary PBM (P4)
// image held in a std::vector and written with one ostream::write.
// Standard library only.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <vector>

int main(int argc, char **argv)
{
    const int n = std::max(0, argc > 1 ? std::atoi(argv[1]) : 200);
    const std::size_t row_bytes = (static_cast<std::size_t>(n) + 7) / 8;
    std::vector<std::uint8_t> image(row_bytes * static_cast<std::size_t>(n), 0);

    for (int y = 0; y < n; ++y) {
        std::uint8_t *row = image.data() + row_bytes * static_cast<std::size_t>(y);
        const double ci = 2.0 * y / n - 1.0;
        for (int x = 0; x < n; ++x) {
            const double cr = 2.0 * x / n - 1.5;
            double zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
            for (int i = 0; i < 50 && tr + ti <= 4.0; ++i) {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
            }
            if (tr + ti <= 4.0)
                row[x >> 3] |= static_cast<std::uint8_t>(0x80u >> (x & 7));
        }
    }

    std::ios::sync_with_stdio(false);
    std::cout << "P4\n" << n << ' ' << n << '\n';
    std::cout.write(reinterpret_cast<const char *>(image.data()),
                    static_cast<std::streamsize>(image.size()));
    return 0;
}
