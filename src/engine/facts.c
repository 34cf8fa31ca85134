/* SPDX-License-Identifier: MIT */
#include "engine/facts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/evidence_internal.h"
#include "util/pattern.h"
#include "util/text.h"

/* The bit of keys_seen that stands for a key. */
static unsigned key_bit(const char *key, size_t length)
{
    return length == 0 ? 0u
                       : ((unsigned)length * 31u + (unsigned char)key[0] * 7u + (unsigned char)key[length - 1]) & 255u;
}

enum { CPUID_BASE_LENGTH = 10 }; /* "0x40000100" */

/* Whether key starts with a CPUID base, "0x" and eight hex digits ("0x40000100"). */
static int starts_with_cpuid_base(const char *key, size_t length)
{
    if (length < CPUID_BASE_LENGTH || key[0] != '0' || key[1] != 'x')
        return 0;
    for (size_t i = 2; i < CPUID_BASE_LENGTH; i++)
        if (!isxdigit((unsigned char)key[i]))
            return 0;
    return 1;
}

static void append(hvd__facts *facts, hvd__source source, const hvd_observation *observation,
                   const hvd__observation_lengths *lengths)
{
    /* A cpuid_signature fact is keyed by its base, the first ten characters of "0x40000100.signature"; one a
     * bundle files under cpuid_signature itself with any other key keeps its whole key, which the engine's reasons
     * quote (cut at ten bytes, it could end inside a UTF-8 character). */
    size_t key_length = lengths->key;
    if (source == HVD__SOURCE_CPUID_SIGNATURE && starts_with_cpuid_base(observation->key, key_length))
        key_length = CPUID_BASE_LENGTH;
    facts->items[facts->count++] =
        (hvd__fact){source, observation->key, key_length, observation->value, lengths->value, observation};
    unsigned bit = key_bit(observation->key, key_length);
    facts->keys_seen[source][bit / 64] |= (uint64_t)1 << (bit % 64);
}

/* Reorders the facts so that each source's are together (a counting sort: stable, linear), so that a condition
 * looks at its own source's facts only. */
static int group_by_source(hvd__facts *facts)
{
    size_t counts[HVD__SOURCE_COUNT_] = {0};
    hvd__fact *grouped = malloc((facts->count + 1) * sizeof(*grouped));
    if (!grouped)
        return -1;
    for (size_t i = 0; i < facts->count; i++)
        counts[facts->items[i].source]++;
    facts->begin[0] = 0;
    for (int s = 0; s < HVD__SOURCE_COUNT_; s++)
        facts->begin[s + 1] = facts->begin[s] + counts[s];
    size_t next[HVD__SOURCE_COUNT_];
    memcpy(next, facts->begin, sizeof(next));
    for (size_t i = 0; i < facts->count; i++)
        grouped[next[facts->items[i].source]++] = facts->items[i];
    free(facts->items);
    facts->items = grouped;
    return 0;
}

/* A base's signature ("0x40000100.signature"): the base is ten characters, as the CPUID probe writes it. */
static int is_cpuid_signature_key(const char *key)
{
    return strlen(key) == 20 && hvd__key_lookup(HVD__SOURCE_CPUID, key) == &hvd__keys[HVD__K_CPUID_BASE_SIGNATURE];
}

/* Firmware tables (and the devices they describe) tell a bare machine from a VM even without CPUID. */
static const unsigned char is_firmware_source[HVD__SOURCE_COUNT_] = {
    [HVD__SOURCE_DMI] = 1, [HVD__SOURCE_SMBIOS] = 1, [HVD__SOURCE_ACPI] = 1, [HVD__SOURCE_PCI] = 1,
};

