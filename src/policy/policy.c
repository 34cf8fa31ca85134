/* SPDX-License-Identifier: MIT */
/* The support policy: from the engine's answer to a tier. The revisions of KB 897615 and their decision tables are
 * data (policy.json); this file picks the revision in force on the date (or the one asked for), classifies the
 * platform for it (Microsoft's own, a product an SVVP listing or a partner's relationship covers on the date, or
 * any other), looks the tier up for each agreement and the software in question, and, when the product is not
 * pinned, does so for every candidate and reports the tier that holds for all of them. Each step is written down
 * as a reason, the tier with the revision's own words. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/result.h"
#include "db/vendordb.h"
#include "evidence/evidence_json.h"
#include "evidence/keys.h"
#include "hvdetect/policy.h"
#include "policy/evaluate.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/names.h"
#include "util/strbuf.h"
#include "util/text.h"

/* One product evaluated (or, with no product, a platform class): its decision for each agreement slot. */
typedef struct subject {
    hvd__decision decision[HVD__SLOT_COUNT_];
    const hvd__relationship *relationship; /* the one that decided the class, or NULL */
    const hvd__relationship *ended;        /* with none in force: one that covered the product and has ended */
    hvd_relationship_info shown;           /* the relationship as its candidate shows it (subjects never move) */
} subject;

struct hvd_policy_result {
    const hvd_vendor_db *db;
    const hvd__revision *revision;
    hvd_agreement agreement;
    hvd_software software;
    int software_is_default;
    char as_of[11];
    char *revision_why;
    hvd_tier tier[HVD__SLOT_COUNT_];
    hvd_tier floor[HVD__SLOT_COUNT_];
    hvd_policy_candidate *candidates;
    subject *subjects; /* one per candidate, or one for the platform class when there is none */
    size_t candidate_count;
    size_t subject_count;
    char **reasons;
    size_t reason_count;
    char **caveats;
    size_t caveat_count;
    const char *to_decide;
    const char *partner_list_version;
    int in_azure;
    int out_of_memory;
};

static const char *const agreement_names[HVD_AGREEMENT_COUNT_] = {
    [HVD_AGREEMENT_UNKNOWN] = "unknown", [HVD_AGREEMENT_PREMIER] = "premier", [HVD_AGREEMENT_STANDARD] = "standard",
    [HVD_AGREEMENT_UNIFIED] = "unified", [HVD_AGREEMENT_NONE] = "none",
};

/* The slot each agreement is evaluated in; unknown has none (the lowest of all is reported). */
static const int agreement_slot[HVD_AGREEMENT_COUNT_] = {
    [HVD_AGREEMENT_UNKNOWN] = -1,
    [HVD_AGREEMENT_PREMIER] = HVD__SLOT_PREMIER,
    [HVD_AGREEMENT_STANDARD] = HVD__SLOT_STANDARD,
    [HVD_AGREEMENT_UNIFIED] = HVD__SLOT_PREMIER, /* Premier's successor: an inference, stated as a caveat */
    [HVD_AGREEMENT_NONE] = HVD__SLOT_NONE,
};

static const char *const slot_words[HVD__SLOT_COUNT_] = {
    [HVD__SLOT_PREMIER] = "with a Premier-level agreement",
    [HVD__SLOT_STANDARD] = "with an agreement that is not Premier-level",
    [HVD__SLOT_NONE] = "with no support agreement",
};

static const char *const software_words[HVD_SOFTWARE_COUNT_] = {
    [HVD_SOFTWARE_UNSPECIFIED] = "not given",
    [HVD_SOFTWARE_WINDOWS_SERVER] = "the Windows Server operating system",
    [HVD_SOFTWARE_SERVER_APP] = "Microsoft server software other than Windows Server (KB 957006)",
    [HVD_SOFTWARE_OTHER] = "other Microsoft software",
};

HVD__NAME_LOOKUPS(hvd_agreement, hvd_agreement, agreement_names, HVD_AGREEMENT_COUNT_)

int hvd_policy_options_init(hvd_policy_options *opts, unsigned int version)
{
    if (!opts)
        return hvd__error(HVD_EINVALID, "hvd_policy_options_init: opts is NULL");
    if (version != 1 && version != HVD_POLICY_OPTIONS_VERSION)
        return hvd__error(HVD_EINVALID, "hvd_policy_options_init: unsupported version %u", version);
    if (version == 1) {
        /* A version 1 struct ends with as_of: nothing after it is the caller's memory. */
        opts->version = 1;
        opts->agreement = HVD_AGREEMENT_UNKNOWN;
        memset(opts->as_of, 0, sizeof(opts->as_of));
        return HVD_OK;
    }
    hvd_policy_options defaults = HVD_POLICY_OPTIONS_INIT;
    *opts = defaults;
    return HVD_OK;
}

