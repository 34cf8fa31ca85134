/* SPDX-License-Identifier: MIT */
#ifndef HVD_POLICY_TABLE_H
#define HVD_POLICY_TABLE_H

#include <cjson/cJSON.h>

#include "hvdetect/policy.h"
#include "util/json_check.h"

/* The policy as data (vendors/policy.json): tiers, the decision table, partner-list versions, caveats. Strings are
 * borrowed from the parsed document the vendor database keeps. */

/* What the platform is, as the decision table sees it. */
typedef enum hvd__platform_class {
    HVD__PLATFORM_PHYSICAL,
    HVD__PLATFORM_MICROSOFT,
    HVD__PLATFORM_PARTNER,
    HVD__PLATFORM_OTHER,
    HVD__PLATFORM_UNKNOWN,
    HVD__PLATFORM_COUNT_
} hvd__platform_class;

typedef struct hvd__tier_text {
    int rank;               /* more support is higher; undetermined is 0 */
    const char *meaning;
    const char *what_to_do;
} hvd__tier_text;

typedef struct hvd__partner_list_version {
    const char *name;
    const char *since;
} hvd__partner_list_version;

typedef struct hvd__to_decide {
    const char *technology; /* "*" for any */
    const char *text;
} hvd__to_decide;

typedef struct hvd__policy_table {
    int loaded;
    hvd_policy_sources sources; /* partner_list_version unset: it depends on the date */
    const cJSON *own_vendors;   /* array of vendor ids */
    const cJSON *relationship_kinds;
    hvd__tier_text tiers[HVD_TIER_COUNT_];
    /* decision[class][agreement - 1]: the tier for premier and standard; HVD_TIER_COUNT_ where no rule applies */
    hvd_tier decision[HVD__PLATFORM_COUNT_][2];
    hvd__partner_list_version *partner_lists;
    size_t partner_list_count;
    hvd__to_decide *to_decide;
    size_t to_decide_count;
    const cJSON *caveats;
} hvd__policy_table;

/* Reads policy.json into table, reporting problems through check; checks that the table decides every platform
 * class for both agreements. */
void hvd__policy_table_parse(hvd__policy_table *table, const cJSON *root, hvd__checker *check);
/* Checks after every file is read (a database without policy.json is incomplete). */
void hvd__policy_table_check_loaded(const hvd__policy_table *table, hvd__checker *check);
void hvd__policy_table_free(hvd__policy_table *table);

#endif
