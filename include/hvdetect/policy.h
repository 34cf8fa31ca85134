/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_POLICY_H
#define HVDETECT_POLICY_H

/**
 * @file hvdetect/policy.h
 * @brief What an identified platform means under Microsoft's support policy for its software on non-Microsoft
 * hardware virtualization (KB 897615, every known revision) and its partner list (KB 944987), for a given support
 * agreement, software and date. The revisions, their decision tables and the partner relationships are data in
 * vendors/ (policy.json and each vendor's "relationships"); evaluation is pure computation on the engine's result.
 */

#include "hvdetect/common.h"
#include "hvdetect/detect.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Support tiers. The values and their ids are stable: a tier a later revision of KB 897615 introduced is added at the
 * end. hvd_policy_tier_defined_by() names the revision that defined each one.
 */
typedef enum hvd_tier {
    HVD_TIER_NOT_VIRTUALIZED = 0,          /**< physical hardware or a hypervisor host: the policy does not apply */
    HVD_TIER_MICROSOFT,                    /**< Microsoft's own virtualization: outside this policy */
    HVD_TIER_JOINT_SUPPORT,                /**< a partner's covered product: Microsoft works with the vendor (3.0) */
    HVD_TIER_COMMERCIALLY_REASONABLE_EFFORTS, /**< Premier-level, vendor without a relationship (2.3, 3.0) */
    HVD_TIER_REPRODUCE_INDEPENDENTLY,      /**< no Premier-level agreement, vendor without a relationship (2.3, 3.0) */
    HVD_TIER_UNDETERMINED,                 /**< the product cannot be pinned: depends on the candidate */
    HVD_TIER_NOT_SUPPORTED,                /**< no paragraph applies: "does not test or support" (2008 onwards) */
    HVD_TIER_INVESTIGATE,                  /**< Premier-level, vendor without a relationship: "will investigate" */
    HVD_TIER_JOINT_SUPPORT_WINDOWS_SERVER, /**< relationship or SVVP: the Windows Server OS, with an agreement (2020) */
    HVD_TIER_LISTED_SERVER_SOFTWARE,       /**< SVVP-validated product: the server software KB 957006 lists (2020) */
    HVD_TIER_COUNT_
} hvd_tier;

/**
 * The customer's support agreement. The values are stable; later ones are added at the end. Unified Support is
 * treated as Premier-level: Microsoft replaced Premier with it from 2017, but the policy text still says
 * "Premier-level", so the mapping is an inference and reports say so.
 */
typedef enum hvd_agreement {
    HVD_AGREEMENT_UNKNOWN = 0, /**< report the tier that holds whatever the agreement */
    HVD_AGREEMENT_PREMIER,     /**< a Premier-level agreement */
    HVD_AGREEMENT_STANDARD,    /**< a support agreement that is not Premier-level */
    HVD_AGREEMENT_UNIFIED,     /**< Microsoft Unified Support: evaluated as Premier-level (an inference) */
    HVD_AGREEMENT_NONE,        /**< no support agreement at all */
    HVD_AGREEMENT_COUNT_
} hvd_agreement;

/**
 * What Microsoft software the question is about. The later texts of KB 897615 extend joint support to the Windows
 * Server operating system only; other server software follows KB 957006. Earlier texts treat all software alike.
 */
typedef enum hvd_software {
    HVD_SOFTWARE_UNSPECIFIED = 0,    /**< not given: evaluated as windows-server (the most common case), said so */
    HVD_SOFTWARE_WINDOWS_SERVER,     /**< the Windows Server operating system */
    HVD_SOFTWARE_SERVER_APP,         /**< other Microsoft server software (SQL Server, Exchange, ...): KB 957006 */
    HVD_SOFTWARE_OTHER,              /**< any other Microsoft software */
    HVD_SOFTWARE_COUNT_
} hvd_software;

/** Lowercase ids ("joint-support", "premier", "server-app", ...): static strings, NULL when out of range; and the
 * reverse (-1 when unknown). */
