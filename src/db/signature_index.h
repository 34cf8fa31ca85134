/* SPDX-License-Identifier: MIT */
#ifndef HVD_DB_SIGNATURE_INDEX_H
#define HVD_DB_SIGNATURE_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "evidence/keys.h"

/* The signatures of a database by what their first condition reads, built once when the database is loaded, so
 * that matching an evidence set looks at the signatures its facts can satisfy instead of scanning every signature's
 * source for every condition. A signature whose first condition names one key of a source ("dmi" "sys_vendor") is
 * filed under that (source, key); one that names the keys ending in a last part ("acpi" "*.oem_id") under that
 * part (source, ".oem_id"), where a fact is looked up by its key's last part too (hvd__signature_key_suffix); one
 * whose first condition names keys by any other pattern ("oem_string.*", "*") is in the list every evidence set
 * scans. */

typedef struct hvd_vendor_db hvd_vendor_db;

/* How a signature is filed: under its first condition's whole key, or under the last part its keys end in. The two
 * are kept apart, so that a signature found either way names the fact's key. */
typedef enum hvd__filing { HVD__FILED_BY_KEY, HVD__FILED_BY_LAST_PART } hvd__filing;

typedef struct hvd__signature_slot {
    const char *key; /* NULL for an empty slot; borrowed from the condition */
    size_t key_length;
    int source;      /* hvd__source of evidence/keys.h */
    hvd__filing filing;
    size_t first;    /* the signatures are members[first] .. members[first + count - 1], in database order */
    size_t count;
} hvd__signature_slot;

typedef struct hvd__signature_index {
    hvd__signature_slot *slots; /* open addressing; a power of two, at least twice the number of keys */
    size_t slot_count;
    size_t *members;            /* indices into db->signatures */
    size_t *scanned;            /* signatures filed under no single key, in database order */
    size_t scanned_count;
    /* Per source and filing, bit (length % 64) is set when a key of that length is filed: most facts' keys are of
     * a length nothing is filed under, and are passed over without hashing them. */
    uint64_t lengths[HVD__SOURCE_COUNT_][2];
} hvd__signature_index;

/* Builds db->signature_index from db->signatures; called once, after a database is loaded (from JSON or built in).
 * HVD_OK or HVD_ENOMEM. */
int hvd__signature_index_build(hvd_vendor_db *db);

/* The signatures filed under source and key[0..key_length) the given way, in database order: *count of them, or
 * NULL. */
const size_t *hvd__signature_index_find(const hvd__signature_index *index, int source, hvd__filing filing,
                                        const char *key, size_t key_length, size_t *count);

/* The offset in key[0..key_length) of its last part (".oem_id" of "FACP.oem_id"), under which signatures on keys
 * ending in it are filed; key_length when it has no '.'. */
size_t hvd__signature_key_suffix(const char *key, size_t key_length);

void hvd__signature_index_free(hvd__signature_index *index);

#endif
