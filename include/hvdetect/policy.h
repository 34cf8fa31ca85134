/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_POLICY_H
#define HVDETECT_POLICY_H

/**
 * @file hvdetect/policy.h
 * @brief What an identified platform means under Microsoft's support policy for its software on non-Microsoft
 * hardware virtualization (KB 897615, revision 3.0) and its partner list (KB 944987), for a given support agreement
 * and date. The decision table and the partner relationships are data in vendors/ (policy.json and each vendor's
 * "relationships"); evaluation is pure computation on the engine's result.
 */

#include "hvdetect/common.h"
#include "hvdetect/detect.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Support tiers. */
typedef enum hvd_tier {
    HVD_TIER_NOT_VIRTUALIZED = 0,          /**< physical hardware or a hypervisor host: the policy does not apply */
    HVD_TIER_MICROSOFT,                    /**< Microsoft's own virtualization: outside this policy */
    HVD_TIER_JOINT_SUPPORT,                /**< a partner's covered product: Microsoft works with the vendor */
    HVD_TIER_COMMERCIALLY_REASONABLE_EFFORTS, /**< Premier customer, vendor without a relationship */
    HVD_TIER_REPRODUCE_INDEPENDENTLY,      /**< no Premier agreement, vendor without a relationship */
    HVD_TIER_UNDETERMINED,                 /**< the product cannot be pinned: depends on the candidate */
    HVD_TIER_COUNT_
} hvd_tier;

/** The customer's support agreement. */
typedef enum hvd_agreement {
    HVD_AGREEMENT_UNKNOWN = 0, /**< report the tier that holds whatever the agreement */
    HVD_AGREEMENT_PREMIER,     /**< a Premier-level agreement */
    HVD_AGREEMENT_STANDARD,    /**< no Premier-level agreement */
    HVD_AGREEMENT_COUNT_
} hvd_agreement;

/** Lowercase ids ("joint-support", "premier", ...), NULL when out of range; and the reverse (-1 when unknown). */
HVD_EXTERN(const char *) hvd_tier_name(hvd_tier tier);
HVD_EXTERN(int) hvd_tier_from_name(const char *name);
HVD_EXTERN(const char *) hvd_agreement_name(hvd_agreement agreement);
HVD_EXTERN(int) hvd_agreement_from_name(const char *name);

#define HVD_POLICY_OPTIONS_VERSION 1

/** Options for hvd_policy_evaluate(). Initialise with HVD_POLICY_OPTIONS_INIT. */
typedef struct hvd_policy_options {
    unsigned int version;    /**< HVD_POLICY_OPTIONS_VERSION */
    hvd_agreement agreement; /**< default HVD_AGREEMENT_UNKNOWN */
    /** "YYYY-MM-DD": evaluate the partner list as it stood then; "" means today (UTC). */
    char as_of[11];
} hvd_policy_options;

#define HVD_POLICY_OPTIONS_INIT { HVD_POLICY_OPTIONS_VERSION, HVD_AGREEMENT_UNKNOWN, "" }

/**
 * Sets opts->as_of from a date given as text; HVD_EINVALID (and opts unchanged) unless it is "YYYY-MM-DD".
 */
HVD_EXTERN(int) hvd_policy_options_set_date(hvd_policy_options *opts, const char *date);

/**
 * Reads "key = value" lines from a configuration file into opts: "agreement" (premier, standard, unknown) and
 * "as_of" (YYYY-MM-DD); "#" starts a comment. Keys it does not set keep their value. On HVD_EBADINPUT,
 * hvd_error_last() names the file, the line and the problem.
 */
HVD_EXTERN(int) hvd_policy_options_read_config(hvd_policy_options *opts, const char *path);

/** The policy's answer for one platform. Opaque. */
typedef struct hvd_policy_result hvd_policy_result;

/**
 * Maps an identification to a tier. *out is owned by the caller (hvd_policy_result_free()); it borrows strings from
 * db, which must outlive it, and keeps no pointer into result. opts may be NULL (unknown agreement, today).
 */
HVD_EXTERN(int) hvd_policy_evaluate(hvd_policy_result **out, const hvd_result *result, const hvd_vendor_db *db,
                                    const hvd_policy_options *opts);