int hvd_policy_options_set_date(hvd_policy_options *opts, const char *date)
{
    if (!opts || !hvd__text_valid_date(date))
        return hvd__error(HVD_EINVALID, "\"%s\" is not a date (YYYY-MM-DD)", date ? date : "(null)");
    memcpy(opts->as_of, date, 11);
    return HVD_OK;
}

int hvd_policy_options_set_revision(hvd_policy_options *opts, const char *id)
{
    if (!opts || !id || !id[0] || strlen(id) >= sizeof(opts->revision))
        return hvd__error(HVD_EINVALID, "\"%s\" is not a revision id", id ? id : "(null)");
    memcpy(opts->revision, id, strlen(id) + 1);
    return HVD_OK;
}

size_t hvd_vendor_db_policy_revision_count(const hvd_vendor_db *db)
{
    return db ? db->policy.revision_count : 0;
}

/* Fills a caller's revision info, whose version is checked: version 1 is every field so far. */
static int fill_revision(hvd_policy_revision_info *out, const hvd__revision *revision)
{
    int rc = hvd__check_struct_version(out->version, HVD_POLICY_REVISION_INFO_VERSION, "hvd_policy_revision_info");
    if (rc != HVD_OK)
        return rc;
    unsigned int version = out->version;
    *out = revision->info;
    out->version = version;
    return HVD_OK;
}

int hvd_vendor_db_policy_revision(hvd_policy_revision_info *out, const hvd_vendor_db *db, size_t index)
{
    if (!out || !db)
        return hvd__error(HVD_EINVALID, "hvd_vendor_db_policy_revision: invalid argument");
    if (index >= db->policy.revision_count)
        return hvd__error(HVD_ENOTFOUND, "hvd_vendor_db_policy_revision: no revision at index %lu (%lu revisions)",
                          (unsigned long)index, (unsigned long)db->policy.revision_count);
    return fill_revision(out, &db->policy.revisions[index]);
}

/* ---- the platform, as the revision sees it ---- */

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

static int covers(const hvd__relationship *relationship, size_t product)
{
    for (size_t i = 0; i < relationship->cover_count; i++)
        if (relationship->covers[i] == product)
            return 1;
    return 0;
}

/* The first relationship of that kind of the product's vendor that covers it on the date, or NULL. */
static const hvd__relationship *relationship_for(const hvd_vendor_db *db, size_t product, const char *date,
                                                 const char *kind)
{
    const hvd__vendor *vendor = &db->vendors[db->products[product].vendor];
    for (size_t r = 0; r < vendor->relationship_count; r++) {
        const hvd__relationship *relationship = &vendor->relationships[r];
        if (strcmp(relationship->kind, kind) == 0 && relationship->since &&
            strcmp(relationship->since, date) <= 0 && (!relationship->until || strcmp(date, relationship->until) < 0) &&
            covers(relationship, product))
            return relationship;
    }
    return NULL;
}

