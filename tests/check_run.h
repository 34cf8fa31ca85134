/* SPDX-License-Identifier: MIT */
#ifndef HVD_TESTS_CHECK_RUN_H
#define HVD_TESTS_CHECK_RUN_H

#include <check.h>
#include <stdlib.h>
#include <time.h>

/* Runs a suite with Check's normal output and returns how many of its tests failed. */
static inline int hvd_test_run(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed;
}

/* CPU time of this process: what the work costs, whatever else the machine is running meanwhile. */
static inline double hvd_test_cpu_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Time budgets stretch by HVD_TEST_TIME_SCALE under valgrind and the sanitizers, which run everything slower. */
static inline double hvd_test_time_budget(double seconds)
{
    const char *scale = getenv("HVD_TEST_TIME_SCALE");
    return scale ? seconds * atof(scale) : seconds;
}

#endif
