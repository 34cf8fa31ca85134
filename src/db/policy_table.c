/* SPDX-License-Identifier: MIT */
#include "db/policy_table.h"

#include <stdlib.h>
#include <string.h>

#include "util/names.h"

static const char *const platform_names[HVD__PLATFORM_COUNT_ + 1] = {
    [HVD__PLATFORM_PHYSICAL] = "physical", [HVD__PLATFORM_MICROSOFT] = "microsoft",
    [HVD__PLATFORM_VALIDATED] = "validated", [HVD__PLATFORM_PARTNER] = "partner",
    [HVD__PLATFORM_OTHER] = "other",       [HVD__PLATFORM_UNKNOWN] = "unknown",
    [HVD__PLATFORM_COUNT_] = NULL,
};

/* A rule's agreement: one slot, or "any" for all three. */
static const char *const slot_names[HVD__SLOT_COUNT_ + 2] = {
    [HVD__SLOT_PREMIER] = "premier", [HVD__SLOT_STANDARD] = "standard", [HVD__SLOT_NONE] = "none",
    [HVD__SLOT_COUNT_] = "any",      [HVD__SLOT_COUNT_ + 1] = NULL,
};

static const char *const software_names[HVD_SOFTWARE_COUNT_ + 2] = {
    [HVD_SOFTWARE_UNSPECIFIED] = "unspecified",
    [HVD_SOFTWARE_WINDOWS_SERVER] = "windows-server",
    [HVD_SOFTWARE_SERVER_APP] = "server-app",
    [HVD_SOFTWARE_OTHER] = "other",
    [HVD_SOFTWARE_COUNT_] = "any",
    [HVD_SOFTWARE_COUNT_ + 1] = NULL,
};

static const char *const tier_ids[HVD_TIER_COUNT_ + 1] = {
    [HVD_TIER_NOT_VIRTUALIZED] = "not-virtualized",
    [HVD_TIER_MICROSOFT] = "microsoft",
    [HVD_TIER_JOINT_SUPPORT] = "joint-support",
    [HVD_TIER_COMMERCIALLY_REASONABLE_EFFORTS] = "commercially-reasonable-efforts",
    [HVD_TIER_REPRODUCE_INDEPENDENTLY] = "reproduce-independently",
    [HVD_TIER_UNDETERMINED] = "undetermined",
    [HVD_TIER_NOT_SUPPORTED] = "not-supported",
    [HVD_TIER_INVESTIGATE] = "investigate",
    [HVD_TIER_JOINT_SUPPORT_WINDOWS_SERVER] = "joint-support-windows-server",
    [HVD_TIER_LISTED_SERVER_SOFTWARE] = "listed-server-software",
    [HVD_TIER_COUNT_] = NULL,
};

static const char *const caveat_conditions[HVD__CAVEAT_COUNT_ + 1] = {
    [HVD__CAVEAT_EXCLUSIONS] = "exclusions",
    [HVD__CAVEAT_AZURE] = "azure",
    [HVD__CAVEAT_UNIFIED] = "unified",
    [HVD__CAVEAT_SOFTWARE_DEFAULT] = "software-default",
    [HVD__CAVEAT_UNVERIFIED_RELATIONSHIP] = "unverified-relationship",
    [HVD__CAVEAT_COUNT_] = NULL,
};

static const char *const confidences[] = {"verified", "secondary", "inferred", "unverified", NULL};

