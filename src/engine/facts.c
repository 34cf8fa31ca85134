#include "engine/facts.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

static int append(hvd__facts *facts, size_t *capacity, const char *source, const char *key, const char *value,
                  const hvd_observation *observation)
{
    if (facts->count == *capacity) {
        size_t grown = *capacity ? *capacity * 2 : 128;
        hvd__fact *bigger = realloc(facts->items, grown * sizeof(*bigger));
        if (!bigger)
            return 0;
        facts->items = bigger;
        *capacity = grown;
    }
    size_t key_length = strcmp(source, "cpuid_signature") == 0 ? 10 : strlen(key);
    facts->items[facts->count++] = (hvd__fact){source, key, key_length, value, observation};
    return 1;
}

const char *const hvd__source_names[HVD__SOURCE_OTHER + 1] = {
    [HVD__SOURCE_CPUID] = "cpuid",       [HVD__SOURCE_CPUID_SIGNATURE] = "cpuid_signature",
    [HVD__SOURCE_DMI] = "dmi",           [HVD__SOURCE_SMBIOS] = "smbios",
    [HVD__SOURCE_PCI] = "pci",           [HVD__SOURCE_ACPI] = "acpi",
    [HVD__SOURCE_NET] = "net",           [HVD__SOURCE_PLATFORM] = "platform",
    [HVD__SOURCE_CONTAINER] = "container", [HVD__SOURCE_WINDOWS] = "windows",
    [HVD__SOURCE_OTHER] = NULL,
};

hvd__source hvd__source_index(const char *name)
{
    for (int i = 0; name && i < HVD__SOURCE_OTHER; i++)
        if (strcmp(hvd__source_names[i], name) == 0)
            return (hvd__source)i;
    return HVD__SOURCE_OTHER;
}

/* Reorders the facts so that each source's are together (a counting sort: stable, linear), so that a condition
 * looks at its own source's facts only. */
static void group_by_source(hvd__facts *facts)
{
    size_t counts[HVD__SOURCE_COUNT_] = {0};
    hvd__source *sources = malloc((facts->count + 1) * sizeof(*sources));
    hvd__fact *grouped = malloc((facts->count + 1) * sizeof(*grouped));
    if (!sources || !grouped) {
        free(sources);
        free(grouped);
        /* Ungrouped facts would be misread; none is better than a wrong answer. */
        facts->count = 0;
        memset(facts->begin, 0, sizeof(facts->begin));
        return;
    }
    for (size_t i = 0; i < facts->count; i++)
        counts[sources[i] = hvd__source_index(facts->items[i].source)]++;
    facts->begin[0] = 0;
    for (int s = 0; s < HVD__SOURCE_COUNT_; s++)
        facts->begin[s + 1] = facts->begin[s] + counts[s];
    size_t next[HVD__SOURCE_COUNT_];
    memcpy(next, facts->begin, sizeof(next));
    for (size_t i = 0; i < facts->count; i++)
        grouped[next[sources[i]]++] = facts->items[i];
    free(facts->items);
    free(sources);
    facts->items = grouped;
}

static int is_cpuid_signature_key(const char *key)
{
    size_t length = strlen(key);
    return length == 20 && strncmp(key, "0x4000", 6) == 0 && strcmp(key + 10, ".signature") == 0;
}

