/* SPDX-License-Identifier: MIT */
/* The support policy: from the engine's answer to a tier. The decision table itself is data (policy.json); this
 * file only classifies the platform for it (Microsoft's own, a partner's covered product on the date, or any
 * other), looks the tier up for each agreement, and, when the product is not pinned, does so for every candidate
 * and reports the tier that holds for all of them. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/result.h"
#include "engine/vendordb.h"
#include "evidence/evidence_json.h"
#include "hvdetect/policy.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/clock.h"
#include "util/text.h"

enum { AGREEMENT_SLOTS = 2 }; /* premier, standard: decision[][agreement - 1] */

struct hvd_policy_result {
    const hvd_vendor_db *db;
    hvd_agreement agreement;
    char as_of[11];
    hvd_tier tier[AGREEMENT_SLOTS];
    hvd_tier floor[AGREEMENT_SLOTS];
    hvd_policy_candidate *candidates;
    size_t candidate_count;
    char **reasons;
    size_t reason_count;
    const char *to_decide;
    const char *partner_list_version;
    int out_of_memory;
};

static const char *const agreement_names[HVD_AGREEMENT_COUNT_] = {
    [HVD_AGREEMENT_UNKNOWN] = "unknown", [HVD_AGREEMENT_PREMIER] = "premier", [HVD_AGREEMENT_STANDARD] = "standard",
};

const char *hvd_agreement_name(hvd_agreement agreement)
{
    return (int)agreement >= 0 && agreement < HVD_AGREEMENT_COUNT_ ? agreement_names[agreement] : NULL;
}

int hvd_agreement_from_name(const char *name)
{
    for (int i = 0; name && i < HVD_AGREEMENT_COUNT_; i++)
        if (strcmp(agreement_names[i], name) == 0)
            return i;
    return -1;
}

int hvd_policy_options_set_date(hvd_policy_options *opts, const char *date)
{
    if (!opts || !hvd__text_valid_date(date))
        return hvd__error(HVD_EINVALID, "\"%s\" is not a date (YYYY-MM-DD)", date ? date : "(null)");
    memcpy(opts->as_of, date, 11);
    return HVD_OK;
}

/* ---- the platform, as the decision table sees it ---- */

static int in_string_array(const cJSON *array, const char *value)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        if (value && strcmp(item->valuestring, value) == 0)
            return 1;
    }
    return 0;
}

static int holds_on(const hvd__relationship *relationship, const char *date)
{
    return relationship->since && strcmp(relationship->since, date) <= 0 &&
           (!relationship->until || strcmp(date, relationship->until) < 0);
}

static int covers(const hvd__relationship *relationship, size_t product)
{
    for (size_t i = 0; i < relationship->cover_count; i++)
        if (relationship->covers[i] == product)
            return 1;
    return 0;
}

/* The first relationship of the product's vendor that covers it on the date, or NULL. */
static const hvd__relationship *relationship_for(const hvd_vendor_db *db, size_t product, const char *date)
{
    const hvd__vendor *vendor = &db->vendors[db->products[product].vendor];
    for (size_t r = 0; r < vendor->relationship_count; r++) {
        const hvd__relationship *relationship = &vendor->relationships[r];
        if (in_string_array(db->policy.relationship_kinds, relationship->kind) && holds_on(relationship, date) &&
            covers(relationship, product))
            return relationship;
    }
    return NULL;
}

static const char *vendor_name_on(const hvd__vendor *vendor, const char *date)
{
    for (size_t i = 0; i < vendor->name_count; i++) {
        const hvd__vendor_name *name = &vendor->names[i];
        if ((!name->since || strcmp(name->since, date) <= 0) && (!name->until || strcmp(date, name->until) < 0))
            return name->name;
    }
    return vendor->name;
}

static hvd__platform_class classify(const hvd_vendor_db *db, size_t product, const char *date)
{
    if (in_string_array(db->policy.own_vendors, db->products[product].info.vendor))
        return HVD__PLATFORM_MICROSOFT;
    return relationship_for(db, product, date) ? HVD__PLATFORM_PARTNER : HVD__PLATFORM_OTHER;
}