static int index_of(const char *const *names, const char *name)
{
    for (int i = 0; name && names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

static void parse_header(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"article", "title", "partner_list", "source", NULL};
    const cJSON *policy = cJSON_GetObjectItemCaseSensitive(root, "policy");
    check->entry = "policy";
    if (!cJSON_IsObject(policy)) {
        hvd__check_problem(check, NULL, "missing or not an object");
        return;
    }
    hvd__check_keys(check, policy, keys);
    table->sources.article = hvd__check_string(check, policy, "article", 1);
    table->sources.title = hvd__check_string(check, policy, "title", 1);
    table->sources.partner_list = hvd__check_string(check, policy, "partner_list", 1);
    table->sources.source = hvd__check_string(check, policy, "source", 1);
}

static void parse_tiers(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"id", "rank", "defined_by", "exclusions_apply", "meaning", "what_to_do", NULL};
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
        table->tiers[tier].defined_by = hvd__check_string(check, item, "defined_by", 0);
        table->tiers[tier].exclusions_apply = hvd__check_bool(check, item, "exclusions_apply");
        table->tiers[tier].meaning = hvd__check_string(check, item, "meaning", 1);
        table->tiers[tier].what_to_do = hvd__check_string(check, item, "what_to_do", 1);
    }
    check->entry = NULL;
    for (int tier = 0; tier < HVD_TIER_COUNT_; tier++)
        if (!table->tiers[tier].meaning)
            hvd__check_problem(check, "tiers", "tier \"%s\" is not described", tier_ids[tier]);
}

/* A rule's field: a name of names, an array of them, or absent (every one, when absent_means_all). Sets chosen[i]
 * for each; returns 0 after reporting a problem. */
static int parse_choices(hvd__checker *check, const cJSON *rule, const char *field, const char *const *names,
                         int count, int all_index, int absent_means_all, int *chosen)
{
    const cJSON *member = cJSON_GetObjectItemCaseSensitive(rule, field);
    memset(chosen, 0, (size_t)count * sizeof(*chosen));
    if (!member) {
        if (!absent_means_all) {
            hvd__check_problem(check, field, "missing");
            return 0;
        }
        for (int i = 0; i < count; i++)
            chosen[i] = 1;
        return 1;
    }
    const cJSON *item;
    int single = cJSON_IsString(member);
    if (!single && !cJSON_IsArray(member)) {
        hvd__check_problem(check, field, "must be a name or an array of names");
        return 0;
    }
    for (item = single ? member : member->child; item; item = single ? NULL : item->next) {
        int index = cJSON_IsString(item) ? index_of(names, item->valuestring) : -1;
        if (index < 0) {
            hvd__check_problem(check, field, "\"%s\" is not one of the allowed values",
                               cJSON_IsString(item) ? item->valuestring : "(not a string)");
            return 0;
        }
        if (index == all_index)
            for (int i = 0; i < count; i++)
                chosen[i] = 1;
        else
            chosen[index] = 1;
    }
    return 1;
}

static int quote_index(const hvd__revision *revision, const char *id)
{
    for (size_t i = 0; id && i < revision->quote_count; i++)
        if (strcmp(revision->quotes[i].id, id) == 0)
            return (int)i;
    return -1;
}

static void parse_quotes(hvd__revision *revision, const cJSON *json, hvd__checker *check)
{
    static const char *const keys[] = {"id", "text", "translation", "confidence", "source", "paraphrase", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, json, "quotes", 1))
    {
        hvd__check_keys(check, item, keys);
        hvd__quote *quote = HVD__APPEND(check, revision->quotes, revision->quote_count);
        if (!quote)
            return;
        quote->id = hvd__check_string(check, item, "id", 1);
        quote->text = hvd__check_string(check, item, "text", 1);
        quote->translation = hvd__check_string(check, item, "translation", 0);
        quote->confidence = hvd__check_choice(check, item, "confidence", 1, confidences);
        quote->source = hvd__check_string(check, item, "source", 0);
        quote->paraphrase = hvd__check_bool(check, item, "paraphrase");
        if (!quote->id)
            quote->id = "";
    }
}

