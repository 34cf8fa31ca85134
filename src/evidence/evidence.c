/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hvdetect/evidence.h"
#include "evidence/evidence_internal.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/names.h"
#include "util/text.h"

typedef struct meta_entry {
    const char *name;
    const char *value;
    char *name_copy;  /* the copy name points at, owned by the entry; NULL where name is borrowed */
    char *value_copy; /* likewise for value */
} meta_entry;

struct hvd_evidence {
    hvd_observation *items;
    hvd__observation_lengths *lengths; /* of each item's key and value */
    size_t count;
    size_t capacity;
    meta_entry *meta;
    size_t meta_count;
    size_t meta_capacity;
    size_t *meta_slots;     /* open-addressed hash of meta names: index + 1 into meta, 0 for an empty slot */
    size_t meta_slot_count; /* a power of two, at least twice meta_count */
    hvd__arena strings; /* every observation's strings, sanitised */
};

static const char *store(hvd_evidence *evidence, const char *bytes, size_t length)
{
    /* Most details and every value of what was not read are empty: one shared "" instead of a copy each. */
    return length == 0 ? "" : hvd__arena_sanitized(&evidence->strings, bytes, length);
}

static int is_own_sanitized_form(const char *text, size_t length, hvd__borrowed_text known)
{
    /* Of printable ASCII, sanitising drops trailing spaces only. */
    return known == HVD__TEXT_PRINTABLE_ASCII ? length == 0 || text[length - 1] != ' '
                                              : hvd__text_is_sanitized(text, length);
}

/* A string that outlives the evidence set (hvd__evidence_add_borrowed): kept as it is when it is its own sanitised
 * form, as every string of a saved bundle is, else copied sanitised like any other. The length of what is kept goes
 * to *kept_length, unless it is NULL. */
static const char *borrow(hvd_evidence *evidence, const char *text, hvd__borrowed_text known, size_t *kept_length)
{
    size_t length = strlen(text);
    const char *kept = is_own_sanitized_form(text, length, known) ? text : store(evidence, text, length);
    if (kept_length)
        *kept_length = kept == text ? length : kept ? strlen(kept) : 0;
    return kept;
}

/* Observations come source by source, so the previous one's stored source is nearly always this one (sanitising
 * is idempotent: a stored name equal to the given one is its sanitised form); a bundle's observations of one source
 * even share its name's string. */
static const char *previous_source(const hvd_evidence *evidence, const char *source)
{
    const char *previous = evidence->count > 0 ? evidence->items[evidence->count - 1].source : NULL;
    return previous && (previous == source || strcmp(previous, source) == 0) ? previous : NULL;
}

static const char *store_source(hvd_evidence *evidence, const char *source)
{
    const char *previous = previous_source(evidence, source);
    return previous ? previous : store(evidence, source, strlen(source));
}

static const char *borrow_source(hvd_evidence *evidence, const char *source, hvd__borrowed_text known)
{
    const char *previous = previous_source(evidence, source);
    return previous ? previous : borrow(evidence, source, known, NULL);
}

static const char *const status_names[HVD_STATUS_COUNT_] = {
    [HVD_STATUS_OK] = "ok",
    [HVD_STATUS_ABSENT] = "absent",
    [HVD_STATUS_DENIED] = "denied",
    [HVD_STATUS_ERROR] = "error",
    [HVD_STATUS_UNAVAILABLE] = "unavailable",
};

HVD__NAME_LOOKUPS(hvd_status, hvd_status, status_names, HVD_STATUS_COUNT_)

int hvd_evidence_new(hvd_evidence **out)
{
    if (!out)
        return hvd__error(HVD_EINVALID, "hvd_evidence_new: out is NULL");
    *out = calloc(1, sizeof(**out));
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "evidence: out of memory");
}

void hvd__evidence_clear(hvd_evidence *evidence)
{
    hvd__arena_free(&evidence->strings);
    for (size_t i = 0; i < evidence->meta_count; i++) {
        free(evidence->meta[i].name_copy);
        free(evidence->meta[i].value_copy);
    }
    evidence->count = 0;
    evidence->meta_count = 0;
    if (evidence->meta_slots)
        memset(evidence->meta_slots, 0, evidence->meta_slot_count * sizeof(*evidence->meta_slots));
}

void hvd_evidence_free(hvd_evidence *evidence)
{
    if (!evidence)
        return;
    hvd__evidence_clear(evidence);
    free(evidence->items);
    free(evidence->lengths);
    free(evidence->meta);
    free(evidence->meta_slots);
    free(evidence);
}

static char *sanitized_copy(const char *text)
{
    return hvd__text_sanitize(text ? text : "", text ? strlen(text) : 0);
}

