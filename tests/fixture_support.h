/* SPDX-License-Identifier: MIT */
#ifndef HVD_TESTS_FIXTURE_SUPPORT_H
#define HVD_TESTS_FIXTURE_SUPPORT_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* Reads a whole file into a NUL-terminated buffer (caller frees); NULL when it cannot be read. */
char *fixture_read_file(const char *path, size_t *length);

/* Parses tests/fixtures/<name>/expected.json; NULL on failure. */
cJSON *fixture_expected(const char *name);

/* Path helpers: <fixtures>/<name>/root and <fixtures>/<name>/cpuid.txt (NULL when the fixture has no dump). */
void fixture_root(const char *name, char *out, size_t size);
int fixture_cpuid_dump(const char *name, char *out, size_t size);

/* Collects a fixture's evidence through the public API exactly as `hvdetect --root R --cpuid-dump D` does; NULL
 * (with hvd_error_last() set) on failure. The caller frees it with hvd_evidence_free(). */
struct hvd_evidence *fixture_collect(const char *name);

/* Compares a JSON report (as hvdetect --format json prints it) with expected.json; returns NULL when they agree,
 * else a static message naming the first difference. */
const char *fixture_compare(const cJSON *expected, const cJSON *report);

/* Runs the CLI with the arguments (NULL-terminated) and returns its standard output (caller frees) and exit status. */
char *fixture_run_cli(const char *const *arguments, int *exit_status);

/* Runs the CLI on a fixture's root (and its CPUID dump, where it has one) with the NULL-terminated extra arguments
 * (at most 16); returns what it printed, as fixture_run_cli(). */
char *fixture_run_cli_on(const char *name, const char *const *extra, int *exit_status);

#endif