static void note_reading(hvd__facts *facts, hvd__source source, const hvd_observation *item)
{
    facts->firmware_read |= is_firmware_source[source];
    if (source == HVD__SOURCE_CPUID) {
        facts->cpuid_read = 1;
        if (strcmp(item->key, hvd__key(HVD__K_CPUID_HYPERVISOR_BIT)) == 0)
            facts->hypervisor_bit = item->value[0] == '1';
    } else if (source == HVD__SOURCE_PLATFORM && strcmp(item->key, hvd__key(HVD__K_PLATFORM_CPUINFO_HYPERVISOR_FLAG)) == 0 &&
               facts->hypervisor_bit < 0) {
        facts->hypervisor_bit = item->value[0] == '1';
    }
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of the DMI fields read from sysfs, sorted, so that the table's copies of them are left out in
 * O(n log n) however large a hostile evidence set is. */
static const char **sysfs_dmi_keys(const hvd_observation *items, size_t total, const hvd__source *sources,
                                   size_t *count)
{
    const char **keys = malloc((total + 1) * sizeof(*keys));
    *count = 0;
    for (size_t i = 0; keys && i < total; i++)
        if (sources[i] == HVD__SOURCE_DMI)
            keys[(*count)++] = items[i].key;
    if (keys)
        qsort(keys, *count, sizeof(*keys), compare_keys);
    return keys;
}

/* Marks an observation that was not read: it makes no fact. */
enum { NOT_READ = HVD__SOURCE_COUNT_ };

/* The source of every observation that was read (NOT_READ for the rest), looked up once. */
static hvd__source *observation_sources(const hvd_observation *items, size_t count)
{
    hvd__source *sources = malloc((count + 1) * sizeof(*sources));
    const char *previous = NULL;
    hvd__source source = HVD__SOURCE_OTHER;
    for (size_t i = 0; sources && i < count; i++) {
        const hvd_observation *item = &items[i];
        if (item->source != previous) /* an evidence set stores a run of one source's name once */
            source = hvd__source_index(previous = item->source);
        sources[i] = item->status == HVD_STATUS_OK ? source : (hvd__source)NOT_READ;
    }
    return sources;
}

static int add_facts(hvd__facts *facts, const hvd_observation *items, const hvd__observation_lengths *lengths,
                     size_t count, const hvd__source *sources)
{
    size_t dmi_count = 0;
    const char **dmi_keys = sysfs_dmi_keys(items, count, sources, &dmi_count);
    if (!dmi_keys)
        return -1;
    for (size_t i = 0; i < count; i++) {
        const hvd_observation *item = &items[i];
        hvd__source source = sources[i];
        if (source == (hvd__source)NOT_READ)
            continue;
        note_reading(facts, source, item);
        if (source == HVD__SOURCE_SMBIOS) {
            if (bsearch(&item->key, dmi_keys, dmi_count, sizeof(*dmi_keys), compare_keys))
                continue; /* the sysfs copy of the same field is already a "dmi" fact */
            source = hvd__key_smbios_field_source(item->key);
        }
        append(facts, source, item, &lengths[i]);
        if (source == HVD__SOURCE_CPUID && is_cpuid_signature_key(item->key)) {
            /* Keyed like the cpuid fact; key_matches() compares only its first ten characters, the base. */
            append(facts, HVD__SOURCE_CPUID_SIGNATURE, item, &lengths[i]);
            facts->cpuid_base_count++;
        }
    }
    free(dmi_keys);
    return 0;
}

int hvd__facts_build(hvd__facts *facts, const hvd_evidence *evidence)
{
    memset(facts, 0, sizeof(*facts));
    facts->hypervisor_bit = -1;
    /* At most two facts an observation (a CPUID signature is also a cpuid_signature fact), allocated once. */
    size_t count = hvd_evidence_count(evidence);
    const hvd__observation_lengths *lengths;
    const hvd_observation *items = hvd__evidence_items(evidence, &lengths);
    facts->items = malloc((2 * count + 1) * sizeof(*facts->items));
    hvd__source *sources = observation_sources(items, count);
    int failed = !facts->items || !sources || add_facts(facts, items, lengths, count, sources) != 0 ||
                 group_by_source(facts) != 0;
    free(sources);
    if (failed) {
        /* Partial or ungrouped facts would be misread; none is better than a wrong answer. */
        hvd__facts_free(facts);
        return -1;
    }
    facts->dmi_vendor = hvd__facts_value(facts, HVD__K_DMI_SYS_VENDOR);
    return 0;
}

void hvd__facts_free(hvd__facts *facts)
{
    free(facts->items);
    memset(facts, 0, sizeof(*facts));
}

const char *hvd__facts_value(const hvd__facts *facts, hvd__key_id id)
{
    hvd__source index = hvd__keys[id].source;
    const char *key = hvd__key(id);
    for (size_t i = facts->begin[index]; i < facts->begin[index + 1]; i++)
        if (strcmp(facts->items[i].key, key) == 0)
            return facts->items[i].value;
    return NULL;
}

/* cpuid_signature facts are keyed by the whole "0x40000100.signature" key; conditions name the base alone. */
static int key_matches(const hvd__fact *fact, const hvd__condition *condition)
{
    size_t length = condition->key_length;
    switch (condition->key_match) {
    case HVD__KEY_ANY:
        return 1;
    case HVD__KEY_EXACT:
        return fact->key_length == length && memcmp(fact->key, condition->key, length) == 0;
    case HVD__KEY_PREFIX:
        return fact->key_length >= length && memcmp(fact->key, condition->key, length) == 0;
    case HVD__KEY_SUFFIX:
        return fact->key_length >= length && memcmp(fact->key + fact->key_length - length, condition->key, length) == 0;
    }
    return 0;
}

static int contains(const char *haystack, const char *needle, int nocase)
{
    if (!nocase)
        return strstr(haystack, needle) != NULL;
    size_t length = strlen(needle);
    for (const char *p = haystack; *p; p++)
        if (hvd__text_ncasecmp(p, needle, length) == 0)
            return 1;
    return length == 0;
}

/* Reads register r ("eax=0x... ebx=0x..." as the CPUID probe writes raw leaves), or, for 'h', the whole value as
 * one hexadecimal number (Xen's feature bits in /sys/hypervisor/properties/features). */
static int register_value(const char *leaf, char reg, uint32_t *value)
{
    if (reg == 'h')
        return hvd__text_parse_hex32(leaf, value);
    char name[6] = {'e', reg, 'x', '=', '\0'};
    const char *found = strstr(leaf, name);
    if (!found)
        return 0;
    char hex[11];
    size_t length = strspn(found + 4, "0123456789abcdefxABCDEFX");
    if (length == 0 || length >= sizeof(hex))
        return 0;
    memcpy(hex, found + 4, length);
    hex[length] = '\0';
    return hvd__text_parse_hex32(hex, value);
}

static int same_text(const char *a, const char *b, size_t length, int nocase)
{
    return nocase ? hvd__text_ncasecmp(a, b, length) == 0 : memcmp(a, b, length) == 0;
}

static int value_matches(const hvd__fact *fact, const hvd__condition *condition)
{
    const char *value = fact->value;
    size_t length = fact->value_length, wanted = condition->value_length;
    uint32_t registers;
    switch (condition->op) {
    case HVD__OP_EXISTS:
        return 1;
    case HVD__OP_EXACT:
        return length == wanted && same_text(value, condition->value, length, condition->nocase);
    case HVD__OP_PREFIX:
        return length >= wanted && same_text(value, condition->value, wanted, condition->nocase);
    case HVD__OP_SUFFIX:
        return length >= wanted && same_text(value + length - wanted, condition->value, wanted, condition->nocase);
    case HVD__OP_CONTAINS:
        return contains(value, condition->value, condition->nocase);
    case HVD__OP_LINE:
        return hvd__pattern_match_lines(condition->value, value, length, condition->nocase);
    case HVD__OP_BIT:
    case HVD__OP_BITCLEAR:
        if (!register_value(value, condition->bit_register, &registers))
            return 0;
        return ((registers >> condition->bit) & 1u) == (condition->op == HVD__OP_BIT ? 1u : 0u);
    case HVD__OP_COUNT_:
        break;
    }
    return 0;
}

int hvd__fact_value_satisfies(const hvd__fact *fact, const hvd__condition *condition)
{
    return value_matches(fact, condition);
}

int hvd__fact_satisfies(const hvd__fact *fact, const hvd__condition *condition)
{
    return key_matches(fact, condition) && value_matches(fact, condition);
}

const hvd__fact *hvd__facts_match(const hvd__facts *facts, const hvd__condition *condition)
{
    hvd__source index = (hvd__source)condition->source_index;
    const hvd__fact *fact = &facts->items[facts->begin[index]], *end = &facts->items[facts->begin[index + 1]];
    if (condition->key_match == HVD__KEY_EXACT && condition->key_length > 0) {
        unsigned bit = key_bit(condition->key, condition->key_length);
        if (!(facts->keys_seen[index][bit / 64] >> (bit % 64) & 1))
            return NULL; /* no fact of the source has this key */
        /* Most conditions name one key: the source's other facts are passed over on their key's length and first
         * character, without a call. */
        for (; fact < end; fact++)
            if (fact->key_length == condition->key_length && fact->key[0] == condition->key[0] &&
                memcmp(fact->key, condition->key, condition->key_length) == 0 && hvd__fact_value_fits(fact, condition) &&
                value_matches(fact, condition))
                return fact;
        return NULL;
    }
    for (; fact < end; fact++)
        if (hvd__fact_value_fits(fact, condition) && hvd__fact_satisfies(fact, condition))
            return fact;
    return NULL;
}
