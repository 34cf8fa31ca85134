/* SPDX-License-Identifier: MIT */
#include "report/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/evidence_json.h"
#include "evidence/keys.h"
#include "hvdetect/version.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/text.h"

static hvd__summary_field *add(hvd__summary *summary, const char *name, const char *value, int is_list)
{
    hvd__summary_field *field = &summary->fields[summary->count++];
    field->name = name;
    field->is_list = is_list;
    field->value = hvd__strdup(value ? value : "");
    if (!field->value)
        summary->out_of_memory = 1;
    return field;
}

static void add_list(hvd__summary *summary, const char *name, size_t count,
                     const char *(*get)(const hvd_result *, size_t), const hvd_result *result)
{
    hvd__strbuf joined = {0};
    hvd__strbuf_append(&joined, "");
    for (size_t i = 0; i < count; i++)
        hvd__strbuf_printf(&joined, "%s%s", i ? "," : "", get(result, i));
    if (!joined.data || joined.failed)
        summary->out_of_memory = 1;
    add(summary, name, joined.data, 1);
    hvd__strbuf_free(&joined);
}

static const char *layer_text(const hvd_result *result, size_t index)
{
    return hvd_result_layer(result, index)->technology;
}

static const char *candidate_text(const hvd_result *result, size_t index)
{
    return hvd_result_candidate(result, index);
}

void hvd__summary_free(hvd__summary *summary)
{
    for (size_t i = 0; i < summary->count; i++)
        free(summary->fields[i].value);
    summary->count = 0;
}

int hvd__summary_build(hvd__summary *summary, const hvd_result *result, const hvd_policy_result *policy)
{
    memset(summary, 0, sizeof(*summary));
    hvd_virtualized virtualized = hvd_result_virtualized(result);
    summary->virtualized = virtualized == HVD_VIRTUALIZED_YES ? 1 : virtualized == HVD_VIRTUALIZED_NO ? 0 : -1;
    hvd_role role = hvd_result_role(result);
    add(summary, "technology", hvd_result_technology(result), 0);
    add(summary, "product", hvd_result_product(result), 0);
    add_list(summary, "candidates", hvd_result_candidate_count(result), candidate_text, result);
    add(summary, "vendor", hvd_result_vendor(result), 0);
    add(summary, "cloud", hvd_result_cloud(result), 0);
    add(summary, "role", role == HVD_ROLE_NONE ? NULL : hvd_role_name(role), 0);
    add(summary, "confidence", hvd_confidence_name(hvd_result_confidence(result)), 0);
    add_list(summary, "layers", hvd_result_layer_count(result), layer_text, result);
    add_list(summary, "containers", hvd_result_container_count(result), hvd_result_container, result);
    add(summary, "containers_known", hvd_result_containers_known(result) ? "true" : "false", 0)->is_boolean = 1;
    add(summary, "systemd_id", hvd_result_systemd_id(result), 0);
    add(summary, "confidential", hvd_result_confidential(result), 0);
    if (policy) {
        hvd_policy_sources sources = HVD_POLICY_SOURCES_INIT;
        hvd_policy_get_sources(&sources, policy);
        hvd__strbuf policy_name = {0}; /* whole: a database's long names are not cut inside a character */
        hvd__strbuf_printf(&policy_name, "%s revision %s", sources.article, sources.revision);
        summary->out_of_memory |= policy_name.failed;
        add(summary, "tier", hvd_tier_name(hvd_policy_tier(policy)), 0);
        add(summary, "tier_if_premier", hvd_tier_name(hvd_policy_tier_for(policy, HVD_AGREEMENT_PREMIER)), 0);
        add(summary, "agreement", hvd_agreement_name(hvd_policy_agreement(policy)), 0);
        add(summary, "policy", policy_name.data, 0);
        hvd__strbuf_free(&policy_name);
        add(summary, "partner_list_as_of", hvd_policy_as_of(policy), 0)->changes_over_time = 1;
    }
    add(summary, "version", hvd_version(), 0)->changes_over_time = 1;
    return summary->out_of_memory ? hvd__error(HVD_ENOMEM, "report: out of memory") : HVD_OK;
}

void hvd__summary_add_identity(hvd__summary *summary, const hvd_evidence *evidence, int redact)
{
    static const struct {
        const char *name; /* the summary field */
        hvd__key_id key;
    } identifiers[] = {{"host", HVD__K_HOST_NAME}, {"machine_id", HVD__K_HOST_MACHINE_ID}};
    for (size_t i = 0; i < sizeof(identifiers) / sizeof(identifiers[0]); i++) {
        const char *source = hvd__key_source(identifiers[i].key), *key = hvd__key(identifiers[i].key);
        const hvd_observation *item = hvd_evidence_find(evidence, source, key);
        const char *value = item && item->status == HVD_STATUS_OK ? item->value : NULL;
        char buffer[64];
        add(summary, identifiers[i].name, hvd__evidence_shown_value(source, key, value, redact, buffer, sizeof(buffer)),
            0);
    }
    add(summary, "label", hvd_evidence_meta(evidence, "label"), 0);
}
