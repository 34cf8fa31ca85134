/* SPDX-License-Identifier: MIT */
/* The JSON report: one document with the answer, the reasoning and the evidence. Its shape is documented in
 * README.md ("JSON report"); fields are added, never renamed or removed, within a schema version. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "evidence/evidence_json.h"
#include "evidence/keys.h"
#include "hvdetect/version.h"
#include "report/report.h"
#include "util/json_build.h"
#include "util/error.h"
#include "util/text.h"

#define REPORT_SCHEMA "hvdetect-report/1"

static cJSON *product_json(hvd__json_builder *b, const hvd_product_info *info)
{
    cJSON *object = hvd__json_object(b);
    hvd__json_add_nullable(b, object, "id", info->id);
    hvd__json_add_nullable(b, object, "name", info->name);
    hvd__json_add_nullable(b, object, "technology", info->technology);
    hvd__json_add_nullable(b, object, "kind", info->kind);
    hvd__json_add_nullable(b, object, "vendor", info->vendor);
    hvd__json_add_nullable(b, object, "vendor_name", info->vendor_name);
    hvd__json_add_nullable(b, object, "cloud", info->cloud);
    return object;
}

static cJSON *finding_json(hvd__json_builder *b, const hvd_finding *finding, unsigned int flags)
{
    cJSON *object = hvd__json_object(b);
    char buffer[128];
    hvd__json_add_nullable(b, object, "signature", finding->signature);
    hvd__json_add_nullable(b, object, "points_to", finding->points_to);
    hvd__json_add_nullable(b, object, "strength", finding->strength);
    hvd__json_add_nullable(b, object, "source", finding->source);
    char key[256];
    hvd__json_add_nullable(b, object, "key",
                           hvd__key_shown(finding->source, finding->key, !(flags & HVD_REPORT_NO_REDACT), key,
                                          sizeof(key)));
    hvd__json_add_nullable(b, object, "value",
                           hvd__evidence_shown_value(finding->source, finding->key, finding->value,
                                                     !(flags & HVD_REPORT_NO_REDACT), buffer, sizeof(buffer)));
    hvd__json_add_nullable(b, object, "why", finding->text);
    return object;
}

static void add_findings(hvd__json_builder *b, cJSON *hypervisor, cJSON *reasons, const hvd_result *result,
                         unsigned int flags)
{
    static const char *const array_names[HVD_FINDING_KIND_COUNT_] = {
        [HVD_FINDING_SUPPORTS] = "supporting", [HVD_FINDING_CONTRADICTS] = "contradicting",
        [HVD_FINDING_EXPLAINED] = "explained", [HVD_FINDING_REASON] = NULL,
    };
    cJSON *arrays[HVD_FINDING_KIND_COUNT_] = {NULL};
    for (int kind = 0; kind < HVD_FINDING_KIND_COUNT_; kind++)
        if (array_names[kind])
            arrays[kind] = hvd__json_add_array(b, hypervisor, array_names[kind]);
    for (size_t i = 0; i < hvd_result_finding_count(result); i++) {
        const hvd_finding *finding = hvd_result_finding(result, i);
        if (finding->kind == HVD_FINDING_REASON)
            hvd__json_append(b, reasons, cJSON_CreateString(finding->text ? finding->text : ""));
        else
            hvd__json_append(b, arrays[finding->kind], finding_json(b, finding, flags));
    }
}

static cJSON *hypervisor_json(hvd__json_builder *b, const hvd_result *result, cJSON *reasons, unsigned int flags)
{
    cJSON *hypervisor = hvd__json_object(b);
    hvd_product_info info = HVD_PRODUCT_INFO_INIT;
    const char *product = hvd_result_product(result);
    if (product)
        hvd_result_product_info(&info, result);
    hvd__json_add_nullable(b, hypervisor, "technology", hvd_result_technology(result));
    hvd__json_add_nullable(b, hypervisor, "product", product);
    hvd__json_add_nullable(b, hypervisor, "product_name", product ? info.name : NULL);
    hvd__json_add_nullable(b, hypervisor, "product_kind", product ? info.kind : NULL);
    hvd__json_add_nullable(b, hypervisor, "vendor", hvd_result_vendor(result));
    hvd__json_add_nullable(b, hypervisor, "vendor_name", product ? info.vendor_name : NULL);
    hvd__json_add_nullable(b, hypervisor, "cloud", hvd_result_cloud(result));
    hvd__json_add_nullable(b, hypervisor, "guest_type", hvd_result_guest_type(result));
    hvd__json_add_nullable(b, hypervisor, "confidence", hvd_confidence_name(hvd_result_confidence(result)));
    hvd__json_add_bool(b, hypervisor, "concealed", hvd_result_concealed(result));
    cJSON *candidates = hvd__json_add_array(b, hypervisor, "candidates");
    for (size_t i = 0; i < hvd_result_candidate_count(result); i++) {
        hvd_result_candidate_info(&info, result, i);
        hvd__json_append(b, candidates, product_json(b, &info));
    }
    add_findings(b, hypervisor, reasons, result, flags);
    return hypervisor;
}

static cJSON *layers_json(hvd__json_builder *b, const hvd_result *result)
{
    cJSON *layers = hvd__json_array(b);
    for (size_t i = 0; i < hvd_result_layer_count(result); i++) {
        const hvd_layer *layer = hvd_result_layer(result, i);
        cJSON *object = hvd__json_object(b);
        hvd__json_add_nullable(b, object, "technology", layer->technology);
        hvd__json_add_nullable(b, object, "product", layer->product);
        hvd__json_add_nullable(b, object, "role", hvd_role_name(layer->role));
        hvd__json_add_nullable(b, object, "basis", layer->basis);
        hvd__json_append(b, layers, object);
    }
    return layers;
}

static void add_answer(hvd__json_builder *b, cJSON *root, const hvd_result *result, unsigned int flags)
{
    hvd_virtualized virtualized = hvd_result_virtualized(result);
    if (virtualized == HVD_VIRTUALIZED_UNKNOWN)
        hvd__json_add(b, root, "virtualized", cJSON_CreateNull());
    else
        hvd__json_add_bool(b, root, "virtualized", virtualized == HVD_VIRTUALIZED_YES);
    hvd_role role = hvd_result_role(result);
    hvd__json_add_nullable(b, root, "role", role == HVD_ROLE_NONE ? NULL : hvd_role_name(role));
    hvd__json_add_nullable(b, root, "basis", hvd_result_basis(result));
    cJSON *reasons = hvd__json_array(b);
    hvd__json_add(b, root, "hypervisor", hypervisor_json(b, result, reasons, flags));
    hvd__json_add(b, root, "layers", layers_json(b, result));
    cJSON *containers = hvd__json_add_array(b, root, "containers");
    for (size_t i = 0; i < hvd_result_container_count(result); i++)
        hvd__json_append(b, containers, cJSON_CreateString(hvd_result_container(result, i)));
    hvd__json_add_bool(b, root, "containers_known", hvd_result_containers_known(result));
    cJSON *confidential = hvd__json_object(b);
    hvd__json_add_nullable(b, confidential, "id", hvd_result_confidential(result));
    hvd__json_add_nullable(b, confidential, "systemd_id", hvd_result_cvm_systemd_id(result));
    hvd__json_add_bool(b, confidential, "paravisor", hvd_result_paravisor(result));
    hvd__json_add_nullable(b, confidential, "confidence",
                           hvd_confidence_name(hvd_result_confidential_confidence(result)));
    hvd__json_add(b, root, "confidential", confidential);
    hvd__json_add(b, root, "reasons", reasons);
}

static cJSON *relationship_json(hvd__json_builder *b, const hvd_relationship_info *relationship)
{
    cJSON *object = hvd__json_object(b);
    hvd__json_add_nullable(b, object, "vendor", relationship->vendor);
    hvd__json_add_nullable(b, object, "vendor_name", relationship->vendor_name);
    hvd__json_add_nullable(b, object, "kind", relationship->kind);
    hvd__json_add_nullable(b, object, "since", relationship->since);
    hvd__json_add_nullable(b, object, "until", relationship->until);
    hvd__json_add_nullable(b, object, "confidence", relationship->confidence);
    hvd__json_add_nullable(b, object, "source", relationship->source);
    return object;
}

static cJSON *policy_candidate_json(hvd__json_builder *b, const hvd_policy_candidate *candidate)
{
    cJSON *object = hvd__json_object(b);
    hvd__json_add_nullable(b, object, "product", candidate->product);
    hvd__json_add_nullable(b, object, "product_name", candidate->product_name);
    hvd__json_add_nullable(b, object, "vendor", candidate->vendor);
    hvd__json_add_nullable(b, object, "vendor_name", candidate->vendor_name);
    hvd__json_add_nullable(b, object, "if_premier", hvd_tier_name(candidate->if_premier));
    hvd__json_add_nullable(b, object, "if_standard", hvd_tier_name(candidate->if_standard));
    hvd__json_add_nullable(b, object, "if_none", hvd_tier_name(candidate->if_none));
    hvd__json_add(b, object, "relationship",
                  candidate->relationship ? relationship_json(b, candidate->relationship) : cJSON_CreateNull());
    return object;
}

static cJSON *policy_sources_json(hvd__json_builder *b, const hvd_policy_result *policy)
{
    hvd_policy_sources sources = HVD_POLICY_SOURCES_INIT;
    hvd_policy_get_sources(&sources, policy);
    cJSON *object = hvd__json_object(b);
    hvd__json_add_nullable(b, object, "article", sources.article);
    hvd__json_add_nullable(b, object, "title", sources.title);
    hvd__json_add_nullable(b, object, "revision", sources.revision);
    hvd__json_add_nullable(b, object, "revision_date", sources.revision_date);
    hvd__json_add_nullable(b, object, "partner_list", sources.partner_list);
    hvd__json_add_nullable(b, object, "partner_list_version", sources.partner_list_version);
    hvd__json_add_nullable(b, object, "partner_list_as_of", hvd_policy_as_of(policy));
    hvd__json_add_nullable(b, object, "source", sources.source);
    return object;
}

/* The revision applied, why, and what it says beyond the tiers: the reproduction baseline and the exclusions. */
static cJSON *policy_revision_json(hvd__json_builder *b, const hvd_policy_result *policy)
{
    hvd_policy_revision_info revision = HVD_POLICY_REVISION_INFO_INIT;
    hvd_policy_get_revision(&revision, policy);
    cJSON *object = hvd__json_object(b);
    hvd__json_add_nullable(b, object, "id", revision.id);
    hvd__json_add_nullable(b, object, "name", revision.name);
    hvd__json_add_nullable(b, object, "date", revision.date);
    hvd__json_add_nullable(b, object, "dates", revision.dates);
    hvd__json_add_nullable(b, object, "in_force_from", revision.in_force_from);
    hvd__json_add_nullable(b, object, "in_force_until", revision.in_force_until);
    hvd__json_add_nullable(b, object, "why", hvd_policy_revision_why(policy));
    hvd__json_add_nullable(b, object, "dates_note", revision.in_force_note);
    hvd__json_add_nullable(b, object, "confidence", revision.confidence);
    hvd__json_add_nullable(b, object, "baseline", revision.baseline);
    cJSON *exclusions = hvd__json_add_array(b, object, "exclusions");
    for (size_t i = 0; i < hvd_policy_exclusion_count(policy); i++)
        hvd__json_append(b, exclusions, cJSON_CreateString(hvd_policy_exclusion(policy, i)));
    hvd__json_add_nullable(b, object, "source", revision.source);
    return object;
}

