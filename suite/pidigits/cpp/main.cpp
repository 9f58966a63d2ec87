// pidigits (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's step-by-step spigot; arbitrary
// precision integers from GMP through its C++ interface gmpxx (mpz_class,
// header gmpxx.h shipped in libgmp-dev); output through the ostream buffer.
#include <gmpxx.h>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char **argv)
{
    std::ios::sync_with_stdio(false);
    const long n = argc > 1 ? std::atol(argv[1]) : 30;

    mpz_class acc = 0, den = 1, num = 1, d3, d4;
    std::string line;
    line.reserve(10);
    long i = 0;
    unsigned long k = 0;

    while (i < n) {
        ++k;
        const unsigned long k2 = 2 * k + 1;
        acc += 2 * num;
        acc *= k2;
        den *= k2;
        num *= k;

        if (num > acc)
            continue;

        d3 = (3 * num + acc) / den;
        d4 = (4 * num + acc) / den;
        if (d3 != d4)
            continue;

        const unsigned long d = d3.get_ui();
        line.push_back(static_cast<char>('0' + d));
        ++i;
        if (line.size() == 10) {
            std::cout << line << "\t:" << i << '\n';
            line.clear();
        }

        acc -= den * d;
        acc *= 10;
        num *= 10;
    }
    if (!line.empty()) {
        line.resize(10, ' ');
        std::cout << line << "\t:" << n << '\n';
    }
    return 0;
}
