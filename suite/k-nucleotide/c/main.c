/* k-nucleotide (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; standard library only. C has no standard
 * hash map, so, as is the C idiom, the program carries its own small
 * open-addressing hash table (linear probing, power-of-two capacity, grown
 * at half load), keyed by the k-mer packed 2 bits a base into a uint64_t.
 * stdin is read in large blocks with fread. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- open-addressing hash table: uint64_t k-mer code -> count ---- */

struct entry {
    uint64_t key;
    uint32_t count; /* 0 marks an empty slot */
};

struct table {
    struct entry *slots;
    size_t cap;  /* power of two */
    size_t size; /* occupied slots */
};

static inline size_t hash_key(uint64_t key, size_t mask)
{
    /* Fibonacci hashing: spread the bits, keep the high half */
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

static void table_init(struct table *t, size_t cap)
{
    t->cap = cap;
    t->size = 0;
    t->slots = calloc(cap, sizeof(struct entry));
    if (!t->slots) {
        perror("calloc");
        exit(1);
    }
}

static void table_free(struct table *t)
{
    free(t->slots);
    t->slots = NULL;
}

static void table_grow(struct table *t)
{
    struct entry *old = t->slots;
    size_t old_cap = t->cap;
    table_init(t, old_cap * 2);
    size_t mask = t->cap - 1;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].count == 0)
            continue;
        size_t h = hash_key(old[i].key, mask);
        while (t->slots[h].count != 0)
            h = (h + 1) & mask;
        t->slots[h] = old[i];
        t->size++;
    }
    free(old);
}

/* add one to the count of key */
static inline void table_increment(struct table *t, uint64_t key)
{
    size_t mask = t->cap - 1;
    size_t h = hash_key(key, mask);
    for (;;) {
        struct entry *e = &t->slots[h];
        if (e->count == 0) {
            e->key = key;
            e->count = 1;
            if (++t->size * 2 > t->cap)
                table_grow(t);
            return;
        }
        if (e->key == key) {
            e->count++;
            return;
        }
        h = (h + 1) & mask;
    }
}

static uint32_t table_get(const struct table *t, uint64_t key)
{
    size_t mask = t->cap - 1;
    size_t h = hash_key(key, mask);
    for (;;) {
        const struct entry *e = &t->slots[h];
        if (e->count == 0)
            return 0;
        if (e->key == key)
            return e->count;
        h = (h + 1) & mask;
    }
}

/* ---- input ---- */

static const char BASES[4] = {'A', 'C', 'G', 'T'};

static int code_of(char c)
{
    switch (c) {
    case 'A': return 0;
    case 'C': return 1;
    case 'G': return 2;
    default: return 3; /* 'T' */
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

/* Find the record whose header starts with ">THREE"; return its lines joined
 * and upper-cased, coded 0..3, written in place over the input buffer. */
static uint8_t *extract_three(char *buf, size_t len, size_t *seq_len)
{
    size_t pos = 0;
    /* find the header line */
    for (;;) {
        if (pos >= len)
            break;
        char *nl = memchr(buf + pos, '\n', len - pos);
        size_t line_end = nl ? (size_t)(nl - buf) : len;
        int is_three = len - pos >= 6 && memcmp(buf + pos, ">THREE", 6) == 0;
        pos = line_end + 1;
        if (is_three)
            break;
    }
    uint8_t *seq = (uint8_t *)buf;
    size_t n = 0;
    for (size_t i = pos; i < len; i++) {
        char c = buf[i];
        if (c == '\n' || c == '\r')
            continue;
        if (c == '>')
            break; /* next record */
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        seq[n++] = (uint8_t)code_of(c);
    }
    *seq_len = n;
    return seq;
}

/* ---- counting ---- */

static void count_kmers(struct table *t, const uint8_t *seq, size_t n, int k)
{
    table_init(t, 64);
    if (n < (size_t)k)
        return;
    uint64_t mask = k >= 32 ? ~0ull : (1ull << (2 * k)) - 1;
    uint64_t key = 0;
    for (int i = 0; i < k - 1; i++)
        key = (key << 2) | seq[i];
    for (size_t i = (size_t)k - 1; i < n; i++) {
        key = ((key << 2) | seq[i]) & mask;
        table_increment(t, key);
    }
}

static void decode(uint64_t key, int k, char *out)
{
    for (int i = k - 1; i >= 0; i--) {
        out[i] = BASES[key & 3];
        key >>= 2;
    }
    out[k] = '\0';
}

struct kv {
    uint64_t key;
    uint32_t count;
};

static int cmp_kv(const void *a, const void *b)
{
    const struct kv *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    /* same length keys: numeric order of the 2-bit code is k-mer order */
    return x->key < y->key ? -1 : (x->key > y->key);
}

static void print_frequencies(const uint8_t *seq, size_t n, int k)
{
    struct table t;
    count_kmers(&t, seq, n, k);
    struct kv *items = malloc((t.size + 1) * sizeof *items);
    if (!items)
        exit(1);
    size_t m = 0;
    for (size_t i = 0; i < t.cap; i++)
        if (t.slots[i].count != 0) {
            items[m].key = t.slots[i].key;
            items[m].count = t.slots[i].count;
            m++;
        }
    qsort(items, m, sizeof *items, cmp_kv);
    double total = n >= (size_t)k ? (double)(n - (size_t)k + 1) : 0.0;
    char name[33];
    for (size_t i = 0; i < m; i++) {
        decode(items[i].key, k, name);
        printf("%s %.3f\n", name, 100.0 * items[i].count / total);
    }
    putchar('\n');
    free(items);
    table_free(&t);
}

static void print_count(const uint8_t *seq, size_t n, const char *kmer)
{
    int k = (int)strlen(kmer);
    struct table t;
    count_kmers(&t, seq, n, k);
    uint64_t key = 0;
    for (int i = 0; i < k; i++)
        key = (key << 2) | (uint64_t)code_of(kmer[i]);
    printf("%u\t%s\n", table_get(&t, key), kmer);
    table_free(&t);
}

int main(void)
{
    size_t len, n;
    char *buf = read_all(&len);
    uint8_t *seq = extract_three(buf, len, &n);

    print_frequencies(seq, n, 1);
    print_frequencies(seq, n, 2);

    static const char *const queries[] = {
        "GGT", "GGTA", "GGTATT", "GGTATTTTAATT", "GGTATTTTAATTTATAGT",
    };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
        print_count(seq, n, queries[i]);

    free(buf);
    return 0;
}