HVD_EXTERN(const char *) hvd_tier_name(hvd_tier tier);
HVD_EXTERN(int) hvd_tier_from_name(const char *name);
HVD_EXTERN(const char *) hvd_agreement_name(hvd_agreement agreement);
HVD_EXTERN(int) hvd_agreement_from_name(const char *name);
HVD_EXTERN(const char *) hvd_software_name(hvd_software software);
HVD_EXTERN(int) hvd_software_from_name(const char *name);

#define HVD_POLICY_OPTIONS_VERSION 2

/** Options for hvd_policy_evaluate(). Initialise with HVD_POLICY_OPTIONS_INIT. Fields after as_of came with
 * version 2; a version 1 struct is still accepted (software and revision then keep their defaults). */
typedef struct hvd_policy_options {
    unsigned int version;    /**< HVD_POLICY_OPTIONS_VERSION */
    hvd_agreement agreement; /**< default HVD_AGREEMENT_UNKNOWN */
    /** "YYYY-MM-DD": apply the revision and the partner list as they stood then; "" means today (UTC). */
    char as_of[11];
    hvd_software software;   /**< default HVD_SOFTWARE_UNSPECIFIED */
    /** A revision id ("2.3", "3.0", "2008", "2020") to apply whatever the date; "" means the one in force. */
    char revision[16];
} hvd_policy_options;

#define HVD_POLICY_OPTIONS_INIT { HVD_POLICY_OPTIONS_VERSION, HVD_AGREEMENT_UNKNOWN, "", HVD_SOFTWARE_UNSPECIFIED, "" }

/**
 * Initialises opts to the defaults of the given version (1 or HVD_POLICY_OPTIONS_VERSION), as
 * hvd_collect_options_init() does for the collect options. HVD_EINVALID for NULL or a version this library does not
 * know.
 */
HVD_EXTERN(int) hvd_policy_options_init(hvd_policy_options *opts, unsigned int version);

/**
 * Sets opts->as_of from a date given as text; HVD_EINVALID (and opts unchanged) unless it is "YYYY-MM-DD".
 */
HVD_EXTERN(int) hvd_policy_options_set_date(hvd_policy_options *opts, const char *date);

/**
 * Sets opts->revision; HVD_EINVALID (and opts unchanged) when id is empty or too long. Whether the database has
 * that revision is checked by hvd_policy_evaluate(), which fails with HVD_EINVALID and names the known ones.
 */
HVD_EXTERN(int) hvd_policy_options_set_revision(hvd_policy_options *opts, const char *id);

/**
 * Reads "key = value" lines from a configuration file into opts: "agreement" (premier, unified, standard, none,
 * unknown), "as_of" (YYYY-MM-DD), "software" (windows-server, server-app, other) and "policy_revision" (an id);
 * "#" starts a comment. Keys it does not set keep their value. On HVD_EBADINPUT, hvd_error_last() names the file,
 * the line and the problem.
 */
HVD_EXTERN(int) hvd_policy_options_read_config(hvd_policy_options *opts, const char *path);

#define HVD_POLICY_REVISION_INFO_VERSION 1

/**
 * One revision of KB 897615 as the database records it, filled in by hvd_vendor_db_policy_revision() and
 * hvd_policy_get_revision(). The caller owns the struct and sets its version (HVD_POLICY_REVISION_INFO_INIT): a later
 * library fills only the fields that version has. The strings are borrowed from the database (valid until
 * hvd_vendor_db_free()); unset ones are NULL.
 */
typedef struct hvd_policy_revision_info {
    unsigned int version;      /**< HVD_POLICY_REVISION_INFO_VERSION */
    const char *id;            /**< "2.3", "3.0", "2008", "2020" */
    const char *name;          /**< "KB 897615 revision 3.0" */
    const char *date;          /**< the revision's own date ("Last Review", or the first ms.date) */
    const char *dates;         /**< every date the same text carries, or NULL */
    const char *in_force_from; /**< from when hvdetect applies it */
    const char *in_force_until;/**< when the next known revision replaces it; NULL for the latest */
    const char *in_force_note; /**< how sure those dates are, and why */
    const char *confidence;    /**< "verified", "secondary", "inferred", "unverified" */
    const char *baseline;      /**< where Microsoft may ask for a reproduction */
    const char *source;
} hvd_policy_revision_info;

