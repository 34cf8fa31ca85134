/* SPDX-License-Identifier: MIT */
#include "policy/policy_table.h"

#include <stdlib.h>
#include <string.h>

static const char *const platform_names[HVD__PLATFORM_COUNT_ + 1] = {
    [HVD__PLATFORM_PHYSICAL] = "physical", [HVD__PLATFORM_MICROSOFT] = "microsoft",
    [HVD__PLATFORM_PARTNER] = "partner",   [HVD__PLATFORM_OTHER] = "other",
    [HVD__PLATFORM_UNKNOWN] = "unknown",   [HVD__PLATFORM_COUNT_] = NULL,
};

static const char *const agreement_names[] = {"premier", "standard", "any", NULL};

static const char *const tier_ids[HVD_TIER_COUNT_ + 1] = {
    [HVD_TIER_NOT_VIRTUALIZED] = "not-virtualized",
    [HVD_TIER_MICROSOFT] = "microsoft",
    [HVD_TIER_JOINT_SUPPORT] = "joint-support",
    [HVD_TIER_COMMERCIALLY_REASONABLE_EFFORTS] = "commercially-reasonable-efforts",
    [HVD_TIER_REPRODUCE_INDEPENDENTLY] = "reproduce-independently",
    [HVD_TIER_UNDETERMINED] = "undetermined",
    [HVD_TIER_COUNT_] = NULL,
};

static int index_of(const char *const *names, const char *name)
{
    for (int i = 0; name && names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

static void parse_header(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"article", "title", "revision", "revision_date", "partner_list", "source",
                                       NULL};
    const cJSON *policy = cJSON_GetObjectItemCaseSensitive(root, "policy");
    check->entry = "policy";
    if (!cJSON_IsObject(policy)) {
        hvd__check_problem(check, NULL, "missing or not an object");
        return;
    }
    hvd__check_keys(check, policy, keys);
    table->sources.article = hvd__check_string(check, policy, "article", 1);
    table->sources.title = hvd__check_string(check, policy, "title", 1);
    table->sources.revision = hvd__check_string(check, policy, "revision", 1);
    table->sources.revision_date = hvd__check_date(check, policy, "revision_date");
    table->sources.partner_list = hvd__check_string(check, policy, "partner_list", 1);
    table->sources.source = hvd__check_string(check, policy, "source", 1);
}

static void parse_tiers(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"id", "rank", "meaning", "what_to_do", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "tiers", 1))
    {
        check->entry = NULL;
        int tier = index_of(tier_ids, hvd__check_string(check, item, "id", 1));
        if (tier < 0) {
            hvd__check_problem(check, "id", "not a tier id");
            continue;
        }
        check->entry = tier_ids[tier];
        hvd__check_keys(check, item, keys);
        const cJSON *rank = cJSON_GetObjectItemCaseSensitive(item, "rank");
        if (!cJSON_IsNumber(rank))
            hvd__check_problem(check, "rank", "must be a number");
        table->tiers[tier].rank = cJSON_IsNumber(rank) ? rank->valueint : 0;
        table->tiers[tier].meaning = hvd__check_string(check, item, "meaning", 1);
        table->tiers[tier].what_to_do = hvd__check_string(check, item, "what_to_do", 1);
    }
    check->entry = NULL;
    for (int tier = 0; tier < HVD_TIER_COUNT_; tier++)
        if (!table->tiers[tier].meaning)
            hvd__check_problem(check, "tiers", "tier \"%s\" is not described", tier_ids[tier]);
}

