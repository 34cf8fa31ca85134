/* SPDX-License-Identifier: MIT */
/* Collections in several threads at once (a monitoring agent, a fleet tool): they neither race on shared state
 * (run under ThreadSanitizer in CI) nor lose the warning hook the application gave libcpuid. */

#include <check.h>

#include "check_run.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#if defined(HVD_HAVE_LIBCPUID)
#include <libcpuid/libcpuid.h>
#endif

#include "hvdetect.h"

/* Enough rounds that collections overlap in libcpuid's hook many times (fewer, at the same cost, under valgrind
 * and the sanitizers). */
enum { THREADS = 8, ROUNDS = 100 };
static int rounds = ROUNDS;

static void *collect_rounds(void *argument)
{
    int *failures = argument;
    for (int round = 0; round < rounds; round++) {
        hvd_evidence *evidence = NULL;
        if (hvd_collect(&evidence, NULL) != HVD_OK || hvd_evidence_count(evidence) == 0 ||
            !hvd_evidence_meta(evidence, "tool_version"))
            (*failures)++;
        hvd_evidence_free(evidence);
    }
    return NULL;
}

#if defined(HVD_HAVE_LIBCPUID)
static void application_hook(const char *message)
{
    (void)message;
}
#endif

START_TEST(test_concurrent_collections)
{
#if defined(HVD_HAVE_LIBCPUID)
    libcpuid_warn_fn_t original = cpuid_set_warn_function(application_hook);
#endif
    const char *scale = getenv("HVD_TEST_TIME_SCALE");
    if (scale && atoi(scale) > 1)
        rounds = ROUNDS / atoi(scale) + 2;
    pthread_t threads[THREADS];
    int failures[THREADS];
    memset(failures, 0, sizeof(failures));
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, collect_rounds, &failures[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
        ck_assert_msg(failures[i] == 0, "thread %d: %d collections failed", i, failures[i]);
    }
#if defined(HVD_HAVE_LIBCPUID)
    /* After every collection the application's hook is the one in place. */
    ck_assert_ptr_eq((void *)cpuid_set_warn_function(original), (void *)application_hook);
#endif
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("threads");
    TCase *tc = tcase_create("threads");
    tcase_add_test(tc, test_concurrent_collections);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