#define HVD_POLICY_REVISION_INFO_INIT \
    { HVD_POLICY_REVISION_INFO_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/** The number of revisions the database knows. */
HVD_EXTERN(size_t) hvd_vendor_db_policy_revision_count(const hvd_vendor_db *db);
/**
 * Fills *out with the revision at index, oldest first. HVD_ENOTFOUND when out of range; HVD_EINVALID for a NULL
 * argument or an unknown out->version (*out is then unchanged).
 */
HVD_EXTERN(int) hvd_vendor_db_policy_revision(hvd_policy_revision_info *out, const hvd_vendor_db *db, size_t index);

/** The policy's answer for one platform. Opaque. */
typedef struct hvd_policy_result hvd_policy_result;

/**
 * Maps an identification to a tier. *out (NULL on failure) is owned by the caller: hvd_policy_result_free(). It
 * borrows strings from db, which must outlive it, and keeps no pointer into result. opts may be NULL (unknown
 * agreement, today). Every string and struct an hvd_policy_* accessor returns is borrowed from the policy result
 * or from db: valid until hvd_policy_result_free().
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
/** The tier for an agreement (unified as premier; unknown: the lowest of all). */
HVD_EXTERN(hvd_tier) hvd_policy_tier_for(const hvd_policy_result *policy, hvd_agreement agreement);
/**
 * When the tier is undetermined, the tier every candidate gets at least (for the evaluated agreement, or the lower
 * of both when it is unknown); HVD_TIER_UNDETERMINED when even that cannot be said.
 */
HVD_EXTERN(hvd_tier) hvd_policy_floor(const hvd_policy_result *policy);
HVD_EXTERN(hvd_agreement) hvd_policy_agreement(const hvd_policy_result *policy);
/** The software evaluated (never unspecified: then windows-server), and whether it was assumed (1) or given (0). */
HVD_EXTERN(hvd_software) hvd_policy_software(const hvd_policy_result *policy);
HVD_EXTERN(int) hvd_policy_software_is_default(const hvd_policy_result *policy);

/** Fills *out with the revision applied; HVD_EINVALID for a NULL argument or an unknown out->version. */
HVD_EXTERN(int) hvd_policy_get_revision(hvd_policy_revision_info *out, const hvd_policy_result *policy);
/** In words, why that revision was applied. Borrowed: valid until hvd_policy_result_free(). */
HVD_EXTERN(const char *) hvd_policy_revision_why(const hvd_policy_result *policy);
/**
 * The id of the revision that defined a tier ("2.3", "3.0", ...), or NULL for hvdetect's own tiers
 * (not-virtualized, microsoft, undetermined). Borrowed: valid until hvd_policy_result_free().
 */
HVD_EXTERN(const char *) hvd_policy_tier_defined_by(const hvd_policy_result *policy, hvd_tier tier);

/** What the applied revision leaves to the SVVP vendor (memory over-commitment, ...); none before 2020. */
HVD_EXTERN(size_t) hvd_policy_exclusion_count(const hvd_policy_result *policy);
/** 1 when the exclusions apply to this answer: joint support under SVVP is its tier, or a candidate's. */
HVD_EXTERN(int) hvd_policy_exclusions_apply(const hvd_policy_result *policy);
/** The exclusion at index, or NULL when out of range. Borrowed: valid until hvd_policy_result_free(). */
HVD_EXTERN(const char *) hvd_policy_exclusion(const hvd_policy_result *policy, size_t index);
/** The date evaluated ("YYYY-MM-DD"). Borrowed: valid until hvd_policy_result_free(). */
HVD_EXTERN(const char *) hvd_policy_as_of(const hvd_policy_result *policy);

/** What the tier means and what to do, in words. Borrowed: valid until hvd_policy_result_free(). */
HVD_EXTERN(const char *) hvd_policy_meaning(const hvd_policy_result *policy);
HVD_EXTERN(const char *) hvd_policy_what_to_do(const hvd_policy_result *policy);
/** When undetermined: what to find out to decide (borrowed: valid until hvd_policy_result_free()); otherwise NULL. */
HVD_EXTERN(const char *) hvd_policy_to_decide(const hvd_policy_result *policy);

/** A support relationship as the database records it, owned by the policy result that shows it. Strings are
 * borrowed, valid until hvd_policy_result_free(); unset ones are NULL. Fields are only added at the end. */
typedef struct hvd_relationship_info {
    const char *vendor;      /**< vendor id */
    const char *vendor_name; /**< the vendor's name on the evaluated date */
    const char *kind;        /**< "joint-support" or "svvp" */
    const char *since;
    const char *until;
    const char *confidence;  /**< "verified", "inferred", "unverified" */
    const char *source;
} hvd_relationship_info;

/** One product the platform may be, with its tiers, owned by the policy result. Strings are borrowed, valid until
 * hvd_policy_result_free(). Fields are only added at the end. */
typedef struct hvd_policy_candidate {
    const char *product;      /**< product id */
    const char *product_name;
    const char *vendor;
    const char *vendor_name;  /**< on the evaluated date */
    hvd_tier if_premier;      /**< with a Premier-level agreement (Unified included) */
    hvd_tier if_standard;     /**< with a support agreement that is not Premier-level */
    hvd_tier if_none;         /**< with no support agreement */
    /** The relationship that covers the product on the date, or NULL when none does. */
    const hvd_relationship_info *relationship;
} hvd_policy_candidate;

/** The products evaluated: the identified product alone, or every candidate. */
HVD_EXTERN(size_t) hvd_policy_candidate_count(const hvd_policy_result *policy);
/** The candidate at index, or NULL when out of range. Borrowed: valid until hvd_policy_result_free(). */
HVD_EXTERN(const hvd_policy_candidate *) hvd_policy_candidate_at(const hvd_policy_result *policy, size_t index);

/** The reasoning, one step per string: revision, evidence, platform, relationship, software, agreement, tier (with
 * the revision's own words). Each is borrowed: valid until hvd_policy_result_free(); NULL when out of range. */
HVD_EXTERN(size_t) hvd_policy_reason_count(const hvd_policy_result *policy);
HVD_EXTERN(const char *) hvd_policy_reason(const hvd_policy_result *policy, size_t index);

/** The caveats that apply to this answer: the revision's, the SVVP exclusions when joint support under SVVP is a
 * tier, Azure's per-product exceptions, the inference behind Unified, and unverified relationship facts. Each is
 * borrowed: valid until hvd_policy_result_free(); NULL when out of range. */
HVD_EXTERN(size_t) hvd_policy_caveat_count(const hvd_policy_result *policy);
HVD_EXTERN(const char *) hvd_policy_caveat(const hvd_policy_result *policy, size_t index);

#define HVD_POLICY_SOURCES_VERSION 1

/**
 * Where the answer comes from, filled in by hvd_policy_get_sources(). The caller owns the struct and sets its version
 * (HVD_POLICY_SOURCES_INIT): a later library fills only the fields that version has. The strings are borrowed from
 * the database and the policy result: valid until hvd_policy_result_free().
 */
typedef struct hvd_policy_sources {
    unsigned int version;             /**< HVD_POLICY_SOURCES_VERSION */
    const char *article;              /**< "KB 897615" */
    const char *title;
    const char *revision;             /**< the revision applied: "3.0" */
    const char *revision_date;        /**< its date: "2007-11-10" */
    const char *partner_list;         /**< "KB 944987" */
    const char *partner_list_version; /**< the version in force on the evaluated date, or NULL before the first */
    const char *source;
} hvd_policy_sources;

#define HVD_POLICY_SOURCES_INIT { HVD_POLICY_SOURCES_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/** Fills *out; HVD_EINVALID for a NULL argument or an unknown out->version (*out is then unchanged). */
HVD_EXTERN(int) hvd_policy_get_sources(hvd_policy_sources *out, const hvd_policy_result *policy);

#ifdef __cplusplus
}
#endif

#endif
