/* SPDX-License-Identifier: MIT */
#ifndef HVD_TESTS_CHECK_RUN_H
#define HVD_TESTS_CHECK_RUN_H

#include <check.h>

/* Runs a suite with Check's normal output and returns how many of its tests failed. */
static inline int hvd_test_run(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed;
}

#endif