/** Frees a policy result. NULL is allowed. */
HVD_EXTERN(void) hvd_policy_result_free(hvd_policy_result *policy);

/**
 * The tier: for a known agreement, that agreement's tier; for an unknown one, the tier that holds whatever the
 * agreement (the lower of the two). HVD_TIER_UNDETERMINED when the product cannot be pinned and the candidates'
 * tiers differ.
 */
HVD_EXTERN(hvd_tier) hvd_policy_tier(const hvd_policy_result *policy);
/** The tier with and without a Premier-level agreement. */
HVD_EXTERN(hvd_tier) hvd_policy_tier_for(const hvd_policy_result *policy, hvd_agreement agreement);
/**
 * When the tier is undetermined, the tier every candidate gets at least (for the evaluated agreement, or the lower
 * of both when it is unknown); HVD_TIER_UNDETERMINED when even that cannot be said.
 */
HVD_EXTERN(hvd_tier) hvd_policy_floor(const hvd_policy_result *policy);
HVD_EXTERN(hvd_agreement) hvd_policy_agreement(const hvd_policy_result *policy);
/** The date evaluated ("YYYY-MM-DD"). Borrowed. */
HVD_EXTERN(const char *) hvd_policy_as_of(const hvd_policy_result *policy);

/** What the tier means and what to do, in words. Borrowed from the database. */
HVD_EXTERN(const char *) hvd_policy_meaning(const hvd_policy_result *policy);
HVD_EXTERN(const char *) hvd_policy_what_to_do(const hvd_policy_result *policy);
/** When undetermined: what to find out to decide (borrowed); otherwise NULL. */
HVD_EXTERN(const char *) hvd_policy_to_decide(const hvd_policy_result *policy);

/** A support relationship as the database records it. Strings are borrowed; unset ones are NULL. */
typedef struct hvd_relationship_info {
    const char *vendor;      /**< vendor id */
    const char *vendor_name; /**< the vendor's name on the evaluated date */
    const char *kind;        /**< "joint-support" or "svvp" */
    const char *since;
    const char *until;
    const char *confidence;  /**< "verified", "inferred", "unverified" */
    const char *source;
} hvd_relationship_info;

/** One product the platform may be, with its tiers. Strings are borrowed. */
typedef struct hvd_policy_candidate {
    const char *product;      /**< product id */
    const char *product_name;
    const char *vendor;
    const char *vendor_name;  /**< on the evaluated date */
    hvd_tier if_premier;
    hvd_tier if_standard;
    int has_relationship;     /**< 1 when relationship is filled */
    hvd_relationship_info relationship;
} hvd_policy_candidate;

/** The products evaluated: the identified product alone, or every candidate. */
HVD_EXTERN(size_t) hvd_policy_candidate_count(const hvd_policy_result *policy);
HVD_EXTERN(const hvd_policy_candidate *) hvd_policy_candidate_at(const hvd_policy_result *policy, size_t index);

/** The reasoning, one step per string: evidence, platform, relationship, agreement, tier. Borrowed. */
HVD_EXTERN(size_t) hvd_policy_reason_count(const hvd_policy_result *policy);
HVD_EXTERN(const char *) hvd_policy_reason(const hvd_policy_result *policy, size_t index);

/** The policy's caveats, in the project's words. Borrowed from the database. */
HVD_EXTERN(size_t) hvd_policy_caveat_count(const hvd_policy_result *policy);
HVD_EXTERN(const char *) hvd_policy_caveat(const hvd_policy_result *policy, size_t index);

/** Where the answer comes from. Strings are borrowed from the database. */
typedef struct hvd_policy_sources {
    const char *article;              /**< "KB 897615" */
    const char *title;
    const char *revision;             /**< "3.0" */
    const char *revision_date;        /**< "2007-11-10" */
    const char *partner_list;         /**< "KB 944987" */
    const char *partner_list_version; /**< the version in force on the evaluated date, or NULL before the first */
    const char *source;
} hvd_policy_sources;

HVD_EXTERN(void) hvd_policy_get_sources(const hvd_policy_result *policy, hvd_policy_sources *sources);

#ifdef __cplusplus
}
#endif

#endif
