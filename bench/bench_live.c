/* SPDX-License-Identifier: MIT */
/* Times whole-process live detections, alternating two commands so that both see the same machine state, and
 * prints each one's median wall time and their ratio. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double run_once(char *const *command)
{
    double start = now_ms();
    pid_t child = fork();
    if (child == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        execvp(command[0], command);
        _exit(127);
    }
    int status;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
        fprintf(stderr, "bench_live: %s did not run\n", command[0]);
        exit(3);
    }
    return now_ms() - start;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_live HVDETECT PEER [runs]\n");
        return 64;
    }
    size_t runs = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : 100;
    char *ours[] = {argv[1], "-q", NULL};
    char *peer[] = {argv[2], "--quiet", NULL};
    double *a = calloc(runs, sizeof(*a)), *b = calloc(runs, sizeof(*b));
    if (!a || !b)
        return 3;
    for (size_t i = 0; i < runs; i++) {
        a[i] = run_once(ours);
        b[i] = run_once(peer);
    }
    qsort(a, runs, sizeof(*a), compare_doubles);
    qsort(b, runs, sizeof(*b), compare_doubles);
    double median_ours = a[runs / 2], median_peer = b[runs / 2];
    printf("%-22s median %.3f ms over %zu runs\n", argv[1], median_ours, runs);
    printf("%-22s median %.3f ms over %zu runs\n", argv[2], median_peer, runs);
    printf("ratio hvdetect / peer: %.2f\n", median_ours / median_peer);
    free(a);
    free(b);
    return 0;
}
