/* SPDX-License-Identifier: MIT */
#ifndef HVD_PARSE_PROBLEM_H
#define HVD_PARSE_PROBLEM_H

/*
 * The parsers never print: a caller that wants diagnostics passes this
 * callback, and decides itself where they go (stderr, a report, a test).
 */

/* Reports one problem found in input; message has no file name (the caller adds it). */
typedef void (*hvd__problem_fn)(void *ctx, const char *message);

#endif /* HVD_PARSE_PROBLEM_H */
