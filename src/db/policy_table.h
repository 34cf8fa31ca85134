/* SPDX-License-Identifier: MIT */
#ifndef HVD_DB_POLICY_TABLE_H
#define HVD_DB_POLICY_TABLE_H

#include <cjson/cJSON.h>

#include "hvdetect/policy.h"
#include "util/json_check.h"

/* The policy as data (vendors/policy.json): tiers, the revisions of KB 897615 with their decision tables and words,
 * partner-list versions, caveats. Strings are borrowed from the parsed document the vendor database keeps. */

/* What the platform is, as a revision's decision table sees it. */
typedef enum hvd__platform_class {
    HVD__PLATFORM_PHYSICAL,
    HVD__PLATFORM_MICROSOFT,
    HVD__PLATFORM_VALIDATED, /* an SVVP relationship covers the product on the date (and the revision counts SVVP) */
    HVD__PLATFORM_PARTNER,   /* a joint-support relationship covers it, and no SVVP one */
    HVD__PLATFORM_OTHER,
    HVD__PLATFORM_UNKNOWN,
    HVD__PLATFORM_COUNT_
} hvd__platform_class;

/* The agreements a revision tells apart: Unified is evaluated as Premier-level, unknown as the lowest of the three. */
typedef enum hvd__agreement_slot {
    HVD__SLOT_PREMIER,
    HVD__SLOT_STANDARD,
    HVD__SLOT_NONE,
    HVD__SLOT_COUNT_
} hvd__agreement_slot;

/* The conditions under which a caveat of "conditional_caveats" applies; policy.c decides each. */
typedef enum hvd__caveat_condition {
    HVD__CAVEAT_EXCLUSIONS,              /* a tier with SVVP exclusions is reached, and the revision has some */
    HVD__CAVEAT_AZURE,                   /* the machine is in Azure */
    HVD__CAVEAT_UNIFIED,                 /* the agreement given is Unified */
    HVD__CAVEAT_SOFTWARE_DEFAULT,        /* --software was not given */
    HVD__CAVEAT_UNVERIFIED_RELATIONSHIP, /* a relationship used is inferred or unverified */
    HVD__CAVEAT_COUNT_
} hvd__caveat_condition;

typedef struct hvd__tier_text {
    int rank;               /* more support is higher; undetermined is 0 */
    const char *defined_by; /* a revision id, or NULL for hvdetect's own tiers */
    int exclusions_apply;   /* joint support under SVVP: the revision's exclusions apply */
    const char *meaning;
    const char *what_to_do;
} hvd__tier_text;

typedef struct hvd__quote {
    const char *id;
    const char *text;
    const char *translation; /* English, when the text is not */
    const char *confidence;
    const char *source;      /* when not the revision's own text */
    int paraphrase;          /* the words are a summary, not a quotation */
} hvd__quote;

typedef struct hvd__decision {
    hvd_tier tier;    /* HVD_TIER_COUNT_ where no rule applies */
    int quote;        /* index into the revision's quotes, or -1 */
    const char *note;
} hvd__decision;

typedef struct hvd__revision {
    hvd_policy_revision_info info;
    int counts_joint_support;
    int counts_svvp;
    hvd__quote *quotes;
    size_t quote_count;
    const cJSON *exclusions; /* array of strings */
    hvd__decision decision[HVD__PLATFORM_COUNT_][HVD__SLOT_COUNT_][HVD_SOFTWARE_COUNT_];
} hvd__revision;

typedef struct hvd__partner_list_version {
    const char *name;
    const char *since;
    const char *confidence;
} hvd__partner_list_version;

typedef struct hvd__to_decide {
    const char *technology; /* "*" for any */
    const char *text;
} hvd__to_decide;

typedef struct hvd__policy_table {
    int loaded;
    hvd_policy_sources sources; /* revision and partner_list_version unset: they depend on the date */
    const cJSON *own_vendors;   /* array of vendor ids */
    hvd__tier_text tiers[HVD_TIER_COUNT_];
    hvd__revision *revisions;   /* oldest first */
    size_t revision_count;
    hvd__partner_list_version *partner_lists;
    size_t partner_list_count;
    hvd__to_decide *to_decide;
    size_t to_decide_count;
    const cJSON *caveats;       /* those that always apply */
    const char *conditional_caveats[HVD__CAVEAT_COUNT_];
} hvd__policy_table;

/* Reads policy.json into table, reporting problems through check; checks that every revision decides every
 * platform class for every agreement and software. */
void hvd__policy_table_parse(hvd__policy_table *table, const cJSON *root, hvd__checker *check);
/* Checks after every file is read (a database without policy.json is incomplete). */
void hvd__policy_table_check_loaded(const hvd__policy_table *table, hvd__checker *check);
void hvd__policy_table_free(hvd__policy_table *table);

/* The revision with that id, or NULL. */
const hvd__revision *hvd__policy_revision_by_id(const hvd__policy_table *table, const char *id);
/* The revision in force on date: the latest whose in_force_from is not after it, else the earliest. */
const hvd__revision *hvd__policy_revision_on(const hvd__policy_table *table, const char *date);

#endif