/* ---- evaluation ---- */

static hvd_tier lower(const hvd_vendor_db *db, hvd_tier a, hvd_tier b)
{
    return db->policy.tiers[a].rank <= db->policy.tiers[b].rank ? a : b;
}

static void add_reason(hvd_policy_result *policy, hvd__strbuf *text)
{
    char *reason = hvd__strbuf_detach(text);
    char **bigger = reason ? realloc(policy->reasons, (policy->reason_count + 1) * sizeof(*bigger)) : NULL;
    if (!bigger) {
        free(reason);
        policy->out_of_memory = 1;
        return;
    }
    policy->reasons = bigger;
    policy->reasons[policy->reason_count++] = reason;
}

static void add_candidate(hvd_policy_result *policy, size_t product)
{
    const hvd_vendor_db *db = policy->db;
    const hvd__product *info = &db->products[product];
    const hvd__vendor *vendor = &db->vendors[info->vendor];
    hvd_policy_candidate *candidate = &policy->candidates[policy->candidate_count++];
    memset(candidate, 0, sizeof(*candidate));
    candidate->product = info->info.id;
    candidate->product_name = info->info.name;
    candidate->vendor = vendor->id;
    candidate->vendor_name = vendor_name_on(vendor, policy->as_of);
    hvd__platform_class platform = classify(db, product, policy->as_of);
    candidate->if_premier = db->policy.decision[platform][0];
    candidate->if_standard = db->policy.decision[platform][1];
    const hvd__relationship *relationship = relationship_for(db, product, policy->as_of);
    if (relationship) {
        candidate->has_relationship = 1;
        candidate->relationship = (hvd_relationship_info){vendor->id,          candidate->vendor_name,
                                                          relationship->kind,  relationship->since,
                                                          relationship->until, relationship->confidence,
                                                          relationship->source};
    }
}

/* For each agreement: the one tier every candidate gets, or undetermined with the lowest as the floor. */
static void combine_candidates(hvd_policy_result *policy)
{
    const hvd_vendor_db *db = policy->db;
    for (int a = 0; a < AGREEMENT_SLOTS; a++) {
        hvd_tier first = a == 0 ? policy->candidates[0].if_premier : policy->candidates[0].if_standard;
        hvd_tier floor = first;
        int agree = 1;
        for (size_t i = 1; i < policy->candidate_count; i++) {
            hvd_tier tier = a == 0 ? policy->candidates[i].if_premier : policy->candidates[i].if_standard;
            agree &= tier == first;
            floor = lower(db, floor, tier);
        }
        policy->tier[a] = agree ? first : db->policy.decision[HVD__PLATFORM_UNKNOWN][a];
        policy->floor[a] = floor;
    }
}

static void decide_without_candidates(hvd_policy_result *policy, hvd__platform_class platform,
                                      hvd__platform_class floor_platform)
{
    for (int a = 0; a < AGREEMENT_SLOTS; a++) {
        policy->tier[a] = policy->db->policy.decision[platform][a];
        policy->floor[a] = policy->db->policy.decision[floor_platform][a];
    }
}

static const char *to_decide_for(const hvd_vendor_db *db, const char *technology)
{
    const char *fallback = NULL;
    for (size_t i = 0; i < db->policy.to_decide_count; i++) {
        const hvd__to_decide *entry = &db->policy.to_decide[i];
        if (technology && strcmp(entry->technology, technology) == 0)
            return entry->text;
        if (strcmp(entry->technology, "*") == 0)
            fallback = entry->text;
    }
    return fallback;
}

static const char *partner_list_on(const hvd_vendor_db *db, const char *date)
{
    const char *version = NULL;
    for (size_t i = 0; i < db->policy.partner_list_count; i++)
        if (strcmp(db->policy.partner_lists[i].since, date) <= 0)
            version = db->policy.partner_lists[i].name;
    return version;
}

/* ---- the chain of reasons ---- */

