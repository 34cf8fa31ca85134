/* SPDX-License-Identifier: MIT */
/*
 * The evidence bundle reader and everything a bundle reaches: hvd_evidence_from_json on arbitrary bytes, then on
 * success hvd_evidence_to_json, hvd_identify against the default vendor database, hvd_policy_evaluate and
 * hvd_report_render in every format (text, JSON, case).
 *
 * Checked besides memory safety and leaks:
 * - a failure leaves *out NULL, returns HVD_EBADINPUT (or HVD_ENOMEM) and sets a message;
 * - every string of the evidence is readable; the bundle written back reads again into the same observations
 *   (grouped by source, as a bundle keeps them) and collection facts, and is written the same way (evidence.h: "An
 *   evidence set round-trips through JSON, so a machine's evidence can be saved and analysed elsewhere with the
 *   same result");
 * - the result's and the policy's enums are in range and their strings readable; the JSON report is JSON; the
 *   answer from the evidence read back is the same as the first one (without the timestamp).
 * The report flags, the policy's agreement and its date come from the input length, so every combination is used.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fuzz_common.h"
#include "hvdetect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const hvd_vendor_db *default_db(void)
{
    static hvd_vendor_db *db; /* loaded once, kept for the life of the process */
    if (!db && hvd_vendor_db_load_default(&db) != HVD_OK)
        abort(); /* the built-in database must load */
    return db;
}

static void touch_optional(const char *text)
{
    if (text)
        fuzz_touch_string(text);
}

static void check_evidence(const hvd_evidence *evidence)
{
    size_t count = hvd_evidence_count(evidence);
    for (size_t i = 0; i < count; i++) {
        const hvd_observation *item = hvd_evidence_at(evidence, i);
        FUZZ_CHECK(item != NULL);
        fuzz_touch_string(item->source);
        fuzz_touch_string(item->key);
        fuzz_touch_string(item->value);
        fuzz_touch_string(item->detail);
        FUZZ_CHECK(hvd_status_name(item->status) != NULL);
        if (item->status != HVD_STATUS_OK)
            FUZZ_CHECK(item->value[0] == '\0');
        FUZZ_CHECK(hvd_evidence_find(evidence, item->source, item->key) != NULL);
    }
    FUZZ_CHECK(hvd_evidence_at(evidence, count) == NULL);
    size_t meta = hvd_evidence_meta_count(evidence);
    for (size_t i = 0; i < meta; i++) {
        fuzz_touch_string(hvd_evidence_meta_name(evidence, i));
        fuzz_touch_string(hvd_evidence_meta_value(evidence, i));
    }
    FUZZ_CHECK(hvd_evidence_meta_name(evidence, meta) == NULL);
}

static int same_observation(const hvd_observation *x, const hvd_observation *y)
{
    return strcmp(x->source, y->source) == 0 && strcmp(x->key, y->key) == 0 && strcmp(x->value, y->value) == 0 &&
           x->status == y->status && strcmp(x->detail, y->detail) == 0;
}

static int seen_source_before(const hvd_evidence *evidence, size_t index)
{
    for (size_t i = 0; i < index; i++)
        if (strcmp(hvd_evidence_at(evidence, i)->source, hvd_evidence_at(evidence, index)->source) == 0)
            return 1;
    return 0;
}

/* b holds a's observations in bundle order (README.md: grouped by source, sources in the order they first appear,
 * observations in their order within a source) and a's collection facts. Quadratic, as a plain restatement of
 * that rule should be; fuzz inputs are small. */
static int same_evidence_grouped(const hvd_evidence *a, const hvd_evidence *b)
{
    size_t count = hvd_evidence_count(a), next = 0;
    if (hvd_evidence_count(b) != count || hvd_evidence_meta_count(a) != hvd_evidence_meta_count(b))
        return 0;
    for (size_t first = 0; first < count; first++) {
        if (seen_source_before(a, first))
            continue;
        for (size_t i = first; i < count; i++) {
            const hvd_observation *x = hvd_evidence_at(a, i);
            if (strcmp(x->source, hvd_evidence_at(a, first)->source) == 0 &&
                !same_observation(x, hvd_evidence_at(b, next++)))
                return 0;
        }
    }
    for (size_t i = 0; i < hvd_evidence_meta_count(a); i++)
        if (strcmp(hvd_evidence_meta_name(a, i), hvd_evidence_meta_name(b, i)) != 0 ||
            strcmp(hvd_evidence_meta_value(a, i), hvd_evidence_meta_value(b, i)) != 0)
            return 0;
    return next == count;
}

static void check_product(const hvd_product_info *info)
{
    touch_optional(info->id);
    touch_optional(info->name);
    touch_optional(info->technology);
    touch_optional(info->kind);
    touch_optional(info->cloud);
    touch_optional(info->vendor);
    touch_optional(info->vendor_name);
    touch_optional(info->vendor_kind);
}

