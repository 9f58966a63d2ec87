/* A test program for the profiler: burns CPU in named functions for known shares
 * of its CPU time, and says when each starts.
 *
 *   burn SECONDS MARKDIR NAME:SHARE [NAME:SHARE ...]
 *
 * NAME is alpha, beta or gamma (each its own function, so that stacks tell them apart).
 * Before each part it creates MARKDIR/NAME (a test thread watches for it, to change a
 * fake counter's power) unless MARKDIR is "-", and writes "phase NAME" to the
 * descriptor in $JOULEBENCH_PHASE_FD when that is set. After each part it prints
 * "part NAME wall SECONDS" on stderr: on a loaded machine wall time exceeds CPU time.
 * Built with frame pointers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static double wall_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

__attribute__((noinline)) static double spin(double secs) {
    volatile double x = 0;
    double end = cpu_now() + secs;
    while (cpu_now() < end)
        for (int i = 0; i < 2000; i++) x += i * 0.5;
    return x;
}

__attribute__((noinline)) double alpha(double s) { return spin(s) + 1; }
__attribute__((noinline)) double beta(double s) { return spin(s) + 2; }
__attribute__((noinline)) double gamma_(double s) { return spin(s) + 3; }

static void mark(const char *dir, const char *name) {
    if (strcmp(dir, "-") != 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        int fd = open(path, O_CREAT | O_WRONLY, 0644);
        if (fd >= 0) close(fd);
    }
    const char *pfd = getenv("JOULEBENCH_PHASE_FD");
    if (pfd) {
        char line[128];
        int n = snprintf(line, sizeof line, "phase %s\n", name);
        if (write(atoi(pfd), line, n) != n) perror("phase fd");
    }
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: burn SECONDS MARKDIR NAME:SHARE...\n");
        return 2;
    }
    double total = atof(argv[1]), sum = 0;
    for (int i = 3; i < argc; i++) {
        char *colon = strchr(argv[i], ':');
        if (!colon) return 2;
        *colon = 0;
        double secs = total * atof(colon + 1);
        mark(argv[2], argv[i]);
        double start = wall_now();
        if (strcmp(argv[i], "alpha") == 0) sum += alpha(secs);
        else if (strcmp(argv[i], "beta") == 0) sum += beta(secs);
        else sum += gamma_(secs);
        fprintf(stderr, "part %s wall %.6f\n", argv[i], wall_now() - start);
    }
    printf("done %d\n", sum > 0);
    return 0;
}