static void parse_rules(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"platform", "agreement", "tier", "note", NULL};
    for (int c = 0; c < HVD__PLATFORM_COUNT_; c++)
        table->decision[c][0] = table->decision[c][1] = HVD_TIER_COUNT_;
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "rules", 1))
    {
        check->entry = "rules";
        hvd__check_keys(check, item, keys);
        int platform = index_of(platform_names, hvd__check_choice(check, item, "platform", 1, platform_names));
        int agreement = index_of(agreement_names, hvd__check_choice(check, item, "agreement", 1, agreement_names));
        int tier = index_of(tier_ids, hvd__check_choice(check, item, "tier", 1, tier_ids));
        if (platform < 0 || agreement < 0 || tier < 0)
            continue;
        /* The first rule that applies wins, as in the table's order. */
        for (int a = 0; a < 2; a++)
            if ((agreement == 2 || agreement == a) && table->decision[platform][a] == HVD_TIER_COUNT_)
                table->decision[platform][a] = (hvd_tier)tier;
    }
    check->entry = "rules";
    for (int c = 0; c < HVD__PLATFORM_COUNT_; c++)
        for (int a = 0; a < 2; a++)
            if (table->decision[c][a] == HVD_TIER_COUNT_)
                hvd__check_problem(check, NULL, "no rule decides platform \"%s\" with agreement \"%s\"",
                                   platform_names[c], agreement_names[a]);
}

static void parse_partner_lists(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"name", "since", "confidence", "note", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "partner_lists", 1))
    {
        check->entry = "partner_lists";
        hvd__check_keys(check, item, keys);
        hvd__partner_list_version *version = HVD__APPEND(check, table->partner_lists, table->partner_list_count);
        if (!version)
            return;
        version->name = hvd__check_string(check, item, "name", 1);
        version->since = hvd__check_date(check, item, "since");
        if (!version->since)
            hvd__check_problem(check, "since", "missing");
        if (table->partner_list_count > 1 && version->since &&
            table->partner_lists[table->partner_list_count - 2].since &&
            strcmp(version->since, table->partner_lists[table->partner_list_count - 2].since) <= 0)
            hvd__check_problem(check, "since", "versions must be listed oldest first");
    }
}

static void parse_to_decide(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"technology", "text", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "to_decide", 1))
    {
        check->entry = "to_decide";
        hvd__check_keys(check, item, keys);
        hvd__to_decide *entry = HVD__APPEND(check, table->to_decide, table->to_decide_count);
        if (!entry)
            return;
        entry->technology = hvd__check_string(check, item, "technology", 1);
        entry->text = hvd__check_string(check, item, "text", 1);
    }
}

/* An array of non-empty strings, or a problem. */
static const cJSON *string_array(const cJSON *root, const char *name, hvd__checker *check)
{
    const cJSON *array = hvd__check_array(check, root, name, 1);
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        if (!cJSON_IsString(item) || !item->valuestring[0]) {
            hvd__check_problem(check, name, "must hold non-empty strings");
            return NULL;
        }
    }
    return array;
}

void hvd__policy_table_parse(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"policy", "own_vendors", "relationship_kinds", "partner_lists", "tiers",
                                       "rules", "to_decide", "caveats", "note", NULL};
    check->entry = NULL;
    if (table->loaded) {
        hvd__check_problem(check, NULL, "a second policy table");
        return;
    }
    table->loaded = 1;
    hvd__check_keys(check, root, keys);
    parse_header(table, root, check);
    check->entry = NULL;
    table->own_vendors = string_array(root, "own_vendors", check);
    table->relationship_kinds = string_array(root, "relationship_kinds", check);
    table->caveats = string_array(root, "caveats", check);
    parse_tiers(table, root, check);
    parse_rules(table, root, check);
    parse_partner_lists(table, root, check);
    parse_to_decide(table, root, check);
}

void hvd__policy_table_check_loaded(const hvd__policy_table *table, hvd__checker *check)
{
    if (table->loaded)
        return;
    check->file = "policy.json";
    check->entry = NULL;
    hvd__check_problem(check, NULL, "missing: the support policy's decision table");
}

void hvd__policy_table_free(hvd__policy_table *table)
{
    free(table->partner_lists);
    free(table->to_decide);
    memset(table, 0, sizeof(*table));
}

const char *hvd_tier_name(hvd_tier tier)
{
    return (int)tier >= 0 && tier < HVD_TIER_COUNT_ ? tier_ids[tier] : NULL;
}

int hvd_tier_from_name(const char *name)
{
    return index_of(tier_ids, name);
}