static void parse_rules(hvd__revision *revision, const cJSON *json, hvd__checker *check)
{
    static const char *const keys[] = {"platform", "agreement", "software", "tier", "quote", "note", NULL};
    for (int p = 0; p < HVD__PLATFORM_COUNT_; p++)
        for (int a = 0; a < HVD__SLOT_COUNT_; a++)
            for (int s = 0; s < HVD_SOFTWARE_COUNT_; s++)
                revision->decision[p][a][s] = (hvd__decision){HVD_TIER_COUNT_, -1, NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, json, "rules", 1))
    {
        hvd__check_keys(check, item, keys);
        int platforms[HVD__PLATFORM_COUNT_], slots[HVD__SLOT_COUNT_ + 1], software[HVD_SOFTWARE_COUNT_ + 1];
        if (!parse_choices(check, item, "platform", platform_names, HVD__PLATFORM_COUNT_, -1, 0, platforms) ||
            !parse_choices(check, item, "agreement", slot_names, HVD__SLOT_COUNT_, HVD__SLOT_COUNT_, 0, slots) ||
            !parse_choices(check, item, "software", software_names, HVD_SOFTWARE_COUNT_, HVD_SOFTWARE_COUNT_, 1,
                           software))
            continue;
        int tier = index_of(tier_ids, hvd__check_choice(check, item, "tier", 1, tier_ids));
        const char *quote_id = hvd__check_string(check, item, "quote", 0);
        int quote = quote_index(revision, quote_id);
        if (quote_id && quote < 0)
            hvd__check_problem(check, "quote", "\"%s\" is not a quote of this revision", quote_id);
        if (tier < 0)
            continue;
        hvd__decision decision = {(hvd_tier)tier, quote, hvd__check_string(check, item, "note", 0)};
        /* The first rule that applies wins, as in the table's order. */
        for (int p = 0; p < HVD__PLATFORM_COUNT_; p++)
            for (int a = 0; a < HVD__SLOT_COUNT_; a++)
                for (int s = 0; s < HVD_SOFTWARE_COUNT_; s++)
                    if (platforms[p] && slots[a] && software[s] && revision->decision[p][a][s].tier == HVD_TIER_COUNT_)
                        revision->decision[p][a][s] = decision;
    }
    for (int p = 0; p < HVD__PLATFORM_COUNT_; p++)
        for (int a = 0; a < HVD__SLOT_COUNT_; a++) {
            for (int s = HVD_SOFTWARE_WINDOWS_SERVER; s < HVD_SOFTWARE_COUNT_; s++)
                if (revision->decision[p][a][s].tier == HVD_TIER_COUNT_) {
                    hvd__check_problem(check, "rules", "no rule decides platform \"%s\" with agreement \"%s\" for "
                                       "software \"%s\"", platform_names[p], slot_names[a], software_names[s]);
                    return;
                }
            /* Software not given is evaluated as the Windows Server operating system, the most common case. */
            revision->decision[p][a][HVD_SOFTWARE_UNSPECIFIED] = revision->decision[p][a][HVD_SOFTWARE_WINDOWS_SERVER];
        }
}

static void parse_relationship_kinds(hvd__revision *revision, const cJSON *json, hvd__checker *check)
{
    static const char *const kinds[] = {"joint-support", "svvp", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, json, "relationship_kinds", 1))
    {
        int kind = cJSON_IsString(item) ? index_of(kinds, item->valuestring) : -1;
        if (kind < 0)
            hvd__check_problem(check, "relationship_kinds", "holds a value that is not joint-support or svvp");
        else if (kind == 0)
            revision->counts_joint_support = 1;
        else
            revision->counts_svvp = 1;
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

static void parse_revisions(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"id", "name", "date", "dates", "in_force_from", "in_force_note", "confidence",
                                       "source", "own_products", "baseline", "relationship_kinds", "quotes",
                                       "exclusions", "rules", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "revisions", 1))
    {
        check->entry = "revisions";
        hvd__revision *revision = HVD__APPEND(check, table->revisions, table->revision_count);
        if (!revision)
            return;
        hvd_policy_revision_info *info = &revision->info;
        info->id = hvd__check_string(check, item, "id", 1);
        if (info->id)
            check->entry = info->id;
        hvd__check_keys(check, item, keys);
        info->name = hvd__check_string(check, item, "name", 1);
        info->date = hvd__check_date(check, item, "date");
        info->dates = hvd__check_string(check, item, "dates", 0);
        info->in_force_from = hvd__check_date(check, item, "in_force_from");
        info->in_force_note = hvd__check_string(check, item, "in_force_note", 1);
        info->confidence = hvd__check_choice(check, item, "confidence", 1, confidences);
        info->baseline = hvd__check_string(check, item, "baseline", 1);
        info->source = hvd__check_string(check, item, "source", 1);
        hvd__check_string(check, item, "own_products", 1);
        if (!info->date || !info->in_force_from)
            hvd__check_problem(check, !info->date ? "date" : "in_force_from", "missing");
        if (!info->id)
            info->id = "";
        if (table->revision_count > 1) {
            hvd__revision *previous = &table->revisions[table->revision_count - 2];
            if (hvd__policy_revision_by_id(table, info->id) != revision)
                hvd__check_problem(check, "id", "given to two revisions");
            if (info->in_force_from && previous->info.in_force_from &&
                strcmp(info->in_force_from, previous->info.in_force_from) <= 0)
                hvd__check_problem(check, "in_force_from", "revisions must be listed oldest first");
            previous->info.in_force_until = info->in_force_from;
        }
        parse_relationship_kinds(revision, item, check);
        parse_quotes(revision, item, check);
        revision->exclusions = string_array(item, "exclusions", check);
        parse_rules(revision, item, check);
    }
    check->entry = NULL;
    if (table->revision_count == 0)
        hvd__check_problem(check, "revisions", "no revision of the policy");
}