int hvd_evidence_add(hvd_evidence *evidence, const char *source, const char *key, const char *value,
                     hvd_status status, const char *detail)
{
    return hvd__evidence_add_bytes(evidence, source, key, value, value ? strlen(value) : 0, status, detail);
}

/* Room for one more observation; the items grow geometrically. */
static int reserve_item(hvd_evidence *evidence)
{
    if (evidence->count == evidence->capacity) {
        size_t grown = evidence->capacity ? evidence->capacity * 2 : 64;
        hvd_observation *bigger = realloc(evidence->items, grown * sizeof(*bigger));
        if (bigger)
            evidence->items = bigger;
        hvd__observation_lengths *longer = bigger ? realloc(evidence->lengths, grown * sizeof(*longer)) : NULL;
        if (!longer)
            return hvd__error(HVD_ENOMEM, "evidence: out of memory");
        evidence->lengths = longer;
        evidence->capacity = grown;
    }
    return HVD_OK;
}

/* Appends item, whose key and value are key_length and value_length long. */
static void append_item(hvd_evidence *evidence, const hvd_observation *item, size_t key_length, size_t value_length)
{
    evidence->lengths[evidence->count] = (hvd__observation_lengths){key_length, value_length};
    evidence->items[evidence->count++] = *item;
}

int hvd__evidence_add_bytes(hvd_evidence *evidence, const char *source, const char *key, const char *value,
                            size_t value_length, hvd_status status, const char *detail)
{
    if (!evidence || !source || !key || (int)status < 0 || status >= HVD_STATUS_COUNT_)
        return hvd__error(HVD_EINVALID, "hvd_evidence_add: invalid argument");
    if (reserve_item(evidence) != HVD_OK)
        return HVD_ENOMEM;
    int has_value = status == HVD_STATUS_OK && value;
    hvd_observation item = {
        .source = store_source(evidence, source),
        .key = store(evidence, key, strlen(key)),
        .value = store(evidence, has_value ? value : "", has_value ? value_length : 0),
        .status = status,
        .detail = store(evidence, detail ? detail : "", detail ? strlen(detail) : 0),
    };
    if (!item.source || !item.key || !item.value || !item.detail)
        return hvd__error(HVD_ENOMEM, "evidence: out of memory");
    append_item(evidence, &item, strlen(item.key), strlen(item.value));
    return HVD_OK;
}

int hvd__evidence_add_borrowed(hvd_evidence *evidence, hvd__borrowed_text known, const char *source, const char *key,
                               const char *value, hvd_status status, const char *detail)
{
    if (reserve_item(evidence) != HVD_OK)
        return HVD_ENOMEM;
    size_t key_length = 0, value_length = 0;
    hvd_observation item = {
        .source = borrow_source(evidence, source, known),
        .key = borrow(evidence, key, known, &key_length),
        .value = status == HVD_STATUS_OK && value ? borrow(evidence, value, known, &value_length) : "",
        .status = status,
        .detail = detail ? borrow(evidence, detail, known, NULL) : "",
    };
    if (!item.source || !item.key || !item.value || !item.detail)
        return hvd__error(HVD_ENOMEM, "evidence: out of memory");
    append_item(evidence, &item, key_length, value_length);
    return HVD_OK;
}

size_t hvd_evidence_count(const hvd_evidence *evidence)
{
    return evidence ? evidence->count : 0;
}

const hvd_observation *hvd_evidence_at(const hvd_evidence *evidence, size_t index)
{
    if (!evidence || index >= evidence->count)
        return NULL;
    return &evidence->items[index];
}

const hvd_observation *hvd__evidence_items(const hvd_evidence *evidence, const hvd__observation_lengths **lengths)
{
    *lengths = evidence->lengths;
    return evidence->items;
}

const hvd_observation *hvd_evidence_find(const hvd_evidence *evidence, const char *source, const char *key)
{
    if (!evidence || !source || !key)
        return NULL;
    for (size_t i = 0; i < evidence->count; i++)
        if (strcmp(evidence->items[i].source, source) == 0 && strcmp(evidence->items[i].key, key) == 0)
            return &evidence->items[i];
    return NULL;
}

/* Collection facts are found by name through a hash of their names, so that a bundle's "collection" object
 * costs time in proportion to its size rather than its square (besides the HVD__EVIDENCE_META_MAX cap). */
static size_t name_hash(const char *name)
{
    uint64_t hash = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        hash = (hash ^ *p) * 1099511628211u;
    return (size_t)hash;
}