static void check_result(const hvd_result *result)
{
    hvd_virtualized virtualized = hvd_result_virtualized(result);
    FUZZ_CHECK(virtualized == HVD_VIRTUALIZED_UNKNOWN || virtualized == HVD_VIRTUALIZED_NO ||
               virtualized == HVD_VIRTUALIZED_YES);
    FUZZ_CHECK(hvd_role_name(hvd_result_role(result)) != NULL);
    FUZZ_CHECK(hvd_confidence_name(hvd_result_confidence(result)) != NULL);
    touch_optional(hvd_result_technology(result));
    hvd_product_info info = HVD_PRODUCT_INFO_INIT;
    if (hvd_result_product(result)) {
        FUZZ_CHECK(hvd_result_product_info(&info, result) == HVD_OK);
        check_product(&info);
    }
    touch_optional(hvd_result_vendor(result));
    touch_optional(hvd_result_cloud(result));
    for (size_t i = 0; i < hvd_result_candidate_count(result); i++) {
        FUZZ_CHECK(hvd_result_candidate(result, i) != NULL);
        FUZZ_CHECK(hvd_result_candidate_info(&info, result, i) == HVD_OK);
        check_product(&info);
    }
    FUZZ_CHECK(hvd_result_candidate(result, hvd_result_candidate_count(result)) == NULL);
    for (size_t i = 0; i < hvd_result_layer_count(result); i++) {
        const hvd_layer *layer = hvd_result_layer(result, i);
        FUZZ_CHECK(layer != NULL);
        touch_optional(layer->technology);
        touch_optional(layer->product);
        touch_optional(layer->basis);
        FUZZ_CHECK(hvd_role_name(layer->role) != NULL);
    }
    FUZZ_CHECK(hvd_result_layer(result, hvd_result_layer_count(result)) == NULL);
    for (size_t i = 0; i < hvd_result_container_count(result); i++)
        fuzz_touch_string(hvd_result_container(result, i));
    for (size_t i = 0; i < hvd_result_finding_count(result); i++) {
        const hvd_finding *finding = hvd_result_finding(result, i);
        FUZZ_CHECK(finding != NULL);
        FUZZ_CHECK(hvd_finding_kind_name(finding->kind) != NULL);
        touch_optional(finding->signature);
        touch_optional(finding->points_to);
        touch_optional(finding->strength);
        touch_optional(finding->source);
        touch_optional(finding->key);
        touch_optional(finding->value);
        touch_optional(finding->text);
    }
    FUZZ_CHECK(hvd_result_finding(result, hvd_result_finding_count(result)) == NULL);
}

static void check_policy(const hvd_policy_result *policy)
{
    FUZZ_CHECK(hvd_tier_name(hvd_policy_tier(policy)) != NULL);
    FUZZ_CHECK(hvd_tier_name(hvd_policy_floor(policy)) != NULL);
    for (int a = 0; a < HVD_AGREEMENT_COUNT_; a++)
        FUZZ_CHECK(hvd_tier_name(hvd_policy_tier_for(policy, (hvd_agreement)a)) != NULL);
    FUZZ_CHECK(hvd_agreement_name(hvd_policy_agreement(policy)) != NULL);
    FUZZ_CHECK(fuzz_touch_string(hvd_policy_as_of(policy)) == 10);
    touch_optional(hvd_policy_meaning(policy));
    touch_optional(hvd_policy_what_to_do(policy));
    touch_optional(hvd_policy_to_decide(policy));
    for (size_t i = 0; i < hvd_policy_candidate_count(policy); i++) {
        const hvd_policy_candidate *c = hvd_policy_candidate_at(policy, i);
        FUZZ_CHECK(c != NULL);
        touch_optional(c->product);
        touch_optional(c->product_name);
        touch_optional(c->vendor);
        touch_optional(c->vendor_name);
        FUZZ_CHECK(hvd_tier_name(c->if_premier) != NULL && hvd_tier_name(c->if_standard) != NULL);
        if (c->relationship) {
            touch_optional(c->relationship->vendor);
            touch_optional(c->relationship->vendor_name);
            touch_optional(c->relationship->kind);
            touch_optional(c->relationship->since);
            touch_optional(c->relationship->until);
            touch_optional(c->relationship->confidence);
            touch_optional(c->relationship->source);
        }
    }
    FUZZ_CHECK(hvd_policy_candidate_at(policy, hvd_policy_candidate_count(policy)) == NULL);
    for (size_t i = 0; i < hvd_policy_reason_count(policy); i++)
        fuzz_touch_string(hvd_policy_reason(policy, i));
    for (size_t i = 0; i < hvd_policy_caveat_count(policy); i++)
        fuzz_touch_string(hvd_policy_caveat(policy, i));
    hvd_policy_sources sources = HVD_POLICY_SOURCES_INIT;
    FUZZ_CHECK(hvd_policy_get_sources(&sources, policy) == HVD_OK);
    touch_optional(sources.article);
    touch_optional(sources.title);
    touch_optional(sources.revision);
    touch_optional(sources.revision_date);
    touch_optional(sources.partner_list);
    touch_optional(sources.partner_list_version);
    touch_optional(sources.source);
}

