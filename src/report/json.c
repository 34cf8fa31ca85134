/* The JSON report: one document with the answer, the reasoning and the evidence. Its shape is documented in
 * README.md ("JSON report"); fields are added, never renamed or removed, within a schema version. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "evidence/evidence_json.h"
#include "hvdetect/version.h"
#include "io/output.h"
#include "report/report.h"
#include "util/error.h"
#include "util/text.h"

#define REPORT_SCHEMA "hvdetect-report/1"

static const char *const format_names[HVD_FORMAT_COUNT_] = {
    [HVD_FORMAT_TEXT] = "text",   [HVD_FORMAT_JSON] = "json",     [HVD_FORMAT_CASE] = "case",
    [HVD_FORMAT_FACTS] = "facts", [HVD_FORMAT_PROMETHEUS] = "prometheus", [HVD_FORMAT_HTML] = "html",
};

/* The renderer of each format. */
static int (*const renderers[HVD_FORMAT_COUNT_])(char **, const hvd__report_input *) = {
    [HVD_FORMAT_TEXT] = hvd__report_text,   [HVD_FORMAT_JSON] = hvd__report_json,
    [HVD_FORMAT_CASE] = hvd__report_case,   [HVD_FORMAT_FACTS] = hvd__report_facts,
    [HVD_FORMAT_PROMETHEUS] = hvd__report_prometheus, [HVD_FORMAT_HTML] = hvd__report_html,
};

const char *hvd_format_name(hvd_format format)
{
    return (int)format >= 0 && format < HVD_FORMAT_COUNT_ ? format_names[format] : NULL;
}

int hvd_format_from_name(const char *name)
{
    for (int i = 0; name && i < HVD_FORMAT_COUNT_; i++)
        if (strcmp(format_names[i], name) == 0)
            return i;
    return -1;
}

/* Adds name: string, or name: null for NULL. */
static void add_nullable(cJSON *object, const char *name, const char *value)
{
    if (value)
        cJSON_AddStringToObject(object, name, value);
    else
        cJSON_AddNullToObject(object, name);
}

static cJSON *product_json(const hvd_product_info *info)
{
    cJSON *object = cJSON_CreateObject();
    add_nullable(object, "id", info->id);
    add_nullable(object, "name", info->name);
    add_nullable(object, "technology", info->technology);
    add_nullable(object, "kind", info->kind);
    add_nullable(object, "vendor", info->vendor);
    add_nullable(object, "vendor_name", info->vendor_name);
    add_nullable(object, "cloud", info->cloud);
    return object;
}

static cJSON *finding_json(const hvd_finding *finding, unsigned int flags)
{
    cJSON *object = cJSON_CreateObject();
    char buffer[128];
    add_nullable(object, "signature", finding->signature);
    add_nullable(object, "points_to", finding->points_to);
    add_nullable(object, "strength", finding->strength);
    add_nullable(object, "source", finding->source);
    add_nullable(object, "key", finding->key);
    add_nullable(object, "value",
                 hvd__evidence_shown_value(finding->source, finding->key, finding->value,
                                           !(flags & HVD_REPORT_NO_REDACT), buffer, sizeof(buffer)));
    add_nullable(object, "why", finding->text);
    return object;
}

static void add_findings(cJSON *hypervisor, cJSON *reasons, const hvd_result *result, unsigned int flags)
{
    static const char *const array_names[HVD_FINDING_KIND_COUNT_] = {
        [HVD_FINDING_SUPPORTS] = "supporting", [HVD_FINDING_CONTRADICTS] = "contradicting",
        [HVD_FINDING_EXPLAINED] = "explained", [HVD_FINDING_REASON] = NULL,
    };
    cJSON *arrays[HVD_FINDING_KIND_COUNT_] = {NULL};
    for (int kind = 0; kind < HVD_FINDING_KIND_COUNT_; kind++)
        if (array_names[kind])
            arrays[kind] = cJSON_AddArrayToObject(hypervisor, array_names[kind]);
    for (size_t i = 0; i < hvd_result_finding_count(result); i++) {
        const hvd_finding *finding = hvd_result_finding(result, i);
        if (finding->kind == HVD_FINDING_REASON)
            cJSON_AddItemToArray(reasons, cJSON_CreateString(finding->text ? finding->text : ""));
        else
            cJSON_AddItemToArray(arrays[finding->kind], finding_json(finding, flags));
    }
}

