/* regex-redux (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; regular expressions from PCRE2 (8-bit
 * library, patterns JIT-compiled, the library C users reach for); stdin read
 * in large blocks with fread; replacements build a new buffer in one pass.
 * Speed: ~1.4x the Rust program's CPU time (quick size). About 70% of it is
 * PCRE2's JIT code scanning the text for the alternations byte by byte; the
 * regex crate Rust uses finds their literal prefixes with a SIMD prefilter.
 * The library is the one the SPEC names, so the gap is the libraries'. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
    char *data;
    size_t len, cap;
};

static void buf_reserve(struct buf *b, size_t extra)
{
    if (b->len + extra <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + extra)
        cap *= 2;
    b->data = realloc(b->data, cap);
    if (!b->data) {
        perror("realloc");
        exit(1);
    }
    b->cap = cap;
}

static void buf_append(struct buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static struct buf read_all(void)
{
    struct buf b = {NULL, 0, 0};
    buf_reserve(&b, 1 << 20);
    for (;;) {
        buf_reserve(&b, 1 << 16);
        size_t got = fread(b.data + b.len, 1, b.cap - b.len, stdin);
        if (got == 0)
            break;
        b.len += got;
    }
    return b;
}

static pcre2_code *compile(const char *pattern)
{
    int err;
    PCRE2_SIZE err_off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &err,
                                   &err_off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        fprintf(stderr, "pattern %s: %s\n", pattern, (char *)msg);
        exit(1);
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter if unavailable */
    return re;
}

/* One match from off: pcre2_jit_match, the JIT's direct entry point (it skips
 * pcre2_match's per-call checks); the interpreter when no JIT code exists. */
static int match_at(const pcre2_code *re, const struct buf *s, PCRE2_SIZE off,
                    pcre2_match_data *md)
{
    int rc = pcre2_jit_match(re, (PCRE2_SPTR)s->data, s->len, off, 0, md, NULL);
    if (rc == PCRE2_ERROR_JIT_BADOPTION)
        rc = pcre2_match(re, (PCRE2_SPTR)s->data, s->len, off, 0, md, NULL);
    return rc;
}

/* Number of non-overlapping matches of pattern in s. */
static long count_matches(const char *pattern, const struct buf *s, pcre2_match_data *md)
{
    pcre2_code *re = compile(pattern);
    long count = 0;
    PCRE2_SIZE off = 0;
    while (off <= s->len) {
        int rc = match_at(re, s, off, md);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        count++;
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    pcre2_code_free(re);
    return count;
}

/* Replace every match of pattern in src by repl, into a new buffer. */
static struct buf replace_all(const char *pattern, const char *repl, const struct buf *src,
                              pcre2_match_data *md)
{
    pcre2_code *re = compile(pattern);
    size_t repl_len = strlen(repl);
    struct buf out = {NULL, 0, 0};
    buf_reserve(&out, src->len + 1);
    PCRE2_SIZE off = 0, copied = 0;
    while (off <= src->len) {
        int rc = match_at(re, src, off, md);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        buf_append(&out, src->data + copied, ov[0] - copied);
        buf_append(&out, repl, repl_len);
        copied = ov[1];
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    buf_append(&out, src->data + copied, src->len - copied);
    pcre2_code_free(re);
    return out;
}

int main(void)
{
    static const char *const variants[] = {
        "agggtaaa|tttaccct",
        "[cgt]gggtaaa|tttaccc[acg]",
        "a[act]ggtaaa|tttacc[agt]t",
        "ag[act]gtaaa|tttac[agt]ct",
        "agg[act]taaa|ttta[agt]cct",
        "aggg[acg]aaa|ttt[cgt]ccct",
        "agggt[cgt]aa|tt[acg]accct",
        "agggta[cgt]a|t[acg]taccct",
        "agggtaa[cgt]|[acg]ttaccct",
    };
    static const char *const subst[][2] = {
        {"tHa[Nt]", "<4>"},
        {"aND|caN|Ha[DS]|WaS", "<3>"},
        {"a[NSt]|BY", "<2>"},
        {"<[^>]*>", "|"},
        {"\\|[^|][^|]*\\|", "-"},
    };

    struct buf input = read_all();
    size_t input_len = input.len;

    /* one match-data block, big enough for every pattern (no capture groups) */
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);

    struct buf seq = replace_all(">.*\\n|\\n", "", &input, md);
    free(input.data);
    size_t clean_len = seq.len;

    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
        printf("%s %ld\n", variants[i], count_matches(variants[i], &seq, md));

    for (size_t i = 0; i < sizeof subst / sizeof subst[0]; i++) {
        struct buf next = replace_all(subst[i][0], subst[i][1], &seq, md);
        free(seq.data);
        seq = next;
    }

    printf("\n%zu\n%zu\n%zu\n", input_len, clean_len, seq.len);
    free(seq.data);
    pcre2_match_data_free(md);
    return 0;
}
