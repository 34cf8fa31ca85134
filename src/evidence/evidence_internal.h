/* SPDX-License-Identifier: MIT */
#ifndef HVD_EVIDENCE_INTERNAL_H
#define HVD_EVIDENCE_INTERNAL_H

#include <stddef.h>

#include "hvdetect/evidence.h"

/* At most this many collection facts (hvd_evidence_set_meta): a collection records about ten; thousands are a
 * hostile bundle, refused before they cost time or memory. */
enum { HVD__EVIDENCE_META_MAX = 256 };

/* hvd_evidence_add for a value that may hold NUL bytes (a firmware string read from a file): all value_length bytes
 * are kept, NULs written as "\x00" like any other byte that is not printable. */
int hvd__evidence_add_bytes(hvd_evidence *evidence, const char *source, const char *key, const char *value,
                            size_t value_length, hvd_status status, const char *detail);

/* What the caller of hvd__evidence_add_borrowed knows of its strings: nothing, so that each is checked in full; or
 * that they are printable ASCII (as every string of a JSON text of printable ASCII without a backslash is), which is
 * its own sanitised form unless it ends in a space. */
typedef enum hvd__borrowed_text { HVD__TEXT_UNCHECKED, HVD__TEXT_PRINTABLE_ASCII } hvd__borrowed_text;

/* hvd_evidence_add for strings that outlive the evidence set (or its next hvd__evidence_clear): those already in
 * sanitised form, as a saved bundle holds them, are kept as pointers instead of copied; the others are copied
 * sanitised. Its arguments are the caller's to check (source and key not NULL, status in range). */
int hvd__evidence_add_borrowed(hvd_evidence *evidence, hvd__borrowed_text known, const char *source, const char *key,
                               const char *value, hvd_status status, const char *detail);

/* The lengths of an observation's key and value, measured once when it is added: the engine compares every
 * signature against them. */
typedef struct hvd__observation_lengths {
    size_t key;
    size_t value;
} hvd__observation_lengths;

/* The observations of a set (hvd_evidence_count() of them), in order, and in *lengths their lengths. */
const hvd_observation *hvd__evidence_items(const hvd_evidence *evidence, const hvd__observation_lengths **lengths);

/* hvd_evidence_set_meta for strings that outlive the evidence set (or its next hvd__evidence_clear), as
 * hvd__evidence_add_borrowed: kept as pointers when they are their own sanitised form, else copied sanitised. */
int hvd__evidence_set_meta_borrowed(hvd_evidence *evidence, const char *name, const char *value);

/* Empties an evidence set (observations and collection facts), keeping its memory for the next bundle. */
void hvd__evidence_clear(hvd_evidence *evidence);

#endif