static void reason_evidence(hvd_policy_result *policy, const hvd_result *result)
{
    hvd__strbuf text = {0};
    const char *technology = hvd_result_technology(result);
    size_t supporting = 0;
    const hvd_finding *strongest = NULL;
    for (size_t i = 0; i < hvd_result_finding_count(result); i++) {
        const hvd_finding *finding = hvd_result_finding(result, i);
        if (finding->kind == HVD_FINDING_SUPPORTS && supporting++ == 0)
            strongest = finding;
    }
    if (hvd_result_virtualized(result) == HVD_VIRTUALIZED_UNKNOWN)
        hvd__strbuf_append(&text, "Evidence: too little could be read to tell whether this machine is virtual.");
    else if (!technology)
        hvd__strbuf_append(&text, hvd_result_virtualized(result) == HVD_VIRTUALIZED_YES
                                      ? "Evidence: the CPU reports a hypervisor, but none that hvdetect knows."
                                      : "Evidence: no virtualization signature matched.");
    else {
        hvd__strbuf_printf(&text, "Evidence: %zu signature(s) point to %s (%s confidence)", supporting, technology,
                           hvd_confidence_name(hvd_result_confidence(result)));
        /* The reasons are rendered in every format, --no-redact or not: an identifier (an EC2 UUID, a Hyper-V
         * virtual machine name) is shown redacted here. */
        char shown[64];
        if (strongest && strongest->source)
            hvd__strbuf_printf(&text, "; strongest: %s %s = \"%s\"", strongest->source, strongest->key,
                               hvd__evidence_shown_value(strongest->source, strongest->key, strongest->value, 1, shown,
                                                         sizeof(shown)));
        hvd__strbuf_append(&text, ".");
    }
    add_reason(policy, &text);
}

static void reason_platform(hvd_policy_result *policy, const hvd_result *result)
{
    hvd__strbuf text = {0};
    if (hvd_result_virtualized(result) == HVD_VIRTUALIZED_NO)
        hvd__strbuf_printf(&text, "Platform: %s.", hvd_result_role(result) == HVD_ROLE_HOST
                                                       ? "this machine hosts a hypervisor; it is not a guest"
                                                       : "physical hardware");
    else if (policy->candidate_count == 1 && hvd_result_product(result, NULL))
        hvd__strbuf_printf(&text, "Platform: %s (vendor: %s).", policy->candidates[0].product_name,
                           policy->candidates[0].vendor_name);
    else if (policy->candidate_count > 0) {
        hvd__strbuf_append(&text, "Platform: the product cannot be pinned from inside; it is one of ");
        for (size_t i = 0; i < policy->candidate_count; i++)
            hvd__strbuf_printf(&text, "%s%s (%s)", i ? ", " : "", policy->candidates[i].product_name,
                               policy->candidates[i].vendor_name);
        hvd__strbuf_append(&text, ".");
    } else
        hvd__strbuf_append(&text, "Platform: not known.");
    add_reason(policy, &text);
}

static void reason_relationships(hvd_policy_result *policy)
{
    for (size_t i = 0; i < policy->candidate_count; i++) {
        const hvd_policy_candidate *candidate = &policy->candidates[i];
        hvd__strbuf text = {0};
        if (in_string_array(policy->db->policy.own_vendors, candidate->vendor))
            hvd__strbuf_printf(&text, "Relationship: %s is Microsoft's own virtualization.", candidate->product_name);
        else if (candidate->has_relationship)
            hvd__strbuf_printf(&text, "Relationship: %s has a %s relationship with Microsoft since %s covering %s "
                                      "(%s; %s).",
                               candidate->vendor_name, candidate->relationship.kind, candidate->relationship.since,
                               candidate->product_name, candidate->relationship.source,
                               candidate->relationship.confidence);
        else
            hvd__strbuf_printf(&text, "Relationship: on %s, no established support relationship covers %s.",
                               policy->as_of, candidate->product_name);
        add_reason(policy, &text);
    }
}

