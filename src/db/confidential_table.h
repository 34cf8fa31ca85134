/* SPDX-License-Identifier: MIT */
#ifndef HVD_DB_CONFIDENTIAL_TABLE_H
#define HVD_DB_CONFIDENTIAL_TABLE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "util/json_check.h"

/* vendors/confidential.json in memory: the kinds of confidential VM and the signatures that show each. Strings are
 * borrowed from the parsed document the database keeps. */

struct hvd__condition;

typedef struct hvd__cvm_kind {
    const char *id;         /* "sev-snp", "hyperv-snp", ... */
    const char *name;       /* "AMD SEV-SNP" */
    const char *systemd_id; /* what systemd-detect-virt --cvm prints, NULL when it reports none */
} hvd__cvm_kind;

typedef struct hvd__cvm_signature {
    const char *id;
    size_t kind;            /* index into kinds */
    struct hvd__condition *conditions;
    size_t condition_count;
    int strength;           /* an hvd__strength */
    int paravisor;          /* the evidence shows a paravisor inside the VM */
    const char *why;
} hvd__cvm_signature;

typedef struct hvd__cvm_table {
    hvd__cvm_kind *kinds;
    size_t kind_count;
    hvd__cvm_signature *signatures; /* in file order: the first that matches decides */
    size_t signature_count;
    hvd__cvm_signature *host_signatures; /* a machine that hosts confidential guests (kind and strength unused) */
    size_t host_signature_count;
} hvd__cvm_table;

/* Parses confidential.json's root object into table, reporting problems through check. */
void hvd__cvm_table_parse(hvd__cvm_table *table, const cJSON *root, hvd__checker *check);
void hvd__cvm_table_free(hvd__cvm_table *table);

#endif
