/* binary-trees (joulebench suite, written from SPEC.md).
 * Rules relied on: single-threaded; every node is its own malloc() allocation
 * and is released with free() (no arenas, pools or free lists). Standard library only. */
#include <stdio.h>
#include <stdlib.h>

struct node {
    struct node *left, *right;
};

static struct node *make(int d)
{
    struct node *t = malloc(sizeof *t);
    if (!t) {
        perror("malloc");
        exit(1);
    }
    if (d == 0) {
        t->left = t->right = NULL;
    } else {
        t->left = make(d - 1);
        t->right = make(d - 1);
    }
    return t;
}

static long check(const struct node *t)
{
    if (t->left == NULL)
        return 1;
    return 1 + check(t->left) + check(t->right);
}

static void drop(struct node *t)
{
    if (t->left != NULL) {
        drop(t->left);
        drop(t->right);
    }
    free(t);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10;
    const int min_depth = 4;
    int max_depth = n > min_depth + 2 ? n : min_depth + 2;

    int stretch = max_depth + 1;
    struct node *s = make(stretch);
    printf("stretch tree of depth %d\t check: %ld\n", stretch, check(s));
    drop(s);

    struct node *long_lived = make(max_depth);

    for (int d = min_depth; d <= max_depth; d += 2) {
        long iterations = 1L << (max_depth - d + min_depth);
        long sum = 0;
        for (long i = 0; i < iterations; i++) {
            struct node *t = make(d);
            sum += check(t);
            drop(t);
        }
        printf("%ld\t trees of depth %d\t check: %ld\n", iterations, d, sum);
    }

    printf("long lived tree of depth %d\t check: %ld\n", max_depth, check(long_lived));
    drop(long_lived);
    return 0;
}
