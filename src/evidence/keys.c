/* SPDX-License-Identifier: MIT */
#include "evidence/keys.h"

#include <stdio.h>
#include <string.h>

#include "util/text.h"

const char *const hvd__source_names[HVD__SOURCE_OTHER + 1] = {
    [HVD__SOURCE_CPUID] = "cpuid",         [HVD__SOURCE_CPUID_SIGNATURE] = "cpuid_signature",
    [HVD__SOURCE_DMI] = "dmi",             [HVD__SOURCE_SMBIOS] = "smbios",
    [HVD__SOURCE_PCI] = "pci",             [HVD__SOURCE_ACPI] = "acpi",
    [HVD__SOURCE_NET] = "net",             [HVD__SOURCE_PLATFORM] = "platform",
    [HVD__SOURCE_CONTAINER] = "container", [HVD__SOURCE_WINDOWS] = "windows",
    [HVD__SOURCE_HOST] = "host",           [HVD__SOURCE_OTHER] = NULL,
};

hvd__source hvd__source_index(const char *name)
{
    for (int i = 0; name && i < HVD__SOURCE_OTHER; i++)
        if (strcmp(hvd__source_names[i], name) == 0)
            return (hvd__source)i;
    return HVD__SOURCE_OTHER;
}

const hvd__key_def hvd__keys[HVD__K_COUNT_] = {
#define HVD__KEY_ROW(id, source, pattern, probe, systems, kind, meaning)                                              \
    [HVD__K_##id] = {HVD__SOURCE_##source, pattern, probe, systems, kind, meaning},
    HVD__EVIDENCE_KEYS(HVD__KEY_ROW)
#undef HVD__KEY_ROW
};

const char *hvd__key_source(hvd__key_id id)
{
    return hvd__source_names[hvd__keys[id].source];
}

const char *hvd__key(hvd__key_id id)
{
    return hvd__keys[id].pattern;
}

const char *hvd__key_format(hvd__key_id id, const char *part, char *buffer, size_t size)
{
    const char *pattern = hvd__keys[id].pattern;
    const char *star = strchr(pattern, '*');
    if (!star)
        snprintf(buffer, size, "%s", pattern);
    else
        snprintf(buffer, size, "%.*s%s%s", (int)(star - pattern), pattern, part ? part : "", star + 1);
    return buffer;
}

/* Whether key fits pattern: the text around the pattern's '*' matches ("LPAR *Name" fits "LPAR Name" too). */
static int fits(const char *pattern, const char *key)
{
    const char *star = strchr(pattern, '*');
    if (!star)
        return strcmp(pattern, key) == 0;
    size_t head = (size_t)(star - pattern), tail = strlen(star + 1), length = strlen(key);
    return length >= head + tail && strncmp(key, pattern, head) == 0 && strcmp(key + length - tail, star + 1) == 0;
}

/* How specific a pattern is: the number of fixed characters, an exact key above every pattern. */
static size_t specificity(const char *pattern)
{
    return strchr(pattern, '*') ? strlen(pattern) - 1 : (size_t)-1;
}

static const hvd__key_def *lookup_in(hvd__source source, const char *key)
{
    const hvd__key_def *best = NULL;
    for (size_t i = 0; key && i < HVD__K_COUNT_; i++) {
        const hvd__key_def *def = &hvd__keys[i];
        if (def->source == source && fits(def->pattern, key) &&
            (!best || specificity(def->pattern) > specificity(best->pattern)))
            best = def;
    }
    return best;
}

const hvd__key_def *hvd__key_lookup(hvd__source source, const char *key)
{
    const hvd__key_def *def = lookup_in(source, key);
    return def || source != HVD__SOURCE_SMBIOS ? def : lookup_in(HVD__SOURCE_DMI, key);
}

/* Whether some key fitting pattern starts with prefix (or ends with suffix): the fixed text before (after) the
 * pattern's '*' and the condition's text agree as far as both go. */
static int pattern_allows_prefix(const char *pattern, const char *prefix)
{
    const char *star = strchr(pattern, '*');
    size_t head = star ? (size_t)(star - pattern) : strlen(pattern), length = strlen(prefix);
    if (!star)
        return strncmp(pattern, prefix, length) == 0;
    return strncmp(pattern, prefix, length < head ? length : head) == 0;
}

static int pattern_allows_suffix(const char *pattern, const char *suffix)
{
    const char *star = strchr(pattern, '*');
    const char *fixed = star ? star + 1 : pattern;
    size_t tail = strlen(fixed), length = strlen(suffix);
    if (!star)
        return length <= tail && strcmp(fixed + tail - length, suffix) == 0;
    size_t shorter = length < tail ? length : tail;
    return strcmp(fixed + tail - shorter, suffix + length - shorter) == 0;
}

int hvd__key_can_match(hvd__source source, const char *key, int prefix, int suffix)
{
    for (size_t i = 0; i < HVD__K_COUNT_; i++) {
        const hvd__key_def *def = &hvd__keys[i];
        int same_source = def->source == source || (source == HVD__SOURCE_SMBIOS && def->source == HVD__SOURCE_DMI);
        if (!same_source || (def->kind & HVD__KIND_STATUS))
            continue;
        if (!key || (prefix && pattern_allows_prefix(def->pattern, key)) ||
            (suffix && pattern_allows_suffix(def->pattern, key)) || (!prefix && !suffix && fits(def->pattern, key)))
            return 1;
    }
    return 0;
}

int hvd__key_is_identifier(const char *source, const char *key)
{
    const hvd__key_def *def = hvd__key_lookup(hvd__source_index(source), key);
    return def && (def->kind & HVD__KIND_IDENTIFIER);
}

hvd__source hvd__key_smbios_field_source(const char *key)
{
    return !lookup_in(HVD__SOURCE_SMBIOS, key) && lookup_in(HVD__SOURCE_DMI, key) ? HVD__SOURCE_DMI
                                                                                 : HVD__SOURCE_SMBIOS;
}

const char *hvd__key_shown(const char *source, const char *key, int redact, char *buffer, size_t size)
{
    const hvd__key_def *def = redact && key ? hvd__key_lookup(hvd__source_index(source), key) : NULL;
    if (!def || !(def->kind & HVD__KIND_KEY_IDENTIFIER) || !strchr(def->pattern, '*'))
        return key;
    /* The fixed text before the pattern's '*' is kept; what stands for the '*' goes up to the next '/'. */
    size_t head = (size_t)(strchr(def->pattern, '*') - def->pattern);
    const char *rest = strchr(key + head, '/');
    int length = snprintf(buffer, size, "%.*s[redacted]%s", (int)head, key, rest ? rest : "");
    if (length >= 0 && (size_t)length >= size && size > 4) /* too long: cut between characters, marked "..." */
        strcpy(buffer + hvd__text_utf8_cut(buffer, size - 4), "...");
    return buffer;
}
