/* pidigits (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; the SPEC's step-by-step spigot; arbitrary
 * precision integers from GMP (mpz API, the library C users reach for);
 * output through stdio's buffer. */
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 30;
    mpz_t acc, den, num, t1, t2;
    mpz_init_set_ui(acc, 0);
    mpz_init_set_ui(den, 1);
    mpz_init_set_ui(num, 1);
    mpz_init(t1);
    mpz_init(t2);

    char line[11];
    int col = 0;
    long i = 0;
    unsigned long k = 0;

    while (i < n) {
        k++;
        unsigned long k2 = 2 * k + 1;
        /* acc += 2 * num; acc *= k2; den *= k2; num *= k */
        mpz_addmul_ui(acc, num, 2);
        mpz_mul_ui(acc, acc, k2);
        mpz_mul_ui(den, den, k2);
        mpz_mul_ui(num, num, k);

        if (mpz_cmp(num, acc) > 0)
            continue;

        /* d3 = (3 * num + acc) / den, d4 = (4 * num + acc) / den */
        mpz_set(t1, acc);
        mpz_addmul_ui(t1, num, 3);
        mpz_tdiv_q(t1, t1, den);
        mpz_set(t2, acc);
        mpz_addmul_ui(t2, num, 4);
        mpz_tdiv_q(t2, t2, den);
        if (mpz_cmp(t1, t2) != 0)
            continue;

        unsigned long d = mpz_get_ui(t1);
        line[col++] = (char)('0' + d);
        i++;
        if (col == 10) {
            line[col] = '\0';
            printf("%s\t:%ld\n", line, i);
            col = 0;
        }

        /* acc -= den * d; acc *= 10; num *= 10 */
        mpz_submul_ui(acc, den, d);
        mpz_mul_ui(acc, acc, 10);
        mpz_mul_ui(num, num, 10);
    }
    if (col > 0) {
        while (col < 10)
            line[col++] = ' ';
        line[col] = '\0';
        printf("%s\t:%ld\n", line, n);
    }

    mpz_clear(acc);
    mpz_clear(den);
    mpz_clear(num);
    mpz_clear(t1);
    mpz_clear(t2);
    return 0;
}
