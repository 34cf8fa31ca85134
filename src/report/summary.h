/* SPDX-License-Identifier: MIT */
#ifndef HVD_REPORT_SUMMARY_H
#define HVD_REPORT_SUMMARY_H

#include <stddef.h>

#include "report/report.h"

/* The answer as flat fields, for the formats other tools read (Ansible and Facter facts, Prometheus labels, one
 * NDJSON or CSV line per machine). Strings are borrowed from the result, the policy and the database; "" where a
 * value is unknown. Lists are joined with commas. */
typedef struct hvd__summary_field {
    const char *name;  /* "technology" */
    char *value;       /* owned by the summary, whole however long (never cut: a list may be long) */
    int is_list;       /* value is a comma-joined list */
    int is_boolean;    /* value is "true" or "false" */
    /* The value moves on by itself (the date the policy is evaluated on, the tool's version): a Prometheus label
     * holding it would start a new series every day or upgrade, so the metrics carry it apart. */
    int changes_over_time;
} hvd__summary_field;

enum { HVD__SUMMARY_FIELDS = 24 };

typedef struct hvd__summary {
    hvd__summary_field fields[HVD__SUMMARY_FIELDS];
    size_t count;
    int virtualized; /* 1, 0, or -1 when hvdetect cannot tell */
    int out_of_memory;
} hvd__summary;

/* Fills summary; HVD_OK, or HVD_ENOMEM (then the summary holds nothing to use but must still be freed). */
int hvd__summary_build(hvd__summary *summary, const hvd_result *result, const hvd_policy_result *policy);
void hvd__summary_free(hvd__summary *summary);

/* Appends what names the machine, from its evidence (NULL: nothing): "host" and "machine_id" (redacted unless
 * redact is 0) and "label", the admin's own name for it, never redacted. For facts and fleet lines, not metrics
 * (node_exporter names the instance itself). */
void hvd__summary_add_identity(hvd__summary *summary, const hvd_evidence *evidence, int redact);

/* The version of the flat formats (facts, fleet lines, CSV, metrics): raised when a field changes meaning or goes. */
#define HVD__FLAT_FORMAT_VERSION "1"

#endif