/* Renders a report; the JSON one must parse. Returned for comparison (hvd_free()). */
static char *render(hvd_format format, unsigned flags, const hvd_result *result, const hvd_policy_result *policy,
                    const hvd_evidence *evidence)
{
    char *out = NULL;
    FUZZ_CHECK(hvd_report_render(&out, format, flags, result, policy, evidence) == HVD_OK);
    FUZZ_CHECK(out != NULL);
    size_t length = fuzz_touch_string(out);
    if (format == HVD_FORMAT_JSON) {
        cJSON *parsed = cJSON_ParseWithLength(out, length);
        FUZZ_CHECK(parsed != NULL);
        cJSON_Delete(parsed);
    }
    return out;
}

/* Writes, reads back, writes again: both texts and both sets must agree. Returns the evidence read back. */
static hvd_evidence *round_trip(const hvd_evidence *evidence)
{
    char *first = NULL;
    FUZZ_CHECK(hvd_evidence_to_json(&first, evidence) == HVD_OK && first != NULL);
    size_t length = fuzz_touch_string(first);

    char *exact = fuzz_copy_string((const uint8_t *)first, length);
    hvd_evidence *again = NULL;
    FUZZ_CHECK(hvd_evidence_from_json(&again, exact, length) == HVD_OK && again != NULL);
    free(exact);
    FUZZ_CHECK(same_evidence_grouped(evidence, again));

    char *second = NULL;
    FUZZ_CHECK(hvd_evidence_to_json(&second, again) == HVD_OK && second != NULL);
    FUZZ_CHECK(strcmp(first, second) == 0);
    hvd_free(first);
    hvd_free(second);
    return again;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const hvd_vendor_db *db = default_db();
    char *json = (char *)fuzz_copy(data, size); /* not NUL-terminated: the length is given */

    hvd_evidence *evidence = (hvd_evidence *)(uintptr_t)1;
    int rc = hvd_evidence_from_json(&evidence, json, size);
    free(json);
    if (rc != HVD_OK) {
        FUZZ_CHECK(evidence == NULL);
        FUZZ_CHECK(rc == HVD_EBADINPUT || rc == HVD_ENOMEM);
        FUZZ_CHECK(fuzz_touch_string(hvd_error_last()) > 0);
        return 0;
    }
    FUZZ_CHECK(evidence != NULL);
    check_evidence(evidence);

    hvd_evidence *again = round_trip(evidence);

    unsigned flags = (unsigned)(size % 8); /* VERBOSE, NO_REDACT, NO_TIMESTAMP */
    static const char *const dates[] = {"", "2007-11-10", "2008-08-19", "2016-03-01", "2023-11-22", "2099-12-31"};
    hvd_policy_options opts = HVD_POLICY_OPTIONS_INIT;
    opts.agreement = (hvd_agreement)(size / 8 % HVD_AGREEMENT_COUNT_);
    FUZZ_CHECK(hvd_policy_options_set_date(&opts, dates[size / 24 % (sizeof(dates) / sizeof(dates[0]))]) == HVD_OK ||
               opts.as_of[0] == '\0');

    hvd_result *result = NULL;
    FUZZ_CHECK(hvd_identify(&result, evidence, db) == HVD_OK && result != NULL);
    check_result(result);
    hvd_policy_result *policy = NULL;
    FUZZ_CHECK(hvd_policy_evaluate(&policy, result, db, &opts) == HVD_OK && policy != NULL);
    check_policy(policy);

    hvd_free(render(HVD_FORMAT_TEXT, flags, result, policy, evidence));
    hvd_free(render(HVD_FORMAT_CASE, flags, result, policy, evidence));
    hvd_free(render(HVD_FORMAT_JSON, flags, result, policy, evidence));
    hvd_free(render(HVD_FORMAT_JSON, flags, NULL, NULL, evidence));
    char *report = render(HVD_FORMAT_JSON, flags | HVD_REPORT_NO_TIMESTAMP, result, policy, NULL);

    /* The evidence read back (the same observations, grouped by source) gives the same answer. */
    hvd_result *result_again = NULL;
    FUZZ_CHECK(hvd_identify(&result_again, again, db) == HVD_OK && result_again != NULL);
    hvd_policy_result *policy_again = NULL;
    FUZZ_CHECK(hvd_policy_evaluate(&policy_again, result_again, db, &opts) == HVD_OK && policy_again != NULL);
    char *report_again = render(HVD_FORMAT_JSON, flags | HVD_REPORT_NO_TIMESTAMP, result_again, policy_again, NULL);
    FUZZ_CHECK(strcmp(report, report_again) == 0);

    hvd_free(report);
    hvd_free(report_again);
    hvd_policy_result_free(policy);
    hvd_policy_result_free(policy_again);
    hvd_result_free(result);
    hvd_result_free(result_again);
    hvd_evidence_free(again);
    hvd_evidence_free(evidence);
    return 0;
}