static void reason_agreement_and_tier(hvd_policy_result *policy)
{
    hvd__strbuf text = {0};
    hvd_tier tier = hvd_policy_tier(policy);
    if (policy->agreement == HVD_AGREEMENT_UNKNOWN)
        hvd__strbuf_printf(&text, "Agreement: not given; the tier shown holds whatever the agreement (with a "
                                  "Premier-level agreement: %s; without: %s).",
                           hvd_tier_name(policy->tier[0]), hvd_tier_name(policy->tier[1]));
    else
        hvd__strbuf_printf(&text, "Agreement: %s.", policy->agreement == HVD_AGREEMENT_PREMIER
                                                        ? "Premier-level"
                                                        : "without a Premier-level agreement");
    add_reason(policy, &text);
    hvd__strbuf_printf(&text, "Tier: %s", hvd_tier_name(tier));
    if (tier == HVD_TIER_UNDETERMINED && hvd_policy_floor(policy) != HVD_TIER_UNDETERMINED)
        hvd__strbuf_printf(&text, "; every candidate gets at least %s", hvd_tier_name(hvd_policy_floor(policy)));
    hvd__strbuf_append(&text, ".");
    add_reason(policy, &text);
}

static int today(char out[11])
{
    struct tm utc;
    return hvd__utc_now(&utc) && strftime(out, 11, "%Y-%m-%d", &utc) == 10;
}

static int evaluate(hvd_policy_result *policy, const hvd_result *result)
{
    const hvd_vendor_db *db = policy->db;
    size_t count = hvd_result_candidate_count(result);
    policy->candidates = calloc(count + 1, sizeof(*policy->candidates));
    if (!policy->candidates)
        return HVD_ENOMEM;
    hvd_virtualized virtualized = hvd_result_virtualized(result);
    if (virtualized == HVD_VIRTUALIZED_NO) {
        decide_without_candidates(policy, HVD__PLATFORM_PHYSICAL, HVD__PLATFORM_PHYSICAL);
    } else if (virtualized == HVD_VIRTUALIZED_UNKNOWN) {
        decide_without_candidates(policy, HVD__PLATFORM_UNKNOWN, HVD__PLATFORM_UNKNOWN);
        policy->to_decide = to_decide_for(db, NULL);
    } else if (result->product >= 0 || count > 0) {
        if (result->product >= 0)
            add_candidate(policy, (size_t)result->product);
        for (size_t i = 0; i < count; i++)
            add_candidate(policy, result->candidates[i]);
        combine_candidates(policy);
    } else {
        /* A hypervisor nobody knows is no partner's covered product and not Microsoft's: at least "other". */
        decide_without_candidates(policy, HVD__PLATFORM_UNKNOWN, HVD__PLATFORM_OTHER);
    }
    if (policy->tier[0] == HVD_TIER_UNDETERMINED || policy->tier[1] == HVD_TIER_UNDETERMINED)
        policy->to_decide = to_decide_for(db, hvd_result_technology(result));
    reason_evidence(policy, result);
    reason_platform(policy, result);
    reason_relationships(policy);
    reason_agreement_and_tier(policy);
    return policy->out_of_memory ? HVD_ENOMEM : HVD_OK;
}

int hvd_policy_evaluate(hvd_policy_result **out, const hvd_result *result, const hvd_vendor_db *db,
                        const hvd_policy_options *opts)
{
    if (!out || !result || !db)
        return hvd__error(HVD_EINVALID, "hvd_policy_evaluate: invalid argument");
    *out = NULL;
    hvd_policy_options defaults = HVD_POLICY_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (opts->version != HVD_POLICY_OPTIONS_VERSION || (int)opts->agreement < 0 ||
        opts->agreement >= HVD_AGREEMENT_COUNT_)
        return hvd__error(HVD_EINVALID, "hvd_policy_evaluate: invalid options");
    if (result->db != db)
        return hvd__error(HVD_EINVALID, "hvd_policy_evaluate: the result was identified with another database");
    hvd_policy_result *policy = calloc(1, sizeof(*policy));
    if (!policy)
        return hvd__error(HVD_ENOMEM, "policy: out of memory");
    policy->db = db;
    policy->agreement = opts->agreement;
    if (opts->as_of[0]) {
        if (!hvd__text_valid_date(opts->as_of)) {
            hvd_policy_result_free(policy);
            return hvd__error(HVD_EINVALID, "\"%.10s\" is not a date (YYYY-MM-DD)", opts->as_of);
        }
        memcpy(policy->as_of, opts->as_of, sizeof(policy->as_of));
    } else if (!today(policy->as_of)) {
        hvd_policy_result_free(policy);
        return hvd__error(HVD_ERROR, "policy: cannot read today's date");
    }
    policy->partner_list_version = partner_list_on(db, policy->as_of);
    int rc = evaluate(policy, result);
    if (rc != HVD_OK) {
        hvd_policy_result_free(policy);
        return hvd__error(rc, "policy: out of memory");
    }
    *out = policy;
    return HVD_OK;
}

