/* fasta (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; the SPEC's linear congruential generator
 * (seed 42, one generator shared by both random records); cumulative
 * probabilities summed in double; output assembled in a large buffer and
 * written with fwrite. Standard library only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE 60
#define IM 139968
#define IA 3877
#define IC 29573
#define OUTBUF (1 << 16)

static const char alu[] =
    "GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC"
    "AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG"
    "CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG"
    "CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA";

struct freq {
    char c;
    double p;
};

static struct freq iub[] = {
    {'a', 0.27}, {'c', 0.12}, {'g', 0.12}, {'t', 0.27},
    {'B', 0.02}, {'D', 0.02}, {'H', 0.02}, {'K', 0.02},
    {'M', 0.02}, {'N', 0.02}, {'R', 0.02}, {'S', 0.02},
    {'V', 0.02}, {'W', 0.02}, {'Y', 0.02},
};

static struct freq homosapiens[] = {
    {'a', 0.3029549426680},
    {'c', 0.1979883004921},
    {'g', 0.1975473066391},
    {'t', 0.3015094502008},
};

/* simple output buffer */
static char out[OUTBUF];
static size_t out_len;

static void flush_out(void)
{
    fwrite(out, 1, out_len, stdout);
    out_len = 0;
}

static inline void put_bytes(const char *s, size_t len)
{
    if (out_len + len > OUTBUF)
        flush_out();
    memcpy(out + out_len, s, len);
    out_len += len;
}

static unsigned seed = 42;

static inline double gen_random(void)
{
    seed = (seed * IA + IC) % IM;
    return seed / (double)IM;
}

static void repeat_fasta(const char *header, const char *src, long n)
{
    size_t src_len = strlen(src);
    /* src twice, so that any 60-character window is contiguous */
    char *twice = malloc(2 * src_len);
    if (!twice)
        exit(1);
    memcpy(twice, src, src_len);
    memcpy(twice + src_len, src, src_len);

    put_bytes(header, strlen(header));
    size_t pos = 0;
    while (n > 0) {
        size_t len = n < LINE ? (size_t)n : LINE;
        if (out_len + len + 1 > OUTBUF)
            flush_out();
        memcpy(out + out_len, twice + pos, len);
        out_len += len;
        out[out_len++] = '\n';
        pos += len;
        if (pos >= src_len)
            pos -= src_len;
        n -= (long)len;
    }
    free(twice);
}

static void random_fasta(const char *header, struct freq *table, int count, long n)
{
    /* cumulative probabilities, added in table order */
    double cum[16];
    char chars[16];
    double acc = 0.0;
    for (int i = 0; i < count; i++) {
        acc += table[i].p;
        cum[i] = acc;
        chars[i] = table[i].c;
    }

    put_bytes(header, strlen(header));
    while (n > 0) {
        size_t len = n < LINE ? (size_t)n : LINE;
        if (out_len + len + 1 > OUTBUF)
            flush_out();
        char *line = out + out_len;
        for (size_t i = 0; i < len; i++) {
            double r = gen_random();
            int k = 0;
            while (k < count - 1 && !(cum[k] > r))
                k++;
            line[i] = chars[k];
        }
        line[len] = '\n';
        out_len += len + 1;
        n -= (long)len;
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000;
    repeat_fasta(">ONE Homo sapiens alu\n", alu, 2 * n);
    random_fasta(">TWO IUB ambiguity codes\n", iub, (int)(sizeof iub / sizeof iub[0]), 3 * n);
    random_fasta(">THREE Homo sapiens frequency\n", homosapiens,
                 (int)(sizeof homosapiens / sizeof homosapiens[0]), 5 * n);
    flush_out();
    return 0;
}
