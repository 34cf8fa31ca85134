/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_REPORT_H
#define HVDETECT_REPORT_H

/**
 * @file hvdetect/report.h
 * @brief Rendering an answer and its evidence for people (text) and programs (JSON).
 */

#include "hvdetect/common.h"
#include "hvdetect/detect.h"
#include "hvdetect/evidence.h"
#include "hvdetect/policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Output formats. */
typedef enum hvd_format {
    HVD_FORMAT_TEXT = 0, /**< a few lines for an admin */
    HVD_FORMAT_JSON,     /**< the documented JSON report (schema in README.md) */
    HVD_FORMAT_CASE,     /**< a Markdown case report for a support engineer to attach */
    HVD_FORMAT_FACTS,    /**< one flat JSON object: an Ansible facts.d / Facter external fact */
    HVD_FORMAT_PROMETHEUS, /**< metrics for node_exporter's textfile collector */
    HVD_FORMAT_HTML,     /**< a self-contained HTML case report */
    HVD_FORMAT_COUNT_
} hvd_format;

/** Lowercase name of a format ("text", "json", "case", "facts", "prometheus", "html"): a static string, or NULL when
 * out of range; and the reverse (-1 when unknown). */
HVD_EXTERN(const char *) hvd_format_name(hvd_format format);
HVD_EXTERN(int) hvd_format_from_name(const char *name);

/** Report flags. */
enum {
    HVD_REPORT_VERBOSE = 1u << 0,   /**< text: list every finding and observation */
    HVD_REPORT_NO_REDACT = 1u << 1, /**< keep serial numbers, UUIDs and similar identifiers (redacted by default) */
    HVD_REPORT_NO_TIMESTAMP = 1u << 2 /**< leave the generation time out (reproducible output) */
};

/**
 * Renders a report. Any of result, policy and evidence may be NULL (that part is left out), not all three.
 * *out (NULL on failure) is owned by the caller: hvd_free().
 */
HVD_EXTERN(int) hvd_report_render(char **out, hvd_format format, unsigned int flags, const hvd_result *result,
                                  const hvd_policy_result *policy, const hvd_evidence *evidence);

/**
 * Writes text to path atomically (a temporary file beside it, renamed into place): path is afterwards either
 * unchanged or the complete new text. Refuses to replace anything but a regular file (a symlink, a device).
 */
HVD_EXTERN(int) hvd_report_write(const char *path, const char *text);

#ifdef __cplusplus
}
#endif

#endif