static cJSON *hypervisor_json(const hvd_result *result, cJSON *reasons, unsigned int flags)
{
    cJSON *hypervisor = cJSON_CreateObject();
    hvd_product_info info;
    const char *product = hvd_result_product(result, &info);
    add_nullable(hypervisor, "technology", hvd_result_technology(result));
    add_nullable(hypervisor, "product", product);
    add_nullable(hypervisor, "product_name", product ? info.name : NULL);
    add_nullable(hypervisor, "product_kind", product ? info.kind : NULL);
    add_nullable(hypervisor, "vendor", hvd_result_vendor(result));
    add_nullable(hypervisor, "vendor_name", product ? info.vendor_name : NULL);
    add_nullable(hypervisor, "cloud", hvd_result_cloud(result));
    add_nullable(hypervisor, "guest_type", hvd_result_guest_type(result));
    add_nullable(hypervisor, "confidence", hvd_confidence_name(hvd_result_confidence(result)));
    cJSON_AddBoolToObject(hypervisor, "concealed", hvd_result_concealed(result));
    cJSON *candidates = cJSON_AddArrayToObject(hypervisor, "candidates");
    for (size_t i = 0; i < hvd_result_candidate_count(result); i++) {
        hvd_result_candidate(result, i, &info);
        cJSON_AddItemToArray(candidates, product_json(&info));
    }
    add_findings(hypervisor, reasons, result, flags);
    return hypervisor;
}

static cJSON *layers_json(const hvd_result *result)
{
    cJSON *layers = cJSON_CreateArray();
    for (size_t i = 0; i < hvd_result_layer_count(result); i++) {
        const hvd_layer *layer = hvd_result_layer(result, i);
        cJSON *object = cJSON_CreateObject();
        add_nullable(object, "technology", layer->technology);
        add_nullable(object, "product", layer->product);
        add_nullable(object, "role", hvd_role_name(layer->role));
        add_nullable(object, "basis", layer->basis);
        cJSON_AddItemToArray(layers, object);
    }
    return layers;
}

static void add_answer(cJSON *root, const hvd_result *result, unsigned int flags)
{
    hvd_virtualized virtualized = hvd_result_virtualized(result);
    if (virtualized == HVD_VIRTUALIZED_UNKNOWN)
        cJSON_AddNullToObject(root, "virtualized");
    else
        cJSON_AddBoolToObject(root, "virtualized", virtualized == HVD_VIRTUALIZED_YES);
    hvd_role role = hvd_result_role(result);
    add_nullable(root, "role", role == HVD_ROLE_NONE ? NULL : hvd_role_name(role));
    cJSON *reasons = cJSON_CreateArray();
    cJSON_AddItemToObject(root, "hypervisor", hypervisor_json(result, reasons, flags));
    cJSON_AddItemToObject(root, "layers", layers_json(result));
    cJSON *containers = cJSON_AddArrayToObject(root, "containers");
    for (size_t i = 0; i < hvd_result_container_count(result); i++)
        cJSON_AddItemToArray(containers, cJSON_CreateString(hvd_result_container(result, i)));
    cJSON_AddItemToObject(root, "reasons", reasons);
}

static cJSON *relationship_json(const hvd_relationship_info *relationship)
{
    cJSON *object = cJSON_CreateObject();
    add_nullable(object, "vendor", relationship->vendor);
    add_nullable(object, "vendor_name", relationship->vendor_name);
    add_nullable(object, "kind", relationship->kind);
    add_nullable(object, "since", relationship->since);
    add_nullable(object, "until", relationship->until);
    add_nullable(object, "confidence", relationship->confidence);
    add_nullable(object, "source", relationship->source);
    return object;
}

static cJSON *policy_candidate_json(const hvd_policy_candidate *candidate)
{
    cJSON *object = cJSON_CreateObject();
    add_nullable(object, "product", candidate->product);
    add_nullable(object, "product_name", candidate->product_name);
    add_nullable(object, "vendor", candidate->vendor);
    add_nullable(object, "vendor_name", candidate->vendor_name);
    add_nullable(object, "if_premier", hvd_tier_name(candidate->if_premier));
    add_nullable(object, "if_standard", hvd_tier_name(candidate->if_standard));
    if (candidate->has_relationship)
        cJSON_AddItemToObject(object, "relationship", relationship_json(&candidate->relationship));
    else
        cJSON_AddNullToObject(object, "relationship");
    return object;
}

static cJSON *policy_sources_json(const hvd_policy_result *policy)
{
    hvd_policy_sources sources;
    hvd_policy_get_sources(policy, &sources);
    cJSON *object = cJSON_CreateObject();
    add_nullable(object, "article", sources.article);
    add_nullable(object, "title", sources.title);
    add_nullable(object, "revision", sources.revision);
    add_nullable(object, "revision_date", sources.revision_date);
    add_nullable(object, "partner_list", sources.partner_list);
    add_nullable(object, "partner_list_version", sources.partner_list_version);
    add_nullable(object, "partner_list_as_of", hvd_policy_as_of(policy));
    add_nullable(object, "source", sources.source);
    return object;
}

