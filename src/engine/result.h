/* SPDX-License-Identifier: MIT */
#ifndef HVD_ENGINE_RESULT_H
#define HVD_ENGINE_RESULT_H

#include "db/vendordb.h"
#include "hvdetect/detect.h"
#include "util/arena.h"

enum { HVD__LAYERS_MAX = 4 };

/* A finding as the caller sees it, with its signature's strength kept as the number it is (0 for a reason), by
 * which findings are ordered. */
typedef struct hvd__finding {
    hvd_finding shown;
    hvd__strength strength;
} hvd__finding;

struct hvd_result {
    const hvd_vendor_db *db;
    hvd_virtualized virtualized;
    hvd_role role;
    hvd_confidence confidence;
    int concealed;
    long technology;          /* index into db->technologies, or -1 */
    long product;             /* index into db->products, or -1 */
    size_t *candidates;       /* indices into db->products */
    size_t candidate_count;
    const char *vendor;       /* borrowed from db */
    const char *cloud;
    char guest_type[8];       /* "pv", "hvm", "pvh" or "" */
    const char *basis;        /* the step of the decision that gave the answer (identify.c) */
    long cvm_kind;            /* index into db->confidential.kinds, or -1: not a confidential VM */
    hvd_confidence cvm_confidence;
    int paravisor;
    hvd_layer layers[HVD__LAYERS_MAX];
    size_t layer_count;
    const char **containers;  /* borrowed from db */
    const char **container_systemd_ids;
    size_t container_count;
    int containers_known;     /* every container source was read (identify.c): the containers found are all there are */
    hvd__finding *findings;
    size_t finding_count;
    size_t finding_capacity;
    hvd__arena strings;       /* copies owned by the result: finding values and texts */
    int without_findings;     /* identified for a caller that prints no findings: none is added */
    int out_of_memory;
};

/* The database the result was identified with (which it borrows its strings from), for the policy and the reports
 * that name it; they read the rest of the result through the public accessors, but for the products below. */
const hvd_vendor_db *hvd__result_db(const hvd_result *result);

/* The product the result names, as an index into its database's products (-1 for none), and its candidate number i:
 * the policy evaluates them against the same database without looking their ids up again. */
long hvd__result_product_index(const hvd_result *result);
size_t hvd__result_candidate_index(const hvd_result *result, size_t i);

/* Adds a finding of a signature of that strength (0 for a reason, which has none); the strings of source, key, value
 * and text are copied. Nothing is added to a result identified without findings. */
void hvd__result_add_finding(hvd_result *result, hvd_finding_kind kind, const char *signature,
                             const char *points_to, hvd__strength strength, const char *source, const char *key,
                             const char *value, const char *text);

#endif
