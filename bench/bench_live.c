/* SPDX-License-Identifier: MIT */
/* Times whole-process live detections round-robin: each round runs every command once, in an order that rotates from
 * round to round, so that all of them see the same machine state and none is always first after a pause. The figure
 * is the median over the rounds of the ratio of the first command's time to each other's in the same round, with the
 * interquartile range of those ratios; each command's own median time is printed beside it. The same is done for the
 * CPU time each run used (user + system, from wait4), which a loaded machine's scheduling disturbs less than the wall
 * time.
 *
 *   bench_live ROUNDS "build/hvdetect -q" "systemd-detect-virt --quiet" ["virt-what"]
 *
 * A command is split at spaces (no quoting) and run with its output sent to /dev/null; one that cannot be started,
 * or that dies of a signal, ends the benchmark with an error naming it. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { COMMANDS_MAX = 8, WORDS_MAX = 16, ROUNDS_MIN = 3 };

/* What is timed of each run. */
enum { WALL, CPU, MEASURES };
static const char *const measure_names[MEASURES] = {[WALL] = "wall", [CPU] = "CPU (user + system)"};

typedef struct command {
    const char *text;
    char *words[WORDS_MAX + 1];
    double *times[MEASURES]; /* ms, one per round */
} command;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int split_words(command *c, char *text)
{
    size_t n = 0;
    for (char *saveptr = NULL, *word = strtok_r(text, " ", &saveptr); word; word = strtok_r(NULL, " ", &saveptr)) {
        if (n == WORDS_MAX)
            return 0;
        c->words[n++] = word;
    }
    c->words[n] = NULL;
    return n > 0;
}

static double ms_of(struct timeval t)
{
    return (double)t.tv_sec * 1e3 + (double)t.tv_usec / 1e3;
}

/* Runs the command once; returns its wall time and sets *cpu to the CPU time it used. */
static double run_once(const command *c, double *cpu)
{
    double start = now_ms();
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "bench_live: cannot fork: %s\n", strerror(errno));
        exit(3);
    }
    if (child == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        execvp(c->words[0], c->words);
        _exit(127);
    }
    int status;
    struct rusage usage;
    while (wait4(child, &status, 0, &usage) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "bench_live: waiting for '%s': %s\n", c->text, strerror(errno));
            exit(3);
        }
    double elapsed = now_ms() - start;
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
        fprintf(stderr, "bench_live: '%s' did not run to its end (%s %d)\n", c->text,
                WIFEXITED(status) ? "exit status" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        exit(3);
    }
    *cpu = ms_of(usage.ru_utime) + ms_of(usage.ru_stime);
    return elapsed;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(const double *sorted, size_t count, double q);

/* Prints the median and quartiles of samples (sorted in place). */
static void print_spread(const char *label, double *samples, size_t count)
{
    qsort(samples, count, sizeof(*samples), compare_doubles);
    printf("%-44s %10.3f %10.3f %10.3f\n", label, quantile(samples, count, 0.5), quantile(samples, count, 0.25),
           quantile(samples, count, 0.75));
}

/* The q-quantile of sorted samples, by linear interpolation between the nearest ranks. */
static double quantile(const double *sorted, size_t count, double q)
{
    double position = q * (double)(count - 1);
    size_t below = (size_t)position;
    double fraction = position - (double)below;
    return below + 1 < count ? sorted[below] + fraction * (sorted[below + 1] - sorted[below]) : sorted[below];
}

int main(int argc, char **argv)
{
    char *end = NULL;
    unsigned long rounds = argc > 1 ? strtoul(argv[1], &end, 10) : 0;
    if (argc < 4 || argc - 2 > COMMANDS_MAX || !end || *end || rounds < ROUNDS_MIN) {
        fprintf(stderr, "usage: bench_live ROUNDS (at least %d) COMMAND PEER [PEER...] (at most %d commands)\n",
                ROUNDS_MIN, COMMANDS_MAX);
        return 64;
    }
    size_t count = (size_t)argc - 2;
    command commands[COMMANDS_MAX];
    double *sorted = calloc(rounds, sizeof(*sorted)); /* one measure of every round, or their ratios, to sort */
    for (size_t i = 0; i < count; i++) {
        commands[i].text = argv[i + 2];
        char *copy = strdup(argv[i + 2]);
        commands[i].times[WALL] = calloc(rounds, sizeof(double));
        commands[i].times[CPU] = calloc(rounds, sizeof(double));
        if (!copy || !commands[i].times[WALL] || !commands[i].times[CPU] || !sorted) {
            fputs("bench_live: out of memory\n", stderr);
            return 3;
        }
        if (!split_words(&commands[i], copy)) {
            fprintf(stderr, "bench_live: '%s': empty, or more than %d words\n", argv[i + 2], WORDS_MAX);
            return 64;
        }
    }
    for (size_t round = 0; round < rounds; round++)
        for (size_t k = 0; k < count; k++) {
            size_t i = (round + k) % count;
            commands[i].times[WALL][round] = run_once(&commands[i], &commands[i].times[CPU][round]);
        }

    printf("%lu rounds, each running every command once in a rotating order\n", rounds);
    for (size_t m = 0; m < MEASURES; m++) {
        printf("%-44s %10s %10s %10s\n", measure_names[m], "median ms", "q1 ms", "q3 ms");
        for (size_t i = 0; i < count; i++) {
            memcpy(sorted, commands[i].times[m], rounds * sizeof(*sorted));
            print_spread(commands[i].text, sorted, rounds);
        }
        for (size_t i = 1; i < count; i++) {
            for (size_t round = 0; round < rounds; round++)
                sorted[round] = commands[0].times[m][round] / commands[i].times[m][round];
            qsort(sorted, rounds, sizeof(*sorted), compare_doubles);
            printf("  %s ratio %s / %s per round: median %.3f, interquartile range %.3f-%.3f\n", measure_names[m],
                   commands[0].words[0], commands[i].words[0], quantile(sorted, rounds, 0.5),
                   quantile(sorted, rounds, 0.25), quantile(sorted, rounds, 0.75));
        }
    }
    for (size_t i = 0; i < count; i++) {
        free(commands[i].words[0]);
        free(commands[i].times[WALL]);
        free(commands[i].times[CPU]);
    }
    free(sorted);
    return 0;
}