static cJSON *string_list_json(hvd__json_builder *b, size_t count,
                               const char *(*get)(const hvd_policy_result *, size_t), const hvd_policy_result *policy)
{
    cJSON *array = hvd__json_array(b);
    for (size_t i = 0; i < count; i++)
        hvd__json_append(b, array, cJSON_CreateString(get(policy, i)));
    return array;
}

static cJSON *policy_json(hvd__json_builder *b, const hvd_policy_result *policy)
{
    cJSON *object = hvd__json_object(b);
    hvd_tier tier = hvd_policy_tier(policy);
    hvd__json_add_nullable(b, object, "tier", hvd_tier_name(tier));
    hvd__json_add_nullable(b, object, "agreement", hvd_agreement_name(hvd_policy_agreement(policy)));
    hvd__json_add_nullable(b, object, "tier_defined_by", hvd_policy_tier_defined_by(policy, tier));
    hvd__json_add_nullable(b, object, "software", hvd_software_name(hvd_policy_software(policy)));
    hvd__json_add_bool(b, object, "software_assumed", hvd_policy_software_is_default(policy));
    hvd__json_add_nullable(b, object, "as_of", hvd_policy_as_of(policy));
    hvd__json_add(b, object, "revision", policy_revision_json(b, policy));
    hvd__json_add_nullable(b, object, "if_premier",
                           hvd_tier_name(hvd_policy_tier_for(policy, HVD_AGREEMENT_PREMIER)));
    hvd__json_add_nullable(b, object, "if_standard",
                           hvd_tier_name(hvd_policy_tier_for(policy, HVD_AGREEMENT_STANDARD)));
    hvd__json_add_nullable(b, object, "if_none", hvd_tier_name(hvd_policy_tier_for(policy, HVD_AGREEMENT_NONE)));
    hvd_tier floor = hvd_policy_floor(policy);
    hvd__json_add_nullable(b, object, "holds_for_every_candidate",
                           tier == HVD_TIER_UNDETERMINED && floor != HVD_TIER_UNDETERMINED ? hvd_tier_name(floor)
                                                                                            : NULL);
    hvd__json_add_nullable(b, object, "meaning", hvd_policy_meaning(policy));
    hvd__json_add_nullable(b, object, "what_to_do", hvd_policy_what_to_do(policy));
    hvd__json_add_nullable(b, object, "to_decide", hvd_policy_to_decide(policy));
    cJSON *candidates = hvd__json_add_array(b, object, "candidates");
    for (size_t i = 0; i < hvd_policy_candidate_count(policy); i++)
        hvd__json_append(b, candidates, policy_candidate_json(b, hvd_policy_candidate_at(policy, i)));
    hvd__json_add(b, object, "reasons",
                  string_list_json(b, hvd_policy_reason_count(policy), hvd_policy_reason, policy));
    hvd__json_add(b, object, "sources", policy_sources_json(b, policy));
    hvd__json_add(b, object, "caveats",
                  string_list_json(b, hvd_policy_caveat_count(policy), hvd_policy_caveat, policy));
    return object;
}

