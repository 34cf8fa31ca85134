/* SPDX-License-Identifier: MIT */
/* What the reports for people write alike: the answer's first word, the words for a confidential VM, and the
 * evidence tables both case reports show (Markdown and HTML), as rows of cells: each renderer only decides how a row
 * is written. */

#include <stdio.h>

#include "evidence/evidence_json.h"
#include "evidence/keys.h"
#include "report/report.h"

const char *hvd__report_virtualized_words(hvd_virtualized virtualized)
{
    switch (virtualized) {
    case HVD_VIRTUALIZED_YES:
        return "yes";
    case HVD_VIRTUALIZED_NO:
        return "no";
    case HVD_VIRTUALIZED_UNKNOWN:
        break;
    }
    return "cannot tell";
}

const char *hvd__report_technology_words(const hvd_result *result)
{
    if (hvd_result_technology(result))
        return hvd_result_technology(result);
    if (hvd_result_virtualized(result) != HVD_VIRTUALIZED_YES)
        return "none";
    return hvd_result_candidate_count(result) > 0 ? "not told apart (see the candidates)" : "unknown";
}

void hvd__report_finding_rows(const hvd_result *result, unsigned int flags, hvd__row_fn row, hvd__strbuf *out)
{
    static const char *const header[] = {"finding", "signature", "strength", "observation", "value", "meaning"};
    row(out, header, 6, 1);
    for (size_t i = 0; i < hvd_result_finding_count(result); i++) {
        const hvd_finding *finding = hvd_result_finding(result, i);
        char buffer[64], key[256];
        hvd__strbuf observation = {0}; /* whole: a long key is not cut inside a character */
        hvd__strbuf_append(&observation, "");
        if (finding->source)
            hvd__strbuf_printf(&observation, "%s %s", finding->source,
                               hvd__key_shown(finding->source, finding->key, !(flags & HVD_REPORT_NO_REDACT), key,
                                              sizeof(key)));
        const char *cells[] = {
            hvd_finding_kind_name(finding->kind), finding->signature, finding->strength, observation.data,
            hvd__evidence_shown_value(finding->source, finding->key, finding->value, !(flags & HVD_REPORT_NO_REDACT),
                                      buffer, sizeof(buffer)),
            finding->text,
        };
        if (observation.failed)
            out->failed = 1;
        else
            row(out, cells, 6, 0);
        hvd__strbuf_free(&observation);
    }
}

void hvd__report_observation_rows(const hvd_evidence *evidence, unsigned int flags, hvd__row_fn row, hvd__strbuf *out)
{
    static const char *const header[] = {"source", "key", "value", "status", "detail"};
    row(out, header, 5, 1);
    for (size_t i = 0; i < hvd_evidence_count(evidence); i++) {
        const hvd_observation *item = hvd_evidence_at(evidence, i);
        char buffer[64], key[256];
        const char *cells[] = {item->source,
                               hvd__key_shown(item->source, item->key, !(flags & HVD_REPORT_NO_REDACT), key, sizeof(key)),
                               hvd__evidence_shown_value(item->source, item->key, item->value,
                                                         !(flags & HVD_REPORT_NO_REDACT), buffer, sizeof(buffer)),
                               hvd_status_name(item->status), item->detail};
        row(out, cells, 5, 0);
    }
}

#define CONTAINER_SOURCES_UNREAD "PID 1's environment or this process's mounts could not be read"

const char *hvd__report_containers_words(const hvd_result *result)
{
    if (hvd_result_containers_known(result))
        return hvd_result_container_count(result) ? "" : "none";
    return hvd_result_container_count(result) ? " (others cannot be ruled out: " CONTAINER_SOURCES_UNREAD ")"
                                              : "cannot tell (" CONTAINER_SOURCES_UNREAD ")";
}

void hvd__report_confidential_kind(hvd__strbuf *out, const hvd_result *result)
{
    hvd__strbuf_printf(out, "%s%s", hvd_result_confidential(result),
                       hvd_result_paravisor(result) ? " (with a paravisor)" : "");
}

/* In a confidential VM the host is the party the guest does not trust, yet it writes the SMBIOS and ACPI tables and
 * answers CPUID: the identification rests on its word (vendors/confidential.json's note). */
const char hvd__report_untrusted_firmware[] =
    "in a confidential VM the host supplies the SMBIOS and ACPI tables and answers CPUID, so the strings this report "
    "rests on are the host's word, not facts; and detection is not attestation: only the VM's attestation report "
    "proves what it is.";