static void note_reading(hvd__facts *facts, const hvd_observation *item)
{
    if (strcmp(item->source, "cpuid") == 0) {
        facts->cpuid_read = 1;
        if (strcmp(item->key, "hypervisor_bit") == 0)
            facts->hypervisor_bit = item->value[0] == '1';
    } else if (strcmp(item->source, "dmi") == 0 || strcmp(item->source, "smbios") == 0 ||
               strcmp(item->source, "acpi") == 0 || strcmp(item->source, "pci") == 0) {
        facts->firmware_read = 1;
    }
    if (strcmp(item->source, "platform") == 0 && strcmp(item->key, "proc/cpuinfo.hypervisor_flag") == 0 &&
        facts->hypervisor_bit < 0)
        facts->hypervisor_bit = item->value[0] == '1';
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of the DMI fields read from sysfs, sorted, so that the table's copies of them are left out in
 * O(n log n) however large a hostile evidence set is. */
static const char **sysfs_dmi_keys(const hvd_evidence *evidence, size_t *count)
{
    size_t total = hvd_evidence_count(evidence);
    const char **keys = calloc(total + 1, sizeof(*keys));
    *count = 0;
    for (size_t i = 0; keys && i < total; i++) {
        const hvd_observation *item = hvd_evidence_at(evidence, i);
        if (item->status == HVD_STATUS_OK && strcmp(item->source, "dmi") == 0)
            keys[(*count)++] = item->key;
    }
    if (keys)
        qsort(keys, *count, sizeof(*keys), compare_keys);
    return keys;
}

int hvd__facts_build(hvd__facts *facts, const hvd_evidence *evidence)
{
    memset(facts, 0, sizeof(*facts));
    facts->hypervisor_bit = -1;
    /* Room for every observation plus the derived cpuid_signature facts, allocated once. */
    size_t capacity = hvd_evidence_count(evidence) + 32, dmi_count = 0;
    facts->items = malloc(capacity * sizeof(*facts->items));
    if (!facts->items)
        return -1;
    const char **dmi_keys = sysfs_dmi_keys(evidence, &dmi_count);
    if (!dmi_keys)
        return -1;
    size_t count = hvd_evidence_count(evidence);
    int failed = 0;
    for (size_t i = 0; i < count && !failed; i++) {
        const hvd_observation *item = hvd_evidence_at(evidence, i);
        if (item->status != HVD_STATUS_OK)
            continue;
        note_reading(facts, item);
        if (strcmp(item->source, "smbios") == 0 &&
            bsearch(&item->key, dmi_keys, dmi_count, sizeof(*dmi_keys), compare_keys))
            continue; /* the sysfs copy of the same field is already a "dmi" fact */
        const char *source = strcmp(item->source, "smbios") == 0 && strncmp(item->key, "oem_string.", 11) != 0 &&
                                     strcmp(item->key, "vm_bit") != 0 && strcmp(item->key, "version") != 0
                                 ? "dmi"
                                 : item->source;
        failed = !append(facts, &capacity, source, item->key, item->value, item);
        if (!failed && strcmp(item->source, "cpuid") == 0 && is_cpuid_signature_key(item->key)) {
            /* Keyed like the cpuid fact; key_matches() compares only its first ten characters, the base. */
            failed = !append(facts, &capacity, "cpuid_signature", item->key, item->value, item);
            facts->cpuid_base_count++;
        }
    }
    free(dmi_keys);
    if (failed)
        return -1;
    group_by_source(facts);
    facts->dmi_vendor = hvd__facts_value(facts, "dmi", "sys_vendor");
    return 0;
}

void hvd__facts_free(hvd__facts *facts)
{
    free(facts->items);
    memset(facts, 0, sizeof(*facts));
}

const char *hvd__facts_value(const hvd__facts *facts, const char *source, const char *key)
{
    hvd__source index = hvd__source_index(source);
    for (size_t i = facts->begin[index]; i < facts->begin[index + 1]; i++)
        if (strcmp(facts->items[i].key, key) == 0)
            return facts->items[i].value;
    return NULL;
}

/* cpuid_signature facts are keyed by the whole "0x40000100.signature" key; conditions name the base alone. */
static int key_matches(const hvd__fact *fact, const hvd__condition *condition)
{
    const char *key = fact->key;
    size_t key_length = fact->key_length;
    switch (condition->key_match) {
    case HVD__KEY_ANY:
        return 1;
    case HVD__KEY_EXACT:
        return key_length == condition->key_length && strncmp(key, condition->key, key_length) == 0;
    case HVD__KEY_PREFIX:
        return key_length >= condition->key_length && strncmp(key, condition->key, condition->key_length) == 0;
    case HVD__KEY_SUFFIX:
        return key_length >= condition->key_length &&
               strncmp(key + key_length - condition->key_length, condition->key, condition->key_length) == 0;
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

/* Reads register r ("eax=0x... ebx=0x..." as the CPUID probe writes raw leaves). */
static int register_value(const char *leaf, char reg, uint32_t *value)
{
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

static int value_matches(const char *value, const hvd__condition *condition)
{
    size_t value_length = strlen(value);
    size_t wanted_length = condition->value ? strlen(condition->value) : 0;
    int (*compare)(const char *, const char *, size_t) = condition->nocase ? hvd__text_ncasecmp : strncmp;
    uint32_t registers;
    switch (condition->op) {
    case HVD__OP_EXISTS:
        return 1;
    case HVD__OP_EXACT:
        return value_length == wanted_length && compare(value, condition->value, value_length) == 0;
    case HVD__OP_PREFIX:
        return value_length >= wanted_length && compare(value, condition->value, wanted_length) == 0;
    case HVD__OP_SUFFIX:
        return value_length >= wanted_length &&
               compare(value + value_length - wanted_length, condition->value, wanted_length) == 0;
    case HVD__OP_CONTAINS:
        return contains(value, condition->value, condition->nocase);
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

const hvd__fact *hvd__facts_match(const hvd__facts *facts, const hvd__condition *condition)
{
    hvd__source index = (hvd__source)condition->source_index;
    for (size_t i = facts->begin[index]; i < facts->begin[index + 1]; i++) {
        const hvd__fact *fact = &facts->items[i];
        if (key_matches(fact, condition) && value_matches(fact->value, condition))
            return fact;
    }
    return NULL;
}