static cJSON *string_list_json(size_t count, const char *(*get)(const hvd_policy_result *, size_t),
                               const hvd_policy_result *policy)
{
    cJSON *array = cJSON_CreateArray();
    for (size_t i = 0; i < count; i++)
        cJSON_AddItemToArray(array, cJSON_CreateString(get(policy, i)));
    return array;
}

static cJSON *policy_json(const hvd_policy_result *policy)
{
    cJSON *object = cJSON_CreateObject();
    hvd_tier tier = hvd_policy_tier(policy);
    add_nullable(object, "tier", hvd_tier_name(tier));
    add_nullable(object, "agreement", hvd_agreement_name(hvd_policy_agreement(policy)));
    add_nullable(object, "as_of", hvd_policy_as_of(policy));
    add_nullable(object, "if_premier", hvd_tier_name(hvd_policy_tier_for(policy, HVD_AGREEMENT_PREMIER)));
    add_nullable(object, "if_standard", hvd_tier_name(hvd_policy_tier_for(policy, HVD_AGREEMENT_STANDARD)));
    hvd_tier floor = hvd_policy_floor(policy);
    add_nullable(object, "holds_for_every_candidate",
                 tier == HVD_TIER_UNDETERMINED && floor != HVD_TIER_UNDETERMINED ? hvd_tier_name(floor) : NULL);
    add_nullable(object, "meaning", hvd_policy_meaning(policy));
    add_nullable(object, "what_to_do", hvd_policy_what_to_do(policy));
    add_nullable(object, "to_decide", hvd_policy_to_decide(policy));
    cJSON *candidates = cJSON_AddArrayToObject(object, "candidates");
    for (size_t i = 0; i < hvd_policy_candidate_count(policy); i++)
        cJSON_AddItemToArray(candidates, policy_candidate_json(hvd_policy_candidate_at(policy, i)));
    cJSON_AddItemToObject(object, "reasons", string_list_json(hvd_policy_reason_count(policy), hvd_policy_reason,
                                                              policy));
    cJSON_AddItemToObject(object, "sources", policy_sources_json(policy));
    cJSON_AddItemToObject(object, "caveats", string_list_json(hvd_policy_caveat_count(policy), hvd_policy_caveat,
                                                              policy));
    return object;
}

static void add_collection(cJSON *root, const hvd_evidence *evidence, unsigned int flags)
{
    cJSON *collection = hvd__evidence_collection_json(evidence);
    if (collection && (flags & HVD_REPORT_NO_TIMESTAMP))
        cJSON_DeleteItemFromObjectCaseSensitive(collection, "collected_at");
    cJSON_AddItemToObject(root, "collection", collection);
    cJSON_AddItemToObject(root, "evidence", hvd__evidence_array_json(evidence, !(flags & HVD_REPORT_NO_REDACT)));
}

int hvd__report_json(char **out, const hvd__report_input *input)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return hvd__error(HVD_ENOMEM, "report: out of memory");
    cJSON_AddStringToObject(root, "schema", REPORT_SCHEMA);
    cJSON *tool = cJSON_AddObjectToObject(root, "tool");
    cJSON_AddStringToObject(tool, "name", "hvdetect");
    cJSON_AddStringToObject(tool, "version", hvd_version());
    if (!(input->flags & HVD_REPORT_NO_TIMESTAMP)) {
        char timestamp[32];
        hvd__utc_timestamp(timestamp);
        cJSON_AddStringToObject(root, "generated_at", timestamp);
    }
    if (input->result)
        add_answer(root, input->result, input->flags);
    if (input->policy)
        cJSON_AddItemToObject(root, "policy", policy_json(input->policy));
    if (input->evidence)
        add_collection(root, input->evidence, input->flags);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return hvd__error(HVD_ENOMEM, "report: out of memory");
    *out = text;
    return HVD_OK;
}

int hvd_report_render(char **out, hvd_format format, unsigned int flags, const hvd_result *result,
                      const hvd_policy_result *policy, const hvd_evidence *evidence)
{
    if (!out || (!result && !policy && !evidence))
        return hvd__error(HVD_EINVALID, "hvd_report_render: invalid argument");
    *out = NULL;
    if ((int)format < 0 || format >= HVD_FORMAT_COUNT_)
        return hvd__error(HVD_EINVALID, "hvd_report_render: unknown format %d", (int)format);
    hvd__report_input input = {flags, result, policy, evidence};
    return renderers[format](out, &input);
}

int hvd_report_write(const char *path, const char *text)
{
    if (!path || !text)
        return hvd__error(HVD_EINVALID, "hvd_report_write: invalid argument");
    return hvd__write_file_atomic(path, text, strlen(text), HVD__MODE_REPORT);
}
