/* SPDX-License-Identifier: MIT */
#ifndef HVD_POLICY_EVALUATE_H
#define HVD_POLICY_EVALUATE_H

#include "hvdetect/policy.h"

/* Whether an evaluation writes its texts (hvd_policy_revision_why, hvd_policy_reason, hvd_policy_caveat): the tier,
 * the candidates, the revision, the partner list and what to decide are there either way. */
typedef enum hvd__policy_texts {
    HVD__POLICY_WITH_TEXTS,
    HVD__POLICY_WITHOUT_TEXTS /* for callers that print none of them: a result then has no revision_why (NULL), no
                               * reasons and no caveats */
} hvd__policy_texts;

/* hvd_policy_evaluate, with or without the texts. */
int hvd__policy_evaluate(hvd_policy_result **out, const hvd_result *result, const hvd_vendor_db *db,
                         const hvd_policy_options *opts, hvd__policy_texts texts);

#endif
