/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_FLEET_H
#define HVDETECT_FLEET_H

/**
 * @file hvdetect/fleet.h
 * @brief Many machines at once: a support team's saved evidence bundles analysed in one process, one line per
 * machine (NDJSON or CSV) and a summary (machines per technology, product, vendor and tier; the undetermined ones
 * with what to collect). Memory does not grow with the number of machines.
 */

#include "hvdetect/common.h"
#include "hvdetect/detect.h"
#include "hvdetect/policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How each machine is listed. */
typedef enum hvd_fleet_format {
    HVD_FLEET_NDJSON = 0, /**< one JSON object per line: the facts of --format facts plus "source" */
    HVD_FLEET_CSV,        /**< a header line, then one comma-separated line per machine */
    HVD_FLEET_NONE,       /**< no lines: the summary only */
    HVD_FLEET_FORMAT_COUNT_
} hvd_fleet_format;

/** Lowercase name ("ndjson", "csv", "none"): a static string, or NULL when out of range; and the reverse (-1 when
 * unknown). */
HVD_EXTERN(const char *) hvd_fleet_format_name(hvd_fleet_format format);
HVD_EXTERN(int) hvd_fleet_format_from_name(const char *name);

/** Receives each output line (NUL-terminated, ending in a newline), borrowed for the call. */
typedef void (*hvd_fleet_line_fn)(void *context, const char *line);

/** Receives each bundle that could not be analysed: its path and what was wrong. */
typedef void (*hvd_fleet_problem_fn)(void *context, const char *path, const char *message);

/** An analysis in progress. Opaque. */
typedef struct hvd_fleet hvd_fleet;

/**
 * Starts an analysis. db must outlive the fleet; opts may be NULL (agreement unknown, today). Lines go to on_line,
 * problems to on_problem (either may be NULL). *out (NULL on failure) is owned by the caller: hvd_fleet_free().
 */
HVD_EXTERN(int) hvd_fleet_new(hvd_fleet **out, const hvd_vendor_db *db, const hvd_policy_options *opts,
                              hvd_fleet_format format, hvd_fleet_line_fn on_line, hvd_fleet_problem_fn on_problem,
                              void *context);

/**
 * Analyses one bundle file, or every *.json file of a directory (not its subdirectories), in the order the
 * directory lists them. A file named *.ndjson (given, or in the directory) holds one bundle a line
 * (hvd_evidence_append writes them), each named "path:line" in lines and problems; blank lines are skipped. A bad
 * bundle is reported through on_problem and skipped; the rest still count. Returns HVD_OK unless path itself cannot
 * be read (then HVD_ENOTFOUND / HVD_EPERM / HVD_EBADINPUT).
 *
 * Bundles are parsed into memory the fleet reuses for the next, through cJSON's allocation hooks, which are the
 * whole process's: the first bundle installs hvdetect's (cJSON_InitHooks), which are malloc and free on every
 * thread that is not parsing a fleet's bundle. cJSON_InitHooks is not thread-safe: add the first bundle before other
 * threads use cJSON. Hooks a program sets after that are kept, and bundles are then freed with cJSON_Delete.
 */
HVD_EXTERN(int) hvd_fleet_add_path(hvd_fleet *fleet, const char *path);

/**
 * Sets report flags for the lines: HVD_REPORT_NO_REDACT keeps each machine's host name and machine id (redacted by
 * default, as in every report; the label the admin gave is never redacted). Other flags are ignored.
 */
HVD_EXTERN(void) hvd_fleet_set_flags(hvd_fleet *fleet, unsigned int flags);

/** Number of machines analysed, and of bundles skipped. */
HVD_EXTERN(size_t) hvd_fleet_machine_count(const hvd_fleet *fleet);
HVD_EXTERN(size_t) hvd_fleet_skipped_count(const hvd_fleet *fleet);

/** The summary as text in *out (NULL on failure), owned by the caller: hvd_free(). */
HVD_EXTERN(int) hvd_fleet_summary(char **out, const hvd_fleet *fleet);

/** Frees a fleet. NULL is allowed. */
HVD_EXTERN(void) hvd_fleet_free(hvd_fleet *fleet);

#ifdef __cplusplus
}
#endif

#endif
