/* SPDX-License-Identifier: MIT */
#ifndef HVD_REPORT_REPORT_H
#define HVD_REPORT_REPORT_H

#include <cjson/cJSON.h>

#include "hvdetect/report.h"
#include "util/strbuf.h"

/* What a renderer is given; any part may be NULL. */
typedef struct hvd__report_input {
    unsigned int flags;
    const hvd_result *result;
    const hvd_policy_result *policy;
    const hvd_evidence *evidence;
} hvd__report_input;

int hvd__report_json(char **out, const hvd__report_input *input);
int hvd__report_text(char **out, const hvd__report_input *input);
int hvd__report_case(char **out, const hvd__report_input *input);
int hvd__report_facts(char **out, const hvd__report_input *input);
/* The facts as a JSON object (owned by the caller; NULL when out of memory), for one line of a fleet listing too. */
cJSON *hvd__report_facts_object(const hvd__report_input *input);
int hvd__report_prometheus(char **out, const hvd__report_input *input);
int hvd__report_html(char **out, const hvd__report_input *input);


/* "yes", "no" or "cannot tell": how the reports for people (text, case, HTML) say whether the machine is virtual. */
const char *hvd__report_virtualized_words(hvd_virtualized virtualized);
/* The technology; for a virtual machine without one, "unknown", or "not told apart" where the evidence names several
 * technologies alike and their products are the candidates; else "none". */
const char *hvd__report_technology_words(const hvd_result *result);

/* What the reports for people write after the containers found: with every container source read, nothing after a
 * list and "none" for an empty one; else that others cannot be ruled out, or, with none found, that hvdetect cannot
 * tell, and why. */
const char *hvd__report_containers_words(const hvd_result *result);

/* Writes one table row to out: its cells, and whether it is the header row. */
typedef void (*hvd__row_fn)(hvd__strbuf *out, const char *const *cells, size_t count, int header);

/* The evidence for and against (finding, signature, strength, observation, value, meaning), and every observation
 * (source, key, value, status, detail), header first, identifiers redacted unless flags say otherwise, written to
 * out by row (a failed allocation fails out). */
void hvd__report_finding_rows(const hvd_result *result, unsigned int flags, hvd__row_fn row, hvd__strbuf *out);
void hvd__report_observation_rows(const hvd_evidence *evidence, unsigned int flags, hvd__row_fn row, hvd__strbuf *out);

/* What both case reports (Markdown and HTML) say of a confidential VM, after its kind: "sev-snp", or "hyperv-snp (with
 * a paravisor)" (appended to out), and the caveat that its firmware strings are the host's word. */
void hvd__report_confidential_kind(hvd__strbuf *out, const hvd_result *result);
extern const char hvd__report_untrusted_firmware[];

#endif