static void check_tiers_defined_by(hvd__policy_table *table, hvd__checker *check)
{
    for (int tier = 0; tier < HVD_TIER_COUNT_; tier++) {
        check->entry = tier_ids[tier];
        const char *id = table->tiers[tier].defined_by;
        if (id && !hvd__policy_revision_by_id(table, id))
            hvd__check_problem(check, "defined_by", "\"%s\" is not a revision id", id);
    }
    check->entry = NULL;
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
        version->confidence = hvd__check_choice(check, item, "confidence", 1, confidences);
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

static void parse_conditional_caveats(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"when", "text", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "conditional_caveats", 1))
    {
        check->entry = "conditional_caveats";
        hvd__check_keys(check, item, keys);
        int condition = index_of(caveat_conditions, hvd__check_choice(check, item, "when", 1, caveat_conditions));
        if (condition >= 0)
            table->conditional_caveats[condition] = hvd__check_string(check, item, "text", 1);
    }
    check->entry = "conditional_caveats";
    for (int condition = 0; condition < HVD__CAVEAT_COUNT_; condition++)
        if (!table->conditional_caveats[condition])
            hvd__check_problem(check, NULL, "no caveat for \"%s\"", caveat_conditions[condition]);
}

void hvd__policy_table_parse(hvd__policy_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"policy", "own_vendors", "revisions", "partner_lists", "tiers", "to_decide",
                                       "caveats", "conditional_caveats", "note", NULL};
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
    table->caveats = string_array(root, "caveats", check);
    parse_tiers(table, root, check);
    parse_revisions(table, root, check);
    check_tiers_defined_by(table, check);
    parse_partner_lists(table, root, check);
    parse_to_decide(table, root, check);
    parse_conditional_caveats(table, root, check);
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
    for (size_t i = 0; i < table->revision_count; i++)
        free(table->revisions[i].quotes);
    free(table->revisions);
    free(table->partner_lists);
    free(table->to_decide);
    memset(table, 0, sizeof(*table));
}

const hvd__revision *hvd__policy_revision_by_id(const hvd__policy_table *table, const char *id)
{
    for (size_t i = 0; id && i < table->revision_count; i++)
        if (strcmp(table->revisions[i].info.id, id) == 0)
            return &table->revisions[i];
    return NULL;
}

const hvd__revision *hvd__policy_revision_on(const hvd__policy_table *table, const char *date)
{
    if (table->revision_count == 0)
        return NULL;
    const hvd__revision *found = &table->revisions[0];
    for (size_t i = 1; i < table->revision_count; i++)
        if (table->revisions[i].info.in_force_from && strcmp(table->revisions[i].info.in_force_from, date) <= 0)
            found = &table->revisions[i];
    return found;
}

HVD__NAME_LOOKUPS(hvd_tier, hvd_tier, tier_ids, HVD_TIER_COUNT_)
/* Only the softwares: the table's "any" after them is a wildcard of policy.json's rows, no value of the enum. */
HVD__NAME_LOOKUPS(hvd_software, hvd_software, software_names, HVD_SOFTWARE_COUNT_)