static void add_collection(hvd__json_builder *b, cJSON *root, const hvd_evidence *evidence, unsigned int flags)
{
    cJSON *collection = hvd__evidence_collection_json(b, evidence);
    if (collection && (flags & HVD_REPORT_NO_TIMESTAMP))
        cJSON_DeleteItemFromObjectCaseSensitive(collection, "collected_at");
    hvd__json_add(b, root, "collection", collection);
    hvd__json_add(b, root, "evidence", hvd__evidence_array_json(b, evidence, !(flags & HVD_REPORT_NO_REDACT)));
}

int hvd__report_json(char **out, const hvd__report_input *input)
{
    hvd__json_builder builder = {0}, *b = &builder;
    cJSON *root = hvd__json_object(b);
    hvd__json_add_string(b, root, "schema", REPORT_SCHEMA);
    cJSON *tool = hvd__json_add_object(b, root, "tool");
    hvd__json_add_string(b, tool, "name", "hvdetect");
    hvd__json_add_string(b, tool, "version", hvd_version());
    if (!(input->flags & HVD_REPORT_NO_TIMESTAMP)) {
        char timestamp[32];
        hvd__utc_timestamp(timestamp);
        hvd__json_add_string(b, root, "generated_at", timestamp);
    }
    if (input->result)
        add_answer(b, root, input->result, input->flags);
    if (input->policy)
        hvd__json_add(b, root, "policy", policy_json(b, input->policy));
    if (input->evidence)
        add_collection(b, root, input->evidence, input->flags);
    /* A document with a member missing would be read as an answer: none is given instead. */
    char *text = builder.failed ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return hvd__error(HVD_ENOMEM, "report: out of memory");
    *out = text;
    return HVD_OK;
}
