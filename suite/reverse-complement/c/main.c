/* reverse-complement (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; stdin read in large blocks with fread,
 * each record's sequence joined, reversed and complemented through a
 * 256-entry table, and written 60 characters a line from one output buffer
 * with fwrite. Standard library only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE 60

static unsigned char comp[256];

static void init_comp(void)
{
    for (int i = 0; i < 256; i++)
        comp[i] = (unsigned char)i;
    static const char from[] = "ACGTUMRWSYKVHDBN";
    static const char to[] = "TGCAAKYWSRMBDHVN";
    for (int i = 0; from[i]; i++) {
        comp[(unsigned char)from[i]] = (unsigned char)to[i];
        comp[(unsigned char)(from[i] - 'A' + 'a')] = (unsigned char)to[i];
    }
}

static char *read_all(size_t *len_out)
{
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        exit(1);
    for (;;) {
        if (cap - len < (1 << 16)) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf)
                exit(1);
        }
        size_t got = fread(buf + len, 1, cap - len, stdin);
        if (got == 0)
            break;
        len += got;
    }
    *len_out = len;
    return buf;
}

/* Write the reverse complement of seq[0..n) to out, 60 a line; returns bytes written. */
static size_t emit_revcomp(const char *seq, size_t n, char *out)
{
    char *o = out;
    const char *p = seq + n;
    while (n > 0) {
        size_t len = n < LINE ? n : LINE;
        for (size_t i = 0; i < len; i++)
            *o++ = (char)comp[(unsigned char)*--p];
        *o++ = '\n';
        n -= len;
    }
    return (size_t)(o - out);
}

int main(void)
{
    init_comp();
    size_t len;
    char *buf = read_all(&len);
    /* the output is never longer than the input plus one newline per line */
    char *out = malloc(len + len / LINE + 2);
    if (!out)
        return 1;

    size_t pos = 0;
    while (pos < len) {
        /* header line (or stray text before the first header): copy it through */
        char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        fwrite(buf + pos, 1, end - pos, stdout);
        putchar('\n');
        pos = end + 1;

        /* join the sequence lines in place, up to the next header */
        size_t start = pos, n = 0;
        while (pos < len && buf[pos] != '>') {
            nl = memchr(buf + pos, '\n', len - pos);
            end = nl ? (size_t)(nl - buf) : len;
            size_t line_len = end - pos;
            if (line_len > 0 && buf[end - 1] == '\r')
                line_len--;
            memmove(buf + start + n, buf + pos, line_len);
            n += line_len;
            pos = end + 1;
        }
        size_t out_len = emit_revcomp(buf + start, n, out);
        fwrite(out, 1, out_len, stdout);
    }

    free(out);
    free(buf);
    return 0;
}
