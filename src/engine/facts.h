/* SPDX-License-Identifier: MIT */
#ifndef HVD_ENGINE_FACTS_H
#define HVD_ENGINE_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "db/vendordb.h"
#include "evidence/keys.h"
#include "hvdetect/evidence.h"

/* The evidence in the shape the signatures are written against: only what was read, with two derived views.
 *  - "dmi" holds each DMI field once: the sysfs file when it could be read, else the raw SMBIOS table's field
 *    (so root and unprivileged runs match the same signatures, and replayed tables match like sysfs);
 *  - "cpuid_signature" holds one fact per hypervisor base found, keyed by the base.
 * Every string is borrowed from the evidence set. */

typedef struct hvd__fact {
    hvd__source source;
    const char *key;
    size_t key_length;     /* for cpuid_signature, the base's ten characters only */
    const char *value;
    size_t value_length;   /* lengths measured once: every signature compares against them */
    const hvd_observation *observation;
} hvd__fact;

typedef struct hvd__facts {
    hvd__fact *items;  /* grouped by source, in evidence order within a source */
    size_t count;
    size_t begin[HVD__SOURCE_COUNT_ + 1]; /* the facts of source s are items[begin[s]] .. items[begin[s + 1] - 1] */
    /* Per source, a bit for the key of each fact (from its length and its first and last characters): a condition on
     * one key whose bit is clear names no fact of the source, which need not be scanned. */
    uint64_t keys_seen[HVD__SOURCE_COUNT_][4];
    /* What could be read at all, for telling "not virtual" from "cannot tell". */
    int cpuid_read;          /* CPUID leaves were read (live or from a dump) */
    int hypervisor_bit;      /* -1 unknown, 0 clear, 1 set (CPUID, else the cpuinfo flag) */
    int firmware_read;       /* DMI, SMBIOS, ACPI or PCI evidence was read */
    const char *dmi_vendor;  /* sys_vendor, for reasons */
    size_t cpuid_base_count;
} hvd__facts;

int hvd__facts_build(hvd__facts *facts, const hvd_evidence *evidence);
void hvd__facts_free(hvd__facts *facts);

/* Whether fact satisfies the condition's key and comparison (its source is the caller's to check; "not" is not
 * applied); and its comparison alone, for a caller that found the condition by the fact's key. */
int hvd__fact_satisfies(const hvd__fact *fact, const hvd__condition *condition);
int hvd__fact_value_satisfies(const hvd__fact *fact, const hvd__condition *condition);

/* 0 when the fact's value is too short for the comparison, or, for an exact one, not as long as the condition's
 * value, or, for an exact or prefix one that heeds case, starts with another character: the cheap test that spares
 * most comparisons a call; 1 when it may satisfy it. */
static inline int hvd__fact_value_fits(const hvd__fact *fact, const hvd__condition *condition)
{
    switch (condition->op) {
    case HVD__OP_EXACT:
    case HVD__OP_PREFIX:
        /* and, compared case by case, the same first character */
        if (condition->value_length > 0 && !condition->nocase && fact->value[0] != condition->value[0])
            return 0;
        return condition->op == HVD__OP_EXACT ? fact->value_length == condition->value_length
                                              : fact->value_length >= condition->value_length;
    case HVD__OP_SUFFIX:
    case HVD__OP_CONTAINS:
        return fact->value_length >= condition->value_length;
    case HVD__OP_LINE: /* a pattern's length is not the line's */
    case HVD__OP_EXISTS:
    case HVD__OP_BIT:
    case HVD__OP_BITCLEAR:
    case HVD__OP_COUNT_:
        break;
    }
    return 1;
}

/* The first fact that satisfies the condition, or NULL. */
const hvd__fact *hvd__facts_match(const hvd__facts *facts, const hvd__condition *condition);

/* The value of the first fact with that key of the vocabulary (one without a variable part), or NULL. */
const char *hvd__facts_value(const hvd__facts *facts, hvd__key_id id);

#endif
