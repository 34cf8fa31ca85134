/* SPDX-License-Identifier: MIT */
#include "db/signature_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db/vendordb.h"
#include "util/error.h"

static size_t key_hash(int source, hvd__filing filing, const char *key, size_t length)
{
    uint64_t hash = 14695981039346656037u ^ (unsigned)source ^ ((unsigned)filing << 8); /* FNV-1a */
    for (size_t i = 0; i < length; i++)
        hash = (hash ^ (unsigned char)key[i]) * 1099511628211u;
    return (size_t)hash;
}

/* The slot holding (source, filing, key), or the empty slot where it would go. */
static hvd__signature_slot *slot_for(const hvd__signature_index *index, int source, hvd__filing filing,
                                     const char *key, size_t length)
{
    size_t mask = index->slot_count - 1;
    for (size_t i = key_hash(source, filing, key, length) & mask;; i = (i + 1) & mask) {
        hvd__signature_slot *slot = &index->slots[i];
        if (!slot->key || (slot->source == source && slot->filing == filing && slot->key_length == length &&
                           memcmp(slot->key, key, length) == 0))
            return slot;
    }
}

size_t hvd__signature_key_suffix(const char *key, size_t key_length)
{
    for (size_t i = key_length; i > 0; i--)
        if (key[i - 1] == '.')
            return i - 1;
    return key_length;
}

/* Whether the signature is filed under a key, or a last part ("*.oem_id": a suffix starting with its only '.'), that
 * a fact's key can be looked up by; and which. */
static int filed_by_key(const hvd__signature *signature, hvd__filing *filing)
{
    if (signature->condition_count == 0)
        return 0;
    const hvd__condition *first = &signature->conditions[0];
    *filing = first->key_match == HVD__KEY_EXACT ? HVD__FILED_BY_KEY : HVD__FILED_BY_LAST_PART;
    return first->key_match == HVD__KEY_EXACT ||
           (first->key_match == HVD__KEY_SUFFIX && first->key_length > 1 &&
            hvd__signature_key_suffix(first->key, first->key_length) == 0);
}

/* Two passes over the signatures: the first counts each key's signatures, the second files them, so that each
 * key's members are contiguous and in database order (the order hits are reported in). */
int hvd__signature_index_build(hvd_vendor_db *db)
{
    hvd__signature_index *index = &db->signature_index;
    hvd__signature_index_free(index);
    size_t count = db->signature_count;
    index->slot_count = 16;
    while (index->slot_count < 2 * count)
        index->slot_count *= 2;
    index->slots = calloc(index->slot_count, sizeof(*index->slots));
    index->members = malloc((count + 1) * sizeof(*index->members));
    index->scanned = malloc((count + 1) * sizeof(*index->scanned));
    if (!index->slots || !index->members || !index->scanned) {
        hvd__signature_index_free(index);
        return hvd__error(HVD_ENOMEM, "vendor database: out of memory");
    }
    hvd__filing filing;
    for (size_t i = 0; i < count; i++) {
        if (!filed_by_key(&db->signatures[i], &filing))
            continue;
        const hvd__condition *first = &db->signatures[i].conditions[0];
        hvd__signature_slot *slot = slot_for(index, first->source_index, filing, first->key, first->key_length);
        if (!slot->key)
            *slot = (hvd__signature_slot){first->key, first->key_length, first->source_index, filing, 0, 0};
        slot->count++;
        index->lengths[first->source_index][filing] |= (uint64_t)1 << (first->key_length % 64);
    }
    size_t next = 0;
    for (size_t s = 0; s < index->slot_count; s++) {
        index->slots[s].first = next;
        next += index->slots[s].count;
        index->slots[s].count = 0;
    }
    for (size_t i = 0; i < count; i++) {
        if (!filed_by_key(&db->signatures[i], &filing)) {
            index->scanned[index->scanned_count++] = i;
            continue;
        }
        const hvd__condition *first = &db->signatures[i].conditions[0];
        hvd__signature_slot *slot = slot_for(index, first->source_index, filing, first->key, first->key_length);
        index->members[slot->first + slot->count++] = i;
    }
    return HVD_OK;
}

const size_t *hvd__signature_index_find(const hvd__signature_index *index, int source, hvd__filing filing,
                                        const char *key, size_t key_length, size_t *count)
{
    *count = 0;
    if (source < 0 || source >= HVD__SOURCE_COUNT_ || !(index->lengths[source][filing] >> (key_length % 64) & 1))
        return NULL;
    const hvd__signature_slot *slot = slot_for(index, source, filing, key, key_length);
    *count = slot->key ? slot->count : 0;
    return slot->key ? &index->members[slot->first] : NULL;
}

void hvd__signature_index_free(hvd__signature_index *index)
{
    free(index->slots);
    free(index->members);
    free(index->scanned);
    memset(index, 0, sizeof(*index));
}
