/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hvdetect/evidence.h"
#include "evidence/evidence_internal.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/text.h"

typedef struct meta_entry {
    char *name;
    char *value;
} meta_entry;

struct hvd_evidence {
    hvd_observation *items;
    size_t count;
    size_t capacity;
    meta_entry *meta;
    size_t meta_count;
    hvd__arena strings; /* every observation's strings, sanitised */
};

static const char *store(hvd_evidence *evidence, const char *bytes, size_t length)
{
    /* Most details and every value of what was not read are empty: one shared "" instead of a copy each. */
    return length == 0 ? "" : hvd__arena_sanitized(&evidence->strings, bytes, length);
}

/* Observations come source by source, so the previous one's stored source is nearly always this one (sanitising
 * is idempotent: a stored name equal to the given one is its sanitised form). */
static const char *store_source(hvd_evidence *evidence, const char *source)
{
    if (evidence->count > 0 && strcmp(evidence->items[evidence->count - 1].source, source) == 0)
        return evidence->items[evidence->count - 1].source;
    return store(evidence, source, strlen(source));
}

static const char *const status_names[HVD_STATUS_COUNT_] = {
    [HVD_STATUS_OK] = "ok",
    [HVD_STATUS_ABSENT] = "absent",
    [HVD_STATUS_DENIED] = "denied",
    [HVD_STATUS_ERROR] = "error",
    [HVD_STATUS_UNAVAILABLE] = "unavailable",
};

const char *hvd_status_name(hvd_status status)
{
    if ((int)status < 0 || status >= HVD_STATUS_COUNT_)
        return NULL;
    return status_names[status];
}

int hvd_status_from_name(const char *name)
{
    for (int i = 0; name && i < HVD_STATUS_COUNT_; i++)
        if (strcmp(status_names[i], name) == 0)
            return i;
    return -1;
}

int hvd_evidence_new(hvd_evidence **out)
{
    if (!out)
        return hvd__error(HVD_EINVALID, "hvd_evidence_new: out is NULL");
    *out = calloc(1, sizeof(**out));
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "evidence: out of memory");
}

void hvd_evidence_free(hvd_evidence *evidence)
{
    if (!evidence)
        return;
    hvd__arena_free(&evidence->strings);
    for (size_t i = 0; i < evidence->meta_count; i++) {
        free(evidence->meta[i].name);
        free(evidence->meta[i].value);
    }
    free(evidence->items);
    free(evidence->meta);
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

int hvd__evidence_add_bytes(hvd_evidence *evidence, const char *source, const char *key, const char *value,
                            size_t value_length, hvd_status status, const char *detail)
{
    if (!evidence || !source || !key || (int)status < 0 || status >= HVD_STATUS_COUNT_)
        return hvd__error(HVD_EINVALID, "hvd_evidence_add: invalid argument");
    if (evidence->count == evidence->capacity) {
        size_t grown = evidence->capacity ? evidence->capacity * 2 : 64;
        hvd_observation *bigger = realloc(evidence->items, grown * sizeof(*bigger));
        if (!bigger)
            return hvd__error(HVD_ENOMEM, "evidence: out of memory");
        evidence->items = bigger;
        evidence->capacity = grown;
    }
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
    evidence->items[evidence->count++] = item;
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

const hvd_observation *hvd_evidence_find(const hvd_evidence *evidence, const char *source, const char *key)
{
    if (!evidence || !source || !key)
        return NULL;
    for (size_t i = 0; i < evidence->count; i++)
        if (strcmp(evidence->items[i].source, source) == 0 && strcmp(evidence->items[i].key, key) == 0)
            return &evidence->items[i];
    return NULL;
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
    for (size_t i = 0; i < evidence->meta_count; i++)
        if (strcmp(evidence->meta[i].name, name_copy) == 0) {
            free(name_copy);
            free(evidence->meta[i].value);
            evidence->meta[i].value = copy;
            return HVD_OK;
        }
    meta_entry *bigger = realloc(evidence->meta, (evidence->meta_count + 1) * sizeof(*bigger));
    if (!bigger) {
        free(name_copy);
        free(copy);
        return hvd__error(HVD_ENOMEM, "evidence: out of memory");
    }
    evidence->meta = bigger;
    evidence->meta[evidence->meta_count].name = name_copy;
    evidence->meta[evidence->meta_count].value = copy;
    evidence->meta_count++;
    return HVD_OK;
}

const char *hvd_evidence_meta(const hvd_evidence *evidence, const char *name)
{
    for (size_t i = 0; evidence && name && i < evidence->meta_count; i++)
        if (strcmp(evidence->meta[i].name, name) == 0)
            return evidence->meta[i].value;
    return NULL;
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
