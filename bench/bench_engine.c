/* SPDX-License-Identifier: MIT */
/* Measures the three costs an inventory agent pays inside its own process: loading the built-in vendor database,
 * collecting this machine's evidence live (CPUID and files), and classifying one evidence set already in memory.
 * Prints a marker line to stderr around the classification loop so that bench/run.sh can show, with strace, that
 * classifying makes no system call at all. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hvdetect.h"

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *samples, size_t count)
{
    qsort(samples, count, sizeof(*samples), compare_doubles);
    return samples[count / 2];
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_engine EVIDENCE.json [iterations [live collections]]\n");
        return 64;
    }
    size_t iterations = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 20000;
    size_t collections = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : 200;
    enum { LOADS = 200 };
    size_t most = iterations > LOADS ? iterations : LOADS;
    double *samples = calloc(most > collections ? most : collections, sizeof(*samples));
    hvd_evidence *evidence = NULL;
    if (!samples || hvd_evidence_load(&evidence, argv[1]) != HVD_OK) {
        fprintf(stderr, "bench_engine: %s\n", hvd_error_last());
        return 3;
    }

    hvd_vendor_db *db = NULL;
    for (size_t i = 0; i < LOADS; i++) {
        double start = now_us();
        if (hvd_vendor_db_load_default(&db) != HVD_OK)
            return 3;
        samples[i] = now_us() - start;
        if (i + 1 < LOADS)
            hvd_vendor_db_free(db);
    }
    printf("vendor database load: median %.1f us over %d loads (%zu products)\n", median(samples, LOADS), LOADS,
           hvd_vendor_db_product_count(db));

    size_t observations = 0;
    for (size_t i = 0; i < collections; i++) {
        hvd_evidence *live = NULL;
        double start = now_us();
        if (hvd_collect(&live, NULL) != HVD_OK) {
            fprintf(stderr, "bench_engine: live collection: %s\n", hvd_error_last());
            return 3;
        }
        samples[i] = now_us() - start;
        observations = hvd_evidence_count(live);
        hvd_evidence_free(live);
    }
    if (collections)
        printf("live collection: median %.1f us over %zu collections (%zu observations)\n",
               median(samples, collections), collections, observations);

    hvd_result *result = NULL;
    hvd_identify(&result, evidence, db); /* warm-up, and the answer to print */
    const char *technology = hvd_result_technology(result);
    hvd_result_free(result);
    fputs("identify: begin\n", stderr);
    for (size_t i = 0; i < iterations; i++) {
        double start = now_us();
        hvd_identify(&result, evidence, db);
        samples[i] = now_us() - start;
        hvd_result_free(result);
    }
    fputs("identify: end\n", stderr);
    printf("classification: median %.2f us over %zu runs (%.0f per second on one core), answer %s\n",
           median(samples, iterations), iterations, 1e6 / median(samples, iterations),
           technology ? technology : "none");
    hvd_vendor_db_free(db);
    hvd_evidence_free(evidence);
    free(samples);
    return 0;
}