void hvd_policy_result_free(hvd_policy_result *policy)
{
    if (!policy)
        return;
    for (size_t i = 0; i < policy->reason_count; i++)
        free(policy->reasons[i]);
    free(policy->reasons);
    free(policy->candidates);
    free(policy);
}

/* ---- accessors ---- */

hvd_tier hvd_policy_tier_for(const hvd_policy_result *policy, hvd_agreement agreement)
{
    if (!policy)
        return HVD_TIER_UNDETERMINED;
    if (agreement == HVD_AGREEMENT_PREMIER)
        return policy->tier[0];
    if (agreement == HVD_AGREEMENT_STANDARD)
        return policy->tier[1];
    return lower(policy->db, policy->tier[0], policy->tier[1]);
}

hvd_tier hvd_policy_tier(const hvd_policy_result *policy)
{
    return policy ? hvd_policy_tier_for(policy, policy->agreement) : HVD_TIER_UNDETERMINED;
}

hvd_tier hvd_policy_floor(const hvd_policy_result *policy)
{
    if (!policy)
        return HVD_TIER_UNDETERMINED;
    if (policy->agreement == HVD_AGREEMENT_PREMIER)
        return policy->floor[0];
    if (policy->agreement == HVD_AGREEMENT_STANDARD)
        return policy->floor[1];
    return lower(policy->db, policy->floor[0], policy->floor[1]);
}

hvd_agreement hvd_policy_agreement(const hvd_policy_result *policy)
{
    return policy ? policy->agreement : HVD_AGREEMENT_UNKNOWN;
}

const char *hvd_policy_as_of(const hvd_policy_result *policy)
{
    return policy ? policy->as_of : NULL;
}

const char *hvd_policy_meaning(const hvd_policy_result *policy)
{
    return policy ? policy->db->policy.tiers[hvd_policy_tier(policy)].meaning : NULL;
}

const char *hvd_policy_what_to_do(const hvd_policy_result *policy)
{
    return policy ? policy->db->policy.tiers[hvd_policy_tier(policy)].what_to_do : NULL;
}

const char *hvd_policy_to_decide(const hvd_policy_result *policy)
{
    return policy ? policy->to_decide : NULL;
}

size_t hvd_policy_candidate_count(const hvd_policy_result *policy)
{
    return policy ? policy->candidate_count : 0;
}

const hvd_policy_candidate *hvd_policy_candidate_at(const hvd_policy_result *policy, size_t index)
{
    return policy && index < policy->candidate_count ? &policy->candidates[index] : NULL;
}

size_t hvd_policy_reason_count(const hvd_policy_result *policy)
{
    return policy ? policy->reason_count : 0;
}

const char *hvd_policy_reason(const hvd_policy_result *policy, size_t index)
{
    return policy && index < policy->reason_count ? policy->reasons[index] : NULL;
}

size_t hvd_policy_caveat_count(const hvd_policy_result *policy)
{
    return policy ? (size_t)cJSON_GetArraySize(policy->db->policy.caveats) : 0;
}

const char *hvd_policy_caveat(const hvd_policy_result *policy, size_t index)
{
    if (!policy || index >= hvd_policy_caveat_count(policy))
        return NULL;
    return cJSON_GetArrayItem(policy->db->policy.caveats, (int)index)->valuestring;
}

void hvd_policy_get_sources(const hvd_policy_result *policy, hvd_policy_sources *sources)
{
    if (!policy || !sources)
        return;
    *sources = policy->db->policy.sources;
    sources->partner_list_version = policy->partner_list_version;
}