/* The slot holding name, or the empty slot where it would go. */
static size_t *meta_slot(const hvd_evidence *evidence, const char *name)
{
    size_t mask = evidence->meta_slot_count - 1;
    for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask) {
        size_t *slot = &evidence->meta_slots[i];
        if (*slot == 0 || strcmp(evidence->meta[*slot - 1].name, name) == 0)
            return slot;
    }
}

/* Room for one more fact: the entries grow geometrically and the hash stays at most half full. */
static int meta_reserve(hvd_evidence *evidence)
{
    if (evidence->meta_count == evidence->meta_capacity) {
        size_t capacity = evidence->meta_capacity ? evidence->meta_capacity * 2 : 16;
        meta_entry *bigger = realloc(evidence->meta, capacity * sizeof(*bigger));
        if (!bigger)
            return hvd__error(HVD_ENOMEM, "evidence: out of memory");
        evidence->meta = bigger;
        evidence->meta_capacity = capacity;
    }
    if (2 * (evidence->meta_count + 1) <= evidence->meta_slot_count)
        return HVD_OK;
    size_t slot_count = evidence->meta_slot_count ? evidence->meta_slot_count * 2 : 32;
    size_t *slots = calloc(slot_count, sizeof(*slots));
    if (!slots)
        return hvd__error(HVD_ENOMEM, "evidence: out of memory");
    free(evidence->meta_slots);
    evidence->meta_slots = slots;
    evidence->meta_slot_count = slot_count;
    for (size_t i = 0; i < evidence->meta_count; i++)
        *meta_slot(evidence, evidence->meta[i].name) = i + 1;
    return HVD_OK;
}

/* Sets the fact name (sanitised) to value (sanitised): each is the entry's own copy when one is given (the entry takes
 * it, whatever the outcome), else borrowed. given is the name as the caller gave it, for the message. */
static int put_meta(hvd_evidence *evidence, const char *given, const char *name, char *name_copy, const char *value,
                    char *value_copy)
{
    if (meta_reserve(evidence) != HVD_OK) {
        free(name_copy);
        free(value_copy);
        return hvd__error(HVD_ENOMEM, "evidence: out of memory");
    }
    size_t *slot = meta_slot(evidence, name);
    if (*slot) {
        meta_entry *entry = &evidence->meta[*slot - 1];
        free(name_copy);
        free(entry->value_copy);
        entry->value = value;
        entry->value_copy = value_copy;
        return HVD_OK;
    }
    if (evidence->meta_count >= HVD__EVIDENCE_META_MAX) {
        free(name_copy);
        free(value_copy);
        return hvd__error(HVD_EINVALID, "more than %d collection facts; refusing \"%.64s\"", HVD__EVIDENCE_META_MAX,
                          given);
    }
    evidence->meta[evidence->meta_count++] = (meta_entry){name, value, name_copy, value_copy};
    *slot = evidence->meta_count;
    return HVD_OK;
}

int hvd_evidence_set_meta(hvd_evidence *evidence, const char *name, const char *value)
{
    if (!evidence || !name || !value)
        return hvd__error(HVD_EINVALID, "hvd_evidence_set_meta: invalid argument");
    /* Names are compared as stored (sanitised), so that "os" and "os " are one fact, as they are once written. */
    char *name_copy = sanitized_copy(name);
    char *copy = sanitized_copy(value);
    if (!name_copy || !copy) {
        free(name_copy);
        free(copy);
        return hvd__error(HVD_ENOMEM, "evidence: out of memory");
    }
    return put_meta(evidence, name, name_copy, name_copy, copy, copy);
}

int hvd__evidence_set_meta_borrowed(hvd_evidence *evidence, const char *name, const char *value)
{
    if (!hvd__text_is_sanitized(name, strlen(name)) || !hvd__text_is_sanitized(value, strlen(value)))
        return hvd_evidence_set_meta(evidence, name, value);
    return put_meta(evidence, name, name, NULL, value, NULL);
}

const char *hvd_evidence_meta(const hvd_evidence *evidence, const char *name)
{
    if (!evidence || !name || evidence->meta_count == 0)
        return NULL;
    const size_t *slot = meta_slot(evidence, name);
    return *slot ? evidence->meta[*slot - 1].value : NULL;
}

size_t hvd_evidence_meta_count(const hvd_evidence *evidence)
{
    return evidence ? evidence->meta_count : 0;
}

const char *hvd_evidence_meta_name(const hvd_evidence *evidence, size_t index)
{
    return evidence && index < evidence->meta_count ? evidence->meta[index].name : NULL;
}

const char *hvd_evidence_meta_value(const hvd_evidence *evidence, size_t index)
{
    return evidence && index < evidence->meta_count ? evidence->meta[index].value : NULL;
}
