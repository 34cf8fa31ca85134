/* SPDX-License-Identifier: MIT */
#ifndef HVD_ENGINE_IDENTIFY_H
#define HVD_ENGINE_IDENTIFY_H

#include "hvdetect/detect.h"

/* Whether identification writes its findings (hvd_result_finding: the signatures that matched, sorted into
 * supporting, contradicting and explained, and the reasons): the answer, the candidates, the layers, the containers
 * and the confidential VM are there either way. */
typedef enum hvd__findings {
    HVD__WITH_FINDINGS,
    HVD__WITHOUT_FINDINGS /* for callers that print none of them (a fleet's lines and summary): no findings */
} hvd__findings;

/* hvd_identify, with or without the findings. */
int hvd__identify(hvd_result **out, const hvd_evidence *evidence, const hvd_vendor_db *db, hvd__findings findings);

#endif