/* The latest relationship that covered the product and had ended by the date, or NULL. */
static const hvd__relationship *ended_relationship(const hvd_vendor_db *db, size_t product, const char *date)
{
    const hvd__vendor *vendor = &db->vendors[db->products[product].vendor];
    const hvd__relationship *latest = NULL;
    for (size_t r = 0; r < vendor->relationship_count; r++) {
        const hvd__relationship *relationship = &vendor->relationships[r];
        if (relationship->until && strcmp(relationship->until, date) <= 0 && covers(relationship, product) &&
            (!latest || strcmp(relationship->until, latest->until) > 0))
            latest = relationship;
    }
    return latest;
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

/* Microsoft's own; validated (an SVVP listing, where the revision counts them); a partner's relationship; other. */
static hvd__platform_class classify(const hvd_policy_result *policy, size_t product,
                                    const hvd__relationship **relationship)
{
    const hvd_vendor_db *db = policy->db;
    *relationship = NULL;
    if (in_string_array(db->policy.own_vendors, db->products[product].info.vendor))
        return HVD__PLATFORM_MICROSOFT;
    if (policy->revision->counts_svvp && (*relationship = relationship_for(db, product, policy->as_of, "svvp")))
        return HVD__PLATFORM_VALIDATED;
    if (policy->revision->counts_joint_support &&
        (*relationship = relationship_for(db, product, policy->as_of, "joint-support")))
        return HVD__PLATFORM_PARTNER;
    return HVD__PLATFORM_OTHER;
}

/* ---- evaluation ---- */

static hvd_tier lower(const hvd_vendor_db *db, hvd_tier a, hvd_tier b)
{
    return db->policy.tiers[a].rank <= db->policy.tiers[b].rank ? a : b;
}

static void add_text(hvd_policy_result *policy, char ***list, size_t *count, hvd__strbuf *text)
{
    char *item = hvd__strbuf_detach(text);
    char **bigger = item ? realloc(*list, (*count + 1) * sizeof(*bigger)) : NULL;
    if (!bigger) {
        free(item);
        policy->out_of_memory = 1;
        return;
    }
    *list = bigger;
    (*list)[(*count)++] = item;
}

static void add_reason(hvd_policy_result *policy, hvd__strbuf *text)
{
    add_text(policy, &policy->reasons, &policy->reason_count, text);
}

static void add_caveat(hvd_policy_result *policy, hvd__strbuf *text)
{
    add_text(policy, &policy->caveats, &policy->caveat_count, text);
}

static void decide_class(hvd_policy_result *policy, subject *s, hvd__platform_class platform)
{
    for (int slot = 0; slot < HVD__SLOT_COUNT_; slot++)
        s->decision[slot] = policy->revision->decision[platform][slot][policy->software];
}

static void add_candidate(hvd_policy_result *policy, size_t product)
{
    const hvd_vendor_db *db = policy->db;
    const hvd__product *info = &db->products[product];
    const hvd__vendor *vendor = &db->vendors[info->vendor];
    size_t index = policy->candidate_count++;
    hvd_policy_candidate *candidate = &policy->candidates[index];
    subject *s = &policy->subjects[policy->subject_count++];
    memset(candidate, 0, sizeof(*candidate));
    candidate->product = info->info.id;
    candidate->product_name = info->info.name;
    candidate->vendor = vendor->id;
    candidate->vendor_name = vendor_name_on(vendor, policy->as_of);
    decide_class(policy, s, classify(policy, product, &s->relationship));
    if (!s->relationship)
        s->ended = ended_relationship(db, product, policy->as_of);
    candidate->if_premier = s->decision[HVD__SLOT_PREMIER].tier;
    candidate->if_standard = s->decision[HVD__SLOT_STANDARD].tier;
    candidate->if_none = s->decision[HVD__SLOT_NONE].tier;
    if (s->relationship) {
        const hvd__relationship *r = s->relationship;
        s->shown = (hvd_relationship_info){vendor->id, candidate->vendor_name, r->kind, r->since,
                                           r->until,   r->confidence,          r->source};
        candidate->relationship = &s->shown;
    }
}

/* For each slot: the one tier every subject gets, or undetermined with the lowest as the floor. */
static void combine_subjects(hvd_policy_result *policy)
{
    const hvd_vendor_db *db = policy->db;
    for (int slot = 0; slot < HVD__SLOT_COUNT_; slot++) {
        hvd_tier first = policy->subjects[0].decision[slot].tier;
        hvd_tier floor = first;
        int agree = 1;
        for (size_t i = 1; i < policy->subject_count; i++) {
            hvd_tier tier = policy->subjects[i].decision[slot].tier;
            agree &= tier == first;
            floor = lower(db, floor, tier);
        }
        hvd_tier undetermined = policy->revision->decision[HVD__PLATFORM_UNKNOWN][slot][policy->software].tier;
        policy->tier[slot] = agree ? first : undetermined;
        policy->floor[slot] = floor;
    }
}

static void decide_without_candidates(hvd_policy_result *policy, hvd__platform_class platform,
                                      hvd__platform_class floor_platform)
{
    subject *s = &policy->subjects[policy->subject_count++];
    decide_class(policy, s, platform);
    for (int slot = 0; slot < HVD__SLOT_COUNT_; slot++) {
        policy->tier[slot] = s->decision[slot].tier;
        policy->floor[slot] = policy->revision->decision[floor_platform][slot][policy->software].tier;
    }
    /* The floor's words are the ones that hold: an unknown hypervisor is at least "other". */
    if (floor_platform != platform)
        decide_class(policy, s, floor_platform);
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

/* Whether the revision's table gives some platform a different decision for different software. */
static int revision_tells_software_apart(const hvd__revision *revision)
{
    for (int p = 0; p < HVD__PLATFORM_COUNT_; p++)
        for (int a = 0; a < HVD__SLOT_COUNT_; a++)
            for (int s = HVD_SOFTWARE_WINDOWS_SERVER + 1; s < HVD_SOFTWARE_COUNT_; s++)
                if (revision->decision[p][a][s].tier != revision->decision[p][a][HVD_SOFTWARE_WINDOWS_SERVER].tier)
                    return 1;
    return 0;
}

/* The slots the answer is about: the agreement's, or all of them when it is unknown. */
static int slot_relevant(const hvd_policy_result *policy, int slot)
{
    int chosen = agreement_slot[policy->agreement];
    return chosen < 0 || chosen == slot;
}

/* ---- the chain of reasons ---- */

/* Why this revision applies (hvd_policy_revision_why): every result has it, whether its reasons are written or not. */
static void revision_why(hvd_policy_result *policy, int chosen)
{
    const hvd_policy_revision_info *info = &policy->revision->info;
    hvd__strbuf why = {0};
    if (chosen)
        hvd__strbuf_printf(&why, "chosen explicitly, whatever the date (the one in force on %s is %s)", policy->as_of,
                           hvd__policy_revision_on(&policy->db->policy, policy->as_of)->info.id);
    else if (strcmp(policy->as_of, info->in_force_from) < 0)
        hvd__strbuf_printf(&why, "the earliest revision known; %s is before it (from %s)", policy->as_of,
                           info->in_force_from);
    else
        hvd__strbuf_printf(&why, "in force on %s (from %s%s%s)", policy->as_of, info->in_force_from,
                           info->in_force_until ? " until " : "", info->in_force_until ? info->in_force_until : "");
    policy->revision_why = hvd__strbuf_detach(&why);
    policy->out_of_memory |= !policy->revision_why;
}

static void reason_revision(hvd_policy_result *policy)
{
    const hvd_policy_revision_info *info = &policy->revision->info;
    if (!policy->revision_why)
        return;
    hvd__strbuf text = {0};
    hvd__strbuf_printf(&text, "Revision: %s of %s (id %s), %s. %s", info->name, info->date, info->id,
                       policy->revision_why, info->in_force_note);
    add_reason(policy, &text);
}

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
        hvd__strbuf_printf(&text, "Evidence: %zu %s to %s (%s confidence)", supporting,
                           supporting == 1 ? "signature points" : "signatures point", technology,
                           hvd_confidence_name(hvd_result_confidence(result)));
        /* The reasons are rendered in every format, --no-redact or not: an identifier (an EC2 UUID, a Hyper-V
         * virtual machine name) is shown redacted here. */
        char shown[64], key[256];
        if (strongest && strongest->source)
            hvd__strbuf_printf(&text, "; strongest: %s %s = \"%s\"", strongest->source,
                               hvd__key_shown(strongest->source, strongest->key, 1, key, sizeof(key)),
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
    else if (policy->candidate_count == 1 && hvd_result_product(result))
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

/* The SVVP listings known for a relationship, per product version, with how sure each is. */
static void append_listings(hvd__strbuf *text, const hvd__relationship *relationship)
{
    const cJSON *listing;
    size_t count = 0;
    cJSON_ArrayForEach(listing, relationship->validated)
    {
        hvd__strbuf_printf(text, "%s%s for Windows Server %s (%s, %s)", count++ ? "; " : " Listings known: ",
                           cJSON_GetObjectItemCaseSensitive(listing, "product_version")->valuestring,
                           cJSON_GetObjectItemCaseSensitive(listing, "windows_server")->valuestring,
                           cJSON_GetObjectItemCaseSensitive(listing, "date")->valuestring,
                           cJSON_GetObjectItemCaseSensitive(listing, "confidence")->valuestring);
    }
    if (count)
        hvd__strbuf_append(text, ".");
}

static void reason_relationships(hvd_policy_result *policy)
{
    const hvd__revision *revision = policy->revision;
    for (size_t i = 0; i < policy->candidate_count; i++) {
        const hvd_policy_candidate *candidate = &policy->candidates[i];
        const subject *s = &policy->subjects[i];
        hvd__strbuf text = {0};
        if (in_string_array(policy->db->policy.own_vendors, candidate->vendor))
            hvd__strbuf_printf(&text, "Relationship: %s is Microsoft's own virtualization.", candidate->product_name);
        else if (!revision->counts_joint_support && !revision->counts_svvp)
            hvd__strbuf_printf(&text, "Relationship: %s has no tier for vendors with a support relationship, so "
                                      "none is looked up for %s.",
                               revision->info.name, candidate->product_name);
        else if (s->relationship) {
            hvd__strbuf_printf(&text, "Relationship: %s has a%s %s relationship with Microsoft since %s covering %s "
                                      "(%s; %s).",
                               candidate->vendor_name, strcmp(s->relationship->kind, "svvp") == 0 ? "n" : "",
                               s->relationship->kind, s->relationship->since, candidate->product_name,
                               s->relationship->source, s->relationship->confidence);
            append_listings(&text, s->relationship);
        } else {
            hvd__strbuf_printf(&text, "Relationship: on %s, no established support relationship covers %s",
                               policy->as_of, candidate->product_name);
            if (s->ended)
                hvd__strbuf_printf(&text, " (its %s relationship ended on %s; %s)", s->ended->kind, s->ended->until,
                                   s->ended->until_confidence ? s->ended->until_confidence : s->ended->confidence);
            hvd__strbuf_append(&text, ".");
        }
        add_reason(policy, &text);
    }
}

static void reason_software(hvd_policy_result *policy)
{
    hvd__strbuf text = {0};
    hvd__strbuf_printf(&text, "Software: %s%s", software_words[policy->software],
                       policy->software_is_default ? " (not given: the most common case is assumed)" : "");
    if (!revision_tells_software_apart(policy->revision))
        hvd__strbuf_printf(&text, "; %s treats all Microsoft software alike", policy->revision->info.name);
    hvd__strbuf_append(&text, ".");
    add_reason(policy, &text);
}

static void reason_agreement(hvd_policy_result *policy)
{
    hvd__strbuf text = {0};
    switch (policy->agreement) {
    case HVD_AGREEMENT_UNKNOWN:
        hvd__strbuf_printf(&text, "Agreement: not given; the tier shown holds whatever the agreement (%s: %s; %s: %s; "
                                  "%s: %s).",
                           slot_words[HVD__SLOT_PREMIER], hvd_tier_name(policy->tier[HVD__SLOT_PREMIER]),
                           slot_words[HVD__SLOT_STANDARD], hvd_tier_name(policy->tier[HVD__SLOT_STANDARD]),
                           slot_words[HVD__SLOT_NONE], hvd_tier_name(policy->tier[HVD__SLOT_NONE]));
        break;
    case HVD_AGREEMENT_PREMIER:
        hvd__strbuf_append(&text, "Agreement: Premier-level.");
        break;
    case HVD_AGREEMENT_UNIFIED:
        hvd__strbuf_append(&text, "Agreement: Microsoft Unified Support, evaluated as Premier-level (an inference: "
                                  "the policy's text says \"Premier-level\").");
        break;
    case HVD_AGREEMENT_STANDARD:
        hvd__strbuf_append(&text, "Agreement: a support agreement that is not Premier-level.");
        break;
    case HVD_AGREEMENT_NONE:
    case HVD_AGREEMENT_COUNT_:
        hvd__strbuf_append(&text, "Agreement: none.");
        break;
    }
    add_reason(policy, &text);
}

static void append_quote(hvd__strbuf *text, const hvd__quote *quote)
{
    hvd__strbuf_printf(text, quote->paraphrase ? "in substance: %s" : "\"%s\"", quote->text);
    if (quote->translation)
        hvd__strbuf_printf(text, " (\"%s\")", quote->translation);
    hvd__strbuf_printf(text, " [%s%s%s]", quote->source ? quote->source : "", quote->source ? ", " : "",
                       quote->confidence);
}

/* The tier, then each distinct decision behind it with the revision's own words. */
static void reason_tier(hvd_policy_result *policy)
{
    hvd__strbuf text = {0};
    hvd_tier tier = hvd_policy_tier(policy);
    hvd__strbuf_printf(&text, "Tier: %s", hvd_tier_name(tier));
    if (tier == HVD_TIER_UNDETERMINED && hvd_policy_floor(policy) != HVD_TIER_UNDETERMINED)
        hvd__strbuf_printf(&text, "; every candidate gets at least %s", hvd_tier_name(hvd_policy_floor(policy)));
    hvd__strbuf_append(&text, ".");
    add_reason(policy, &text);
    /* Each distinct decision (tier and words), with the agreements it holds for. */
    enum { SAID_MAX = 32 };
    const hvd__decision *said[SAID_MAX];
    int slots[SAID_MAX] = {0};
    size_t said_count = 0;
    for (size_t i = 0; i < policy->subject_count; i++)
        for (int slot = 0; slot < HVD__SLOT_COUNT_; slot++) {
            const hvd__decision *decision = &policy->subjects[i].decision[slot];
            if (!slot_relevant(policy, slot) || decision->quote < 0)
                continue;
            size_t seen = 0;
            while (seen < said_count && !(said[seen]->tier == decision->tier && said[seen]->quote == decision->quote))
                seen++;
            if (seen == said_count) {
                if (said_count == SAID_MAX)
                    continue;
                said[said_count++] = decision;
            }
            slots[seen] |= 1 << slot;
        }
    for (size_t i = 0; i < said_count; i++) {
        hvd__strbuf_printf(&text, "Words of %s for %s (", policy->revision->info.id, hvd_tier_name(said[i]->tier));
        for (int slot = 0, shown = 0; slot < HVD__SLOT_COUNT_; slot++)
            if (slots[i] & (1 << slot))
                hvd__strbuf_printf(&text, "%s%s", shown++ ? "; " : "", slot_words[slot]);
        hvd__strbuf_append(&text, "): ");
        append_quote(&text, &policy->revision->quotes[said[i]->quote]);
        hvd__strbuf_append(&text, ".");
        if (said[i]->note)
            hvd__strbuf_printf(&text, " %s", said[i]->note);
        add_reason(policy, &text);
    }
}

/* ---- caveats ---- */

static int exclusions_apply(const hvd_policy_result *policy)
{
    if (cJSON_GetArraySize(policy->revision->exclusions) == 0)
        return 0;
    for (size_t i = 0; i < policy->subject_count; i++)
        for (int slot = 0; slot < HVD__SLOT_COUNT_; slot++)
            if (slot_relevant(policy, slot) &&
                policy->db->policy.tiers[policy->subjects[i].decision[slot].tier].exclusions_apply)
                return 1;
    return 0;
}

static void caveat_relationship(hvd_policy_result *policy, const char *lead, const hvd_policy_candidate *candidate,
                                const hvd__relationship *relationship, const char *confidence, const char *what)
{
    hvd__strbuf text = {0};
    hvd__strbuf_printf(&text, "%s the %s relationship covering %s (%s) is %s: %s", lead, relationship->kind,
                       candidate->product_name, what, confidence,
                       relationship->note ? relationship->note : relationship->source);
    add_caveat(policy, &text);
}

static void collect_caveats(hvd_policy_result *policy)
{
    const hvd__policy_table *table = &policy->db->policy;
    const cJSON *item;
    cJSON_ArrayForEach(item, table->caveats)
    {
        hvd__strbuf text = {0};
        hvd__strbuf_append(&text, item->valuestring);
        add_caveat(policy, &text);
    }
    if (exclusions_apply(policy)) {
        hvd__strbuf text = {0};
        hvd__strbuf_append(&text, table->conditional_caveats[HVD__CAVEAT_EXCLUSIONS]);
        size_t count = 0;
        cJSON_ArrayForEach(item, policy->revision->exclusions)
        {
            hvd__strbuf_printf(&text, "%s%s", count++ ? "; " : " ", item->valuestring);
        }
        hvd__strbuf_append(&text, ".");
        add_caveat(policy, &text);
    }
    /* The caveats whose text is used as it is, and when each holds. */
    const int holds[HVD__CAVEAT_COUNT_] = {
        [HVD__CAVEAT_AZURE] = policy->in_azure,
        [HVD__CAVEAT_UNIFIED] = policy->agreement == HVD_AGREEMENT_UNIFIED,
        [HVD__CAVEAT_SOFTWARE_DEFAULT] = policy->software_is_default && revision_tells_software_apart(policy->revision),
    };
    for (int condition = 0; condition < HVD__CAVEAT_COUNT_; condition++)
        if (holds[condition]) {
            hvd__strbuf text = {0};
            hvd__strbuf_append(&text, table->conditional_caveats[condition]);
            add_caveat(policy, &text);
        }
    const char *lead = table->conditional_caveats[HVD__CAVEAT_UNVERIFIED_RELATIONSHIP];
    for (size_t i = 0; i < policy->candidate_count; i++) {
        const subject *s = &policy->subjects[i];
        if (s->relationship && strcmp(s->relationship->confidence, "verified") != 0)
            caveat_relationship(policy, lead, &policy->candidates[i], s->relationship, s->relationship->confidence,
                                "in force on the date");
        if (s->ended && s->ended->until_confidence && strcmp(s->ended->until_confidence, "verified") != 0)
            caveat_relationship(policy, lead, &policy->candidates[i], s->ended, s->ended->until_confidence,
                                "its end date");
    }
}

static int today(char out[11])
{
    struct tm utc;
    return hvd__utc_now(&utc) && strftime(out, 11, "%Y-%m-%d", &utc) == 10;
}

/* In a confidential VM the host is the party the guest does not trust, and it supplies the firmware tables (SMBIOS,
 * ACPI) and answers CPUID: a tier that rests on those strings rests on the host's word. */
static void reason_confidential(hvd_policy_result *policy, const hvd_result *result)
{
    if (strcmp(hvd_result_confidential(result), "none") == 0)
        return;
    hvd__strbuf text = {0};
    hvd__strbuf_printf(&text, "This is a confidential VM (%s): the host supplies its firmware strings (SMBIOS, ACPI) "
                              "and answers CPUID, so they are untrusted input; the product and tier above rest on "
                              "them, and detection is not attestation (verify the VM with its attestation report).",
                       hvd_result_confidential(result));
    add_reason(policy, &text);
}

static int evaluate(hvd_policy_result *policy, const hvd_result *result, int revision_chosen, hvd__policy_texts texts)
{
    const hvd_vendor_db *db = policy->db;
    size_t count = hvd_result_candidate_count(result);
    policy->candidates = calloc(count + 1, sizeof(*policy->candidates));
    policy->subjects = calloc(count + 1, sizeof(*policy->subjects));
    if (!policy->candidates || !policy->subjects)
        return hvd__error(HVD_ENOMEM, "policy: out of memory");
    policy->in_azure = hvd_result_cloud(result) && strcmp(hvd_result_cloud(result), "azure") == 0;
    hvd_virtualized virtualized = hvd_result_virtualized(result);
    if (virtualized == HVD_VIRTUALIZED_NO) {
        decide_without_candidates(policy, HVD__PLATFORM_PHYSICAL, HVD__PLATFORM_PHYSICAL);
    } else if (virtualized == HVD_VIRTUALIZED_UNKNOWN) {
        decide_without_candidates(policy, HVD__PLATFORM_UNKNOWN, HVD__PLATFORM_UNKNOWN);
        policy->to_decide = to_decide_for(db, NULL);
    } else if (hvd_result_product(result) || count > 0) {
        /* The result names products of db (hvd_policy_evaluate() checked that it is the same database). */
        if (hvd_result_product(result))
            add_candidate(policy, (size_t)hvd__result_product_index(result));
        for (size_t i = 0; i < count; i++)
            add_candidate(policy, hvd__result_candidate_index(result, i));
        combine_subjects(policy);
    } else {
        /* A hypervisor nobody knows is no partner's covered product and not Microsoft's: at least "other". */
        decide_without_candidates(policy, HVD__PLATFORM_UNKNOWN, HVD__PLATFORM_OTHER);
    }
    for (int slot = 0; slot < HVD__SLOT_COUNT_; slot++)
        if (policy->tier[slot] == HVD_TIER_UNDETERMINED)
            policy->to_decide = to_decide_for(db, hvd_result_technology(result));
    /* Why the revision applies, the reasons and the caveats are most of a policy's cost and only some formats print
     * them (a fleet's lines and summary do not). */
    if (texts == HVD__POLICY_WITHOUT_TEXTS)
        return policy->out_of_memory ? HVD_ENOMEM : HVD_OK;
    revision_why(policy, revision_chosen);
    reason_revision(policy);
    reason_evidence(policy, result);
    reason_confidential(policy, result);
    reason_platform(policy, result);
    reason_relationships(policy);
    reason_software(policy);
    reason_agreement(policy);
    reason_tier(policy);
    collect_caveats(policy);
    return policy->out_of_memory ? hvd__error(HVD_ENOMEM, "policy: out of memory") : HVD_OK;
}

/* The revision names known, for an error message. */
static void list_revisions(const hvd_vendor_db *db, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < db->policy.revision_count && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "", db->policy.revisions[i].info.id);
}

/* The caller's options, whichever version of the struct it was built with. */
static int read_options(hvd_policy_options *options, const hvd_policy_options *opts)
{
    hvd_policy_options defaults = HVD_POLICY_OPTIONS_INIT;
    *options = defaults;
    if (!opts)
        return 1;
    if (opts->version == 1) {
        /* Version 1 ended with as_of: nothing after it may be read. */
        options->agreement = opts->agreement;
        memcpy(options->as_of, opts->as_of, sizeof(options->as_of));
    } else if (opts->version == HVD_POLICY_OPTIONS_VERSION) {
        *options = *opts;
    } else
        return 0;
    return (int)options->agreement >= 0 && options->agreement < HVD_AGREEMENT_COUNT_ &&
           (int)options->software >= 0 && options->software < HVD_SOFTWARE_COUNT_ &&
           memchr(options->revision, '\0', sizeof(options->revision));
}

int hvd_policy_evaluate(hvd_policy_result **out, const hvd_result *result, const hvd_vendor_db *db,
                        const hvd_policy_options *opts)
{
    return hvd__policy_evaluate(out, result, db, opts, HVD__POLICY_WITH_TEXTS);
}

int hvd__policy_evaluate(hvd_policy_result **out, const hvd_result *result, const hvd_vendor_db *db,
                         const hvd_policy_options *opts, hvd__policy_texts texts)
{
    if (!out || !result || !db)
        return hvd__error(HVD_EINVALID, "hvd_policy_evaluate: invalid argument");
    *out = NULL;
    hvd_policy_options options;
    if (!read_options(&options, opts))
        return hvd__error(HVD_EINVALID, "hvd_policy_evaluate: invalid options");
    if (hvd__result_db(result) != db)
        return hvd__error(HVD_EINVALID, "hvd_policy_evaluate: the result was identified with another database");
    const hvd__revision *chosen = NULL;
    if (options.revision[0] && !(chosen = hvd__policy_revision_by_id(&db->policy, options.revision))) {
        char known[256];
        list_revisions(db, known, sizeof(known));
        return hvd__error(HVD_EINVALID, "policy revision \"%s\" is not known (known: %s)", options.revision, known);
    }
    hvd_policy_result *policy = calloc(1, sizeof(*policy));
    if (!policy)
        return hvd__error(HVD_ENOMEM, "policy: out of memory");
    policy->db = db;
    policy->agreement = options.agreement;
    /* Not given: the Windows Server operating system, the most common case; the report says it was assumed. */
    policy->software_is_default = options.software == HVD_SOFTWARE_UNSPECIFIED;
    policy->software = policy->software_is_default ? HVD_SOFTWARE_WINDOWS_SERVER : options.software;
    if (options.as_of[0]) {
        if (!hvd__text_valid_date(options.as_of)) {
            hvd_policy_result_free(policy);
            return hvd__error(HVD_EINVALID, "\"%.10s\" is not a date (YYYY-MM-DD)", options.as_of);
        }
        memcpy(policy->as_of, options.as_of, sizeof(policy->as_of));
    } else if (!today(policy->as_of)) {
        hvd_policy_result_free(policy);
        return hvd__error(HVD_ERROR, "policy: cannot read today's date");
    }
    policy->revision = chosen ? chosen : hvd__policy_revision_on(&db->policy, policy->as_of);
    policy->partner_list_version = partner_list_on(db, policy->as_of);
    int rc = evaluate(policy, result, chosen != NULL, texts);
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
    for (size_t i = 0; i < policy->caveat_count; i++)
        free(policy->caveats[i]);
    free(policy->caveats);
    free(policy->revision_why);
    free(policy->candidates);
    free(policy->subjects);
    free(policy);
}

/* ---- accessors ---- */

hvd_tier hvd_policy_tier_for(const hvd_policy_result *policy, hvd_agreement agreement)
{
    if (!policy || (int)agreement < 0 || agreement >= HVD_AGREEMENT_COUNT_)
        return HVD_TIER_UNDETERMINED;
    int slot = agreement_slot[agreement];
    if (slot >= 0)
        return policy->tier[slot];
    hvd_tier tier = policy->tier[0];
    for (slot = 1; slot < HVD__SLOT_COUNT_; slot++)
        tier = lower(policy->db, tier, policy->tier[slot]);
    return tier;
}

hvd_tier hvd_policy_tier(const hvd_policy_result *policy)
{
    return policy ? hvd_policy_tier_for(policy, policy->agreement) : HVD_TIER_UNDETERMINED;
}

hvd_tier hvd_policy_floor(const hvd_policy_result *policy)
{
    if (!policy)
        return HVD_TIER_UNDETERMINED;
    int slot = agreement_slot[policy->agreement];
    if (slot >= 0)
        return policy->floor[slot];
    hvd_tier floor = policy->floor[0];
    for (slot = 1; slot < HVD__SLOT_COUNT_; slot++)
        floor = lower(policy->db, floor, policy->floor[slot]);
    return floor;
}

hvd_agreement hvd_policy_agreement(const hvd_policy_result *policy)
{
    return policy ? policy->agreement : HVD_AGREEMENT_UNKNOWN;
}

hvd_software hvd_policy_software(const hvd_policy_result *policy)
{
    return policy ? policy->software : HVD_SOFTWARE_UNSPECIFIED;
}

int hvd_policy_software_is_default(const hvd_policy_result *policy)
{
    return policy ? policy->software_is_default : 1;
}

int hvd_policy_get_revision(hvd_policy_revision_info *out, const hvd_policy_result *policy)
{
    if (!out || !policy)
        return hvd__error(HVD_EINVALID, "hvd_policy_get_revision: invalid argument");
    return fill_revision(out, policy->revision);
}

const char *hvd_policy_revision_why(const hvd_policy_result *policy)
{
    return policy ? policy->revision_why : NULL;
}

const char *hvd_policy_tier_defined_by(const hvd_policy_result *policy, hvd_tier tier)
{
    if (!policy || (int)tier < 0 || tier >= HVD_TIER_COUNT_)
        return NULL;
    return policy->db->policy.tiers[tier].defined_by;
}

size_t hvd_policy_exclusion_count(const hvd_policy_result *policy)
{
    return policy ? (size_t)cJSON_GetArraySize(policy->revision->exclusions) : 0;
}

int hvd_policy_exclusions_apply(const hvd_policy_result *policy)
{
    return policy ? exclusions_apply(policy) : 0;
}

const char *hvd_policy_exclusion(const hvd_policy_result *policy, size_t index)
{
    if (!policy || index >= hvd_policy_exclusion_count(policy))
        return NULL;
    return cJSON_GetArrayItem(policy->revision->exclusions, (int)index)->valuestring;
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
    return policy ? policy->caveat_count : 0;
}

const char *hvd_policy_caveat(const hvd_policy_result *policy, size_t index)
{
    return policy && index < policy->caveat_count ? policy->caveats[index] : NULL;
}

int hvd_policy_get_sources(hvd_policy_sources *out, const hvd_policy_result *policy)
{
    if (!out || !policy)
        return hvd__error(HVD_EINVALID, "hvd_policy_get_sources: invalid argument");
    int rc = hvd__check_struct_version(out->version, HVD_POLICY_SOURCES_VERSION, "hvd_policy_sources");
    if (rc != HVD_OK)
        return rc;
    unsigned int version = out->version; /* version 1 is every field so far */
    *out = policy->db->policy.sources;
    out->version = version;
    out->revision = policy->revision->info.id;
    out->revision_date = policy->revision->info.date;
    out->partner_list_version = policy->partner_list_version;
    return HVD_OK;
}
