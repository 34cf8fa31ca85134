/* SPDX-License-Identifier: MIT */
/* Loading and validating the vendor database (vendors/README.md describes the format). Loading keeps the parsed
 * JSON documents and points into them, so the database costs one parse and a few arrays. Every problem names the
 * file, the entry and the field. */

#include "db/vendordb.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "evidence/keys.h"
#include "io/root.h"
#include "util/error.h"
#include "util/json_check.h"
#include "util/pattern.h"
#include "util/strbuf.h"
#include "util/text.h"

enum { VENDOR_FILE_MAX = 4 * 1024 * 1024, VENDOR_FILES_MAX = 512 };

/* ---- conditions ---- */


/* NULL-terminated, as hvd__check_choice() reads it. */
static const char *const op_names[HVD__OP_COUNT_ + 1] = {
    [HVD__OP_EXACT] = "exact",   [HVD__OP_PREFIX] = "prefix", [HVD__OP_SUFFIX] = "suffix",
    [HVD__OP_CONTAINS] = "contains", [HVD__OP_EXISTS] = "exists", [HVD__OP_BIT] = "bit",
    [HVD__OP_BITCLEAR] = "bitclear", [HVD__OP_LINE] = "line",
};

static void parse_key_pattern(hvd__condition *condition, const char *key)
{
    size_t length = strlen(key);
    condition->key = key;
    condition->key_length = length;
    condition->key_match = HVD__KEY_EXACT;
    if (strcmp(key, "*") == 0) {
        condition->key_match = HVD__KEY_ANY;
    } else if (length > 1 && key[length - 1] == '*') {
        condition->key_match = HVD__KEY_PREFIX;
        condition->key_length = length - 1;
    } else if (length > 1 && key[0] == '*') {
        condition->key_match = HVD__KEY_SUFFIX;
        condition->key = key + 1;
        condition->key_length = length - 1;
    }
}

/* A condition on a key that no probe records would never match: the signature would silently do nothing. */
static int check_key_is_produced(hvd__checker *check, const hvd__condition *condition, const char *key)
{
    hvd__source source = (hvd__source)condition->source_index;
    if (!key || condition->key_match == HVD__KEY_ANY)
        return 1;
    if (hvd__key_can_match(source, condition->key_match == HVD__KEY_EXACT ? key : condition->key,
                           condition->key_match == HVD__KEY_PREFIX, condition->key_match == HVD__KEY_SUFFIX))
        return 1;
    hvd__check_problem(check, "key", "no probe records the key \"%s\" under source \"%s\" (vendors/README.md lists "
                                     "the keys)", key, condition->source);
    return 0;
}

static int parse_bit(hvd__checker *check, hvd__condition *condition)
{
    char reg[4];
    unsigned bit;
    int consumed = 0;
    int is_register = condition->value && sscanf(condition->value, "e%1[abcd]x:%u%n", reg, &bit, &consumed) == 2;
    if (!is_register && condition->value && sscanf(condition->value, "hex:%u%n", &bit, &consumed) == 1)
        reg[0] = 'h';
    else if (!is_register)
        consumed = -1;
    if (consumed < 0 || condition->value[consumed] != '\0' || bit > 31) {
        hvd__check_problem(check, "value", "a bit test needs \"<eax|ebx|ecx|edx>:<0..31>\" or \"hex:<0..31>\"");
        return 0;
    }
    condition->bit_register = reg[0];
    condition->bit = bit;
    return 1;
}

static int parse_condition(hvd__checker *check, const cJSON *json, hvd__condition *condition)
{
    static const char *const keys[] = {"source", "key", "op", "value", "nocase", "not", "note", NULL};
    if (!cJSON_IsObject(json)) {
        hvd__check_problem(check, "when", "each condition must be an object");
        return 0;
    }
    hvd__check_keys(check, json, keys);
    condition->source = hvd__check_choice(check, json, "source", 1, hvd__source_names);
    condition->source_index = (int)hvd__source_index(condition->source);
    const char *key = hvd__check_string(check, json, "key", 0);
    parse_key_pattern(condition, key ? key : "*");
    const char *op = hvd__check_choice(check, json, "op", 1, op_names);
    condition->value = hvd__check_string(check, json, "value", 0);
    condition->value_length = condition->value ? strlen(condition->value) : 0;
    condition->nocase = hvd__check_bool(check, json, "nocase");
    condition->negated = hvd__check_bool(check, json, "not");
    if (!condition->source || !op)
        return 0;
    for (int i = 0; i < HVD__OP_COUNT_; i++)
        if (strcmp(op, op_names[i]) == 0)
            condition->op = (hvd__match_op)i;
    if (condition->op == HVD__OP_BIT || condition->op == HVD__OP_BITCLEAR)
        return parse_bit(check, condition);
    if (condition->op != HVD__OP_EXISTS && !condition->value) {
        hvd__check_problem(check, "value", "op \"%s\" needs a value", op);
        return 0;
    }
    const char *problem = condition->op == HVD__OP_LINE ? hvd__pattern_problem(condition->value) : NULL;
    if (problem) {
        hvd__check_problem(check, "value", "the pattern \"%s\" is malformed: %s", condition->value, problem);
        return 0;
    }
    return check_key_is_produced(check, condition, key);
}

static int parse_conditions(hvd__checker *check, const cJSON *object, hvd__condition **out, size_t *count)
{
    const cJSON *when = hvd__check_array(check, object, "when", 1);
    *out = NULL;
    *count = 0;
    if (!when)
        return 0;
    const cJSON *item;
    int ok = 1;
    cJSON_ArrayForEach(item, when)
    {
        hvd__condition *condition = HVD__APPEND(check, *out, *count);
        if (!condition)
            return 0;
        ok &= parse_condition(check, item, condition);
    }
    if (*count == 0) {
        hvd__check_problem(check, "when", "needs at least one condition");
        ok = 0;
    } else if ((*out)[0].negated) {
        /* The first condition names the evidence a match is reported with: something that is there. */
        hvd__check_problem(check, "when", "the first condition cannot be negated (\"not\")");
        ok = 0;
    }
    return ok;
}

/* ---- references by id, resolved after every file is read ---- */

/* An id and the index of its entry. Ids are looked up and compared for repeats in a sorted array of these, so a
 * database of n products costs n log n to load, not n squared (40,000 products took 7 s). */
typedef struct id_entry {
    const char *id;
    size_t index;
} id_entry;

typedef struct loader {
    hvd__checker check;
    hvd_vendor_db *db;
    id_entry *products_by_id; /* sorted by id, then index: the first of equal ids is the first in the files */
    size_t products_by_id_count;
} loader;

static int compare_id_entries(const void *a, const void *b)
{
    const id_entry *x = a, *y = b;
    int order = strcmp(x->id, y->id);
    return order ? order : (x->index > y->index) - (x->index < y->index);
}

/* The entries of the count whose id_of is not NULL, sorted; NULL when count is 0 or memory runs out. */
static id_entry *sort_ids(loader *load, size_t count, const char *(*id_of)(const hvd_vendor_db *db, size_t index),
                          size_t *sorted)
{
    *sorted = 0;
    id_entry *entries = count ? malloc(count * sizeof(*entries)) : NULL;
    if (count && !entries) {
        load->check.out_of_memory = 1;
        return NULL;
    }
    for (size_t i = 0; i < count; i++)
        if (id_of(load->db, i))
            entries[(*sorted)++] = (id_entry){id_of(load->db, i), i};
    if (*sorted > 1)
        qsort(entries, *sorted, sizeof(*entries), compare_id_entries);
    return entries;
}

/* Calls repeated(load, later, first) for each entry whose id an earlier entry of the files already has. */
static void find_repeated_ids(loader *load, const id_entry *sorted, size_t count,
                              void (*repeated)(loader *load, size_t later, size_t first))
{
    for (size_t i = 1, first = 0; i < count; i++) {
        if (strcmp(sorted[i].id, sorted[first].id) != 0)
            first = i;
        else
            repeated(load, sorted[i].index, sorted[first].index);
    }
}

static const char *product_id_at(const hvd_vendor_db *db, size_t index)
{
    return db->products[index].info.id;
}

/* The first product with that id, by binary search of the sorted ids: -1 when there is none. */
static long loader_product_index(const loader *load, const char *id)
{
    size_t low = 0, high = load->products_by_id_count;
    while (id && low < high) {
        size_t middle = low + (high - low) / 2;
        if (strcmp(load->products_by_id[middle].id, id) < 0)
            low = middle + 1;
        else
            high = middle;
    }
    if (!id || low == load->products_by_id_count || strcmp(load->products_by_id[low].id, id) != 0)
        return -1;
    return (long)load->products_by_id[low].index;
}

long hvd__vendor_db_product_index(const hvd_vendor_db *db, const char *id)
{
    for (size_t i = 0; id && i < db->product_count; i++)
        if (db->products[i].info.id && strcmp(db->products[i].info.id, id) == 0)
            return (long)i;
    return -1;
}

static long technology_index(const hvd_vendor_db *db, const char *id)
{
    for (size_t i = 0; id && i < db->technology_count; i++)
        if (db->technologies[i].id && strcmp(db->technologies[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* ---- the three kinds of file ---- */

static const char *const strength_names[] = {"weak", "medium", "strong", "definitive", NULL};
static const hvd__strength strength_values[] = {HVD__STRENGTH_WEAK, HVD__STRENGTH_MEDIUM, HVD__STRENGTH_STRONG,
                                                HVD__STRENGTH_DEFINITIVE};

const char *hvd__strength_name(hvd__strength strength)
{
    for (size_t i = 0; strength_names[i]; i++)
        if (strength_values[i] == strength)
            return strength_names[i];
    return "unknown";
}

int hvd__vendor_db_parse_conditions(hvd__checker *check, const cJSON *object, hvd__condition **out, size_t *count)
{
    return parse_conditions(check, object, out, count);
}

int hvd__vendor_db_parse_strength(hvd__checker *check, const cJSON *object)
{
    const char *strength = hvd__check_choice(check, object, "strength", 1, strength_names);
    for (size_t i = 0; strength && strength_names[i]; i++)
        if (strcmp(strength, strength_names[i]) == 0)
            return (int)strength_values[i];
    return HVD__STRENGTH_WEAK;
}

static hvd__signature *parse_signature(loader *load, const cJSON *json, int physical)
{
    static const char *const keys[] = {"id",  "when", "technology", "products", "strength",       "interface",
                                       "role", "cpuid_base", "why", "ref", "note", "bare_metal_too",
                                       "outer_layer", NULL};
    static const char *const roles[] = {"host", "guest", "any", NULL};
    hvd__checker *check = &load->check;
    hvd_vendor_db *db = load->db;
    hvd__signature *signature = HVD__APPEND(check, db->signatures, db->signature_count);
    if (!signature)
        return NULL;
    signature->file = check->file;
    signature->technology = -1;
    signature->role_physical = physical;
    check->entry = NULL;
    if (!cJSON_IsObject(json)) {
        hvd__check_problem(check, physical ? "physical" : "signatures", "each signature must be an object");
        return NULL;
    }
    signature->id = hvd__check_string(check, json, "id", 1);
    check->entry = signature->id;
    hvd__check_keys(check, json, keys);
    parse_conditions(check, json, &signature->conditions, &signature->condition_count);
    const char *base = hvd__check_string(check, json, "cpuid_base", 0);
    for (size_t i = 0; base && i < signature->condition_count; i++)
        if (signature->conditions[i].source_index == HVD__SOURCE_CPUID_SIGNATURE)
            parse_key_pattern(&signature->conditions[i], base);
    signature->technology_name = hvd__check_string(check, json, "technology", 0);
    const cJSON *products = hvd__check_array(check, json, "products", 0);
    signature->products_json = products;
    if (physical && (signature->technology_name || products))
        hvd__check_problem(check, NULL, "a hardware.json signature names no technology and no product");
    if (!physical && !signature->technology_name && !products)
        hvd__check_problem(check, NULL, "names neither a technology nor products");
    signature->strength = (hvd__strength)hvd__vendor_db_parse_strength(check, json);
    signature->interface = hvd__check_bool(check, json, "interface");
    signature->bare_metal_too = hvd__check_bool(check, json, "bare_metal_too");
    const cJSON *outer = cJSON_GetObjectItemCaseSensitive(json, "outer_layer");
    if (outer && (!cJSON_IsNumber(outer) || outer->valuedouble < 1 || outer->valuedouble > 8 ||
                  outer->valuedouble != (double)(int)outer->valuedouble))
        hvd__check_problem(check, "outer_layer", "must be a whole number from 1 to 8");
    else if (outer)
        signature->outer_layer = (int)outer->valuedouble;
    const char *role = hvd__check_choice(check, json, "role", 0, roles);
    signature->role_host = role && strcmp(role, "host") == 0;
    signature->role_any = role && strcmp(role, "any") == 0;
    signature->why = hvd__check_string(check, json, "why", 1);
    signature->ref = hvd__check_string(check, json, "ref", 1);
    return signature;
}

static void parse_product(loader *load, const cJSON *json, size_t vendor_index, const hvd__vendor *vendor)
{
    static const char *const keys[] = {"id",   "name", "technology", "kind", "cloud", "parent", "note",
                                       "sources", "systemd_id", NULL};
    static const char *const kinds[] = {"server", "desktop", "cloud", "embedded", NULL};
    hvd__checker *check = &load->check;
    hvd_vendor_db *db = load->db;
    hvd__product *product = HVD__APPEND(check, db->products, db->product_count);
    if (!product)
        return;
    product->file = check->file;
    check->entry = NULL;
    product->info.id = hvd__check_string(check, json, "id", 1);
    check->entry = product->info.id;
    hvd__check_keys(check, json, keys);
    product->info.name = hvd__check_string(check, json, "name", 1);
    product->technology_name = hvd__check_string(check, json, "technology", 1);
    product->info.kind = hvd__check_choice(check, json, "kind", 1, kinds);
    product->info.cloud = hvd__check_string(check, json, "cloud", 0);
    product->parent_name = hvd__check_string(check, json, "parent", 0);
    product->note = hvd__check_string(check, json, "note", 0);
    product->systemd_id = hvd__check_string(check, json, "systemd_id", 0);
    product->vendor = vendor_index;
    product->info.vendor = vendor->id;
    product->info.vendor_name = vendor->name;
    product->info.vendor_kind = vendor->kind;
    product->technology = product->parent = -1;
}

static void parse_relationship(loader *load, const cJSON *json, hvd__vendor *vendor)
{
    static const char *const keys[] = {"kind", "since", "until", "until_confidence", "covers", "confidence",
                                       "validated", "source", "note", NULL};
    static const char *const validated_keys[] = {"product_version", "windows_server", "date", "confidence",
                                                 "source", NULL};
    static const char *const kinds[] = {"joint-support", "svvp", NULL};
    static const char *const confidences[] = {"verified", "inferred", "unverified", NULL};
    hvd__checker *check = &load->check;
    hvd__relationship *relationship = HVD__APPEND(check, vendor->relationships, vendor->relationship_count);
    if (!relationship)
        return;
    check->entry = vendor->id;
    hvd__check_keys(check, json, keys);
    relationship->kind = hvd__check_choice(check, json, "kind", 1, kinds);
    relationship->since = hvd__check_date(check, json, "since");
    relationship->until = hvd__check_date(check, json, "until");
    relationship->confidence = hvd__check_choice(check, json, "confidence", 1, confidences);
    relationship->until_confidence = hvd__check_choice(check, json, "until_confidence", 0, confidences);
    relationship->source = hvd__check_string(check, json, "source", 1);
    relationship->note = hvd__check_string(check, json, "note", 0);
    /* Each listing: which product version was validated for which Windows Server versions, when, how sure. */
    relationship->validated = hvd__check_array(check, json, "validated", 0);
    const cJSON *listing;
    cJSON_ArrayForEach(listing, relationship->validated)
    {
        hvd__check_keys(check, listing, validated_keys);
        hvd__check_string(check, listing, "product_version", 1);
        hvd__check_string(check, listing, "windows_server", 1);
        hvd__check_string(check, listing, "date", 1);
        hvd__check_choice(check, listing, "confidence", 1, confidences);
        hvd__check_string(check, listing, "source", 1);
    }
    relationship->covers_json = hvd__check_array(check, json, "covers", 1);
}

static void parse_vendor_names(loader *load, const cJSON *names, hvd__vendor *vendor)
{
    static const char *const keys[] = {"name", "since", "until", "source", "note", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, names)
    {
        hvd__vendor_name *entry = HVD__APPEND(&load->check, vendor->names, vendor->name_count);
        if (!entry)
            return;
        hvd__check_keys(&load->check, item, keys);
        entry->name = hvd__check_string(&load->check, item, "name", 1);
        entry->since = hvd__check_date(&load->check, item, "since");
        entry->until = hvd__check_date(&load->check, item, "until");
    }
}

static void parse_vendor_file(loader *load, const cJSON *root)
{
    static const char *const keys[] = {"id", "name", "kind", "names", "products", "signatures", "relationships",
                                       "sources", "note", NULL};
    static const char *const kinds[] = {"company", "community", NULL};
    hvd__checker *check = &load->check;
    hvd_vendor_db *db = load->db;
    size_t vendor_index = db->vendor_count;
    hvd__vendor *vendor = HVD__APPEND(check, db->vendors, db->vendor_count);
    if (!vendor)
        return;
    check->entry = NULL;
    hvd__check_keys(check, root, keys);
    vendor->id = hvd__check_string(check, root, "id", 1);
    vendor->file = check->file;
    check->entry = vendor->id;
    vendor->name = hvd__check_string(check, root, "name", 1);
    vendor->kind = hvd__check_choice(check, root, "kind", 1, kinds);
    const cJSON *names = hvd__check_array(check, root, "names", 0);
    if (names)
        parse_vendor_names(load, names, vendor);
    const cJSON *item;
    const cJSON *products = hvd__check_array(check, root, "products", 1);
    cJSON_ArrayForEach(item, products) parse_product(load, item, vendor_index, &db->vendors[vendor_index]);
    const cJSON *signatures = hvd__check_array(check, root, "signatures", 0);
    cJSON_ArrayForEach(item, signatures) parse_signature(load, item, 0);
    const cJSON *relationships = hvd__check_array(check, root, "relationships", 0);
    cJSON_ArrayForEach(item, relationships) parse_relationship(load, item, &db->vendors[vendor_index]);
}

static void parse_technologies_file(loader *load, const cJSON *root)
{
    static const char *const file_keys[] = {"technologies", "note", NULL};
    static const char *const keys[] = {"id", "name", "unpinned", "systemd_id", "note", NULL};
    hvd__checker *check = &load->check;
    check->entry = NULL;
    hvd__check_keys(check, root, file_keys);
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "technologies", 1))
    {
        hvd__technology *technology = HVD__APPEND(check, load->db->technologies, load->db->technology_count);
        if (!technology)
            return;
        check->entry = NULL;
        technology->id = hvd__check_string(check, item, "id", 1);
        check->entry = technology->id;
        hvd__check_keys(check, item, keys);
        technology->name = hvd__check_string(check, item, "name", 1);
        technology->note = hvd__check_string(check, item, "note", 0);
        technology->systemd_id = hvd__check_string(check, item, "systemd_id", 1);
        technology->unpinned_json = hvd__check_array(check, item, "unpinned", 1);
    }
}

/* hardware.json: evidence that only physical hardware shows (a laptop maker's product names, a board's SoC, the
 * platform line of a POWER machine without a hypervisor), which lets "not virtual" rest on something read; and
 * evidence that shows a virtual machine without naming its hypervisor (a virtual CPU on IBM Z). */
static void parse_hardware_file(loader *load, const cJSON *root)
{
    static const char *const file_keys[] = {"physical", "virtual", "note", NULL};
    hvd__checker *check = &load->check;
    check->entry = NULL;
    hvd__check_keys(check, root, file_keys);
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "physical", 1)) parse_signature(load, item, 1);
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "virtual", 0))
    {
        hvd__signature *signature = parse_signature(load, item, 1);
        if (signature) {
            signature->role_physical = 0;
            signature->role_virtual = 1;
        }
    }
}

static void parse_containers_file(loader *load, const cJSON *root)
{
    static const char *const file_keys[] = {"containers", "note", NULL};
    static const char *const keys[] = {"id", "when", "why", "ref", "note", "systemd_id", NULL};
    hvd__checker *check = &load->check;
    check->entry = NULL;
    hvd__check_keys(check, root, file_keys);
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "containers", 1))
    {
        hvd__container_signature *container = HVD__APPEND(check, load->db->containers, load->db->container_count);
        if (!container)
            return;
        check->entry = NULL;
        container->id = hvd__check_string(check, item, "id", 1);
        check->entry = container->id;
        hvd__check_keys(check, item, keys);
        parse_conditions(check, item, &container->conditions, &container->condition_count);
        container->why = hvd__check_string(check, item, "why", 1);
        container->systemd_id = hvd__check_string(check, item, "systemd_id", 0);
        hvd__check_string(check, item, "ref", 1);
    }
}

/* ---- resolution and cross-checks ---- */

/* Turns an array of product ids into indices; unknown ids are problems. */
static void resolve_ids(loader *load, const cJSON *array, size_t **out, size_t *count, const char *field)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        long index = cJSON_IsString(item) ? loader_product_index(load, item->valuestring) : -1;
        if (index < 0) {
            hvd__check_problem(&load->check, field, "\"%s\" is not a product id",
                    cJSON_IsString(item) ? item->valuestring : "(not a string)");
            continue;
        }
        size_t *slot = HVD__APPEND(&load->check, *out, *count);
        if (slot)
            *slot = (size_t)index;
    }
}

static void resolve_lists(loader *load)
{
    hvd_vendor_db *db = load->db;
    for (size_t i = 0; i < db->signature_count; i++) {
        hvd__signature *signature = &db->signatures[i];
        load->check.file = signature->file;
        load->check.entry = signature->id;
        resolve_ids(load, signature->products_json, &signature->products, &signature->product_count, "products");
    }
    for (size_t i = 0; i < db->vendor_count; i++) {
        hvd__vendor *vendor = &db->vendors[i];
        load->check.file = vendor->file;
        load->check.entry = vendor->id;
        for (size_t r = 0; r < vendor->relationship_count; r++)
            resolve_ids(load, vendor->relationships[r].covers_json, &vendor->relationships[r].covers,
                        &vendor->relationships[r].cover_count, "relationships.covers");
    }
    for (size_t i = 0; i < db->technology_count; i++) {
        hvd__technology *technology = &db->technologies[i];
        load->check.file = "technologies.json";
        load->check.entry = technology->id;
        resolve_ids(load, technology->unpinned_json, &technology->unpinned, &technology->unpinned_count,
                    "unpinned");
    }
}

static void resolve_products(loader *load)
{
    hvd_vendor_db *db = load->db;
    for (size_t i = 0; i < db->product_count; i++) {
        hvd__product *product = &db->products[i];
        load->check.entry = product->info.id;
        load->check.file = product->file;
        product->technology = technology_index(db, product->technology_name);
        if (product->technology_name && product->technology < 0)
            hvd__check_problem(&load->check, "technology", "\"%s\" is not in technologies.json", product->technology_name);
        product->info.technology = product->technology >= 0 ? db->technologies[product->technology].id : NULL;
        if (product->parent_name) {
            product->parent = loader_product_index(load, product->parent_name);
            if (product->parent < 0 || (size_t)product->parent == i)
                hvd__check_problem(&load->check, "parent", "\"%s\" is not another product id", product->parent_name);
        }
    }
    for (size_t i = 0; i < db->signature_count; i++) {
        hvd__signature *signature = &db->signatures[i];
        load->check.file = signature->file;
        load->check.entry = signature->id;
        signature->technology = technology_index(db, signature->technology_name);
        if (signature->technology_name && signature->technology < 0)
            hvd__check_problem(&load->check, "technology", "\"%s\" is not in technologies.json", signature->technology_name);
        for (size_t c = 0; c < signature->condition_count; c++)
            if (signature->conditions[c].source_index == HVD__SOURCE_CPUID_SIGNATURE) {
                for (size_t p = 0; p < signature->product_count; p++)
                    if (db->products[signature->products[p]].technology >= 0)
                        db->technologies[db->products[signature->products[p]].technology].has_cpuid_signature = 1;
                if (signature->technology >= 0)
                    db->technologies[signature->technology].has_cpuid_signature = 1;
            }
    }
}

long hvd__vendor_db_vendor_index(const hvd_vendor_db *db, const char *id)
{
    for (size_t i = 0; id && i < db->vendor_count; i++)
        if (db->vendors[i].id && strcmp(db->vendors[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* Ids name things across files: each must be used once. The id of each kind of entry, and the problem a repeat of
 * it is, for check_unique_ids(). */
static const char *signature_id_at(const hvd_vendor_db *db, size_t index)
{
    return db->signatures[index].id;
}

static const char *vendor_id_at(const hvd_vendor_db *db, size_t index)
{
    return db->vendors[index].id;
}

static const char *technology_id_at(const hvd_vendor_db *db, size_t index)
{
    return db->technologies[index].id;
}

static void repeated_product(loader *load, size_t later, size_t first)
{
    (void)first;
    load->check.file = load->db->products[later].file;
    load->check.entry = load->db->products[later].info.id;
    hvd__check_problem(&load->check, "id", "product id used twice");
}

static void repeated_signature(loader *load, size_t later, size_t first)
{
    load->check.file = load->db->signatures[later].file;
    load->check.entry = load->db->signatures[later].id;
    hvd__check_problem(&load->check, "id", "signature id used twice (also in %s)", load->db->signatures[first].file);
}

static void repeated_vendor(loader *load, size_t later, size_t first)
{
    load->check.file = load->db->vendors[later].file;
    load->check.entry = load->db->vendors[later].id;
    hvd__check_problem(&load->check, "id", "vendor id used twice (also in %s)", load->db->vendors[first].file);
}

static void repeated_technology(loader *load, size_t later, size_t first)
{
    (void)first;
    load->check.file = "technologies.json";
    load->check.entry = load->db->technologies[later].id;
    hvd__check_problem(&load->check, "id", "technology id used twice");
}

static void check_unique_ids(loader *load)
{
    hvd_vendor_db *db = load->db;
    find_repeated_ids(load, load->products_by_id, load->products_by_id_count, repeated_product);
    const struct {
        size_t count;
        const char *(*id_of)(const hvd_vendor_db *db, size_t index);
        void (*repeated)(loader *load, size_t later, size_t first);
    } kinds[] = {{db->signature_count, signature_id_at, repeated_signature},
                 {db->vendor_count, vendor_id_at, repeated_vendor},
                 {db->technology_count, technology_id_at, repeated_technology}};
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        size_t count;
        id_entry *sorted = sort_ids(load, kinds[k].count, kinds[k].id_of, &count);
        find_repeated_ids(load, sorted, count, kinds[k].repeated);
        free(sorted);
    }
    load->check.file = "technologies.json";
    for (size_t i = 0; i < db->technology_count; i++) {
        const hvd__technology *technology = &db->technologies[i];
        load->check.entry = technology->id;
        for (size_t u = 0; u < technology->unpinned_count; u++)
            if (db->products[technology->unpinned[u]].technology != (long)i)
                hvd__check_problem(&load->check, "unpinned", "\"%s\" is a product of another technology",
                                   db->products[technology->unpinned[u]].info.id);
    }
}

/* A product's parents must end: a cycle would make every refinement its own ancestor. Each product whose chain
 * runs into a loop is reported. Every chain is walked once, each product remembering where its chain went, so a
 * chain of n parents costs n steps rather than n squared (a 40,000-long chain took 18 s). */
static void check_parent_cycles(loader *load)
{
    enum { UNSEEN, ON_WALK, ENDS, LOOPS };
    hvd_vendor_db *db = load->db;
    unsigned char *state = calloc(db->product_count ? db->product_count : 1, 1);
    if (!state) {
        load->check.out_of_memory = 1;
        return;
    }
    for (size_t i = 0; i < db->product_count; i++) {
        long at = (long)i;
        while (at >= 0 && state[at] == UNSEEN) {
            state[at] = ON_WALK;
            at = db->products[at].parent;
        }
        /* Where the walk stopped tells every product on it where its chain goes: a product met again on this walk
         * closes a loop. */
        unsigned char outcome = at < 0 || state[at] == ENDS ? ENDS : LOOPS;
        for (long on = (long)i; on >= 0 && state[on] == ON_WALK; on = db->products[on].parent)
            state[on] = outcome;
    }
    for (size_t i = 0; i < db->product_count; i++)
        if (state[i] == LOOPS) {
            load->check.file = db->products[i].file;
            load->check.entry = db->products[i].info.id;
            hvd__check_problem(&load->check, "parent", "the chain of parents loops");
        }
    free(state);
}

/* The policy names Microsoft's own vendors by id: each must be a vendor of the database. */
static void check_policy_vendors(loader *load)
{
    hvd__policy_table_check_loaded(&load->db->policy, &load->check);
    load->check.file = "policy.json";
    load->check.entry = "own_vendors";
    const cJSON *item;
    cJSON_ArrayForEach(item, load->db->policy.own_vendors)
    {
        if (hvd__vendor_db_vendor_index(load->db, item->valuestring) < 0)
            hvd__check_problem(&load->check, NULL, "\"%s\" is not a vendor id", item->valuestring);
    }
}

/* ---- entry points ---- */

static void parse_document(loader *load, const char *name, const char *text, size_t length)
{
    load->check.file = name;
    load->check.entry = NULL;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, length, &end, 0);
    if (!root) {
        hvd__check_problem(&load->check, NULL, "invalid JSON near byte %zu", end ? (size_t)(end - text) : (size_t)0);
        return;
    }
    hvd_vendor_db *db = load->db;
    cJSON **slot = HVD__APPEND(&load->check, db->documents, db->document_count);
    if (!slot) {
        cJSON_Delete(root);
        return;
    }
    *slot = root;
    /* The entries' "file" outlive the names read from the directory (the built-in image writes them): the document
     * keeps its own copy, in its root's otherwise unused key, which cJSON_Delete frees with it. */
    root->string = hvd__strdup(name);
    if (root->string)
        load->check.file = root->string;
    else
        load->check.out_of_memory = 1;
    if (!cJSON_IsObject(root))
        hvd__check_problem(&load->check, NULL, "must be a JSON object");
    else if (strcmp(name, "technologies.json") == 0)
        parse_technologies_file(load, root);
    else if (strcmp(name, "containers.json") == 0)
        parse_containers_file(load, root);
    else if (strcmp(name, "hardware.json") == 0)
        parse_hardware_file(load, root);
    else if (strcmp(name, "confidential.json") == 0)
        hvd__cvm_table_parse(&db->confidential, root, &load->check);
    else if (strcmp(name, "policy.json") == 0)
        hvd__policy_table_parse(&db->policy, root, &load->check);
    else
        parse_vendor_file(load, root);
}

static void free_db_arrays(hvd_vendor_db *db)
{
    hvd__signature_index_free(&db->signature_index);
    for (size_t i = 0; i < db->signature_count; i++) {
        free(db->signatures[i].conditions);
        free(db->signatures[i].products);
    }
    for (size_t i = 0; i < db->vendor_count; i++) {
        for (size_t r = 0; r < db->vendors[i].relationship_count; r++)
            free(db->vendors[i].relationships[r].covers);
        free(db->vendors[i].relationships);
        free(db->vendors[i].names);
    }
    for (size_t i = 0; i < db->technology_count; i++)
        free(db->technologies[i].unpinned);
    for (size_t i = 0; i < db->container_count; i++)
        free(db->containers[i].conditions);
    hvd__policy_table_free(&db->policy);
    hvd__cvm_table_free(&db->confidential);
    for (size_t i = 0; i < db->document_count; i++)
        cJSON_Delete(db->documents[i]);
    free(db->signatures);
    free(db->vendors);
    free(db->products);
    free(db->technologies);
    free(db->containers);
    free(db->documents);
}

void hvd_vendor_db_free(hvd_vendor_db *db)
{
    if (!db || db->builtin)
        return;
    free_db_arrays(db);
    free(db);
}

typedef struct source_file {
    char *name;
    char *data;
    size_t length;
} source_file;

/* FNV-1a over each file's name and bytes, in the (sorted) order they are read: a cheap identity of the data, not
 * a security measure. */
static void fingerprint(hvd_vendor_db *db, const source_file *files, size_t count)
{
    uint64_t hash = 0xcbf29ce484222325u;
    for (size_t i = 0; i < count; i++) {
        const unsigned char *parts[2] = {(const unsigned char *)files[i].name, (const unsigned char *)files[i].data};
        size_t lengths[2] = {strlen(files[i].name) + 1, files[i].length};
        for (int p = 0; p < 2; p++)
            for (size_t b = 0; b < lengths[p]; b++)
                hash = (hash ^ parts[p][b]) * 0x100000001b3u;
    }
    snprintf(db->fingerprint, sizeof(db->fingerprint), "%016llx", (unsigned long long)hash);
}

/* Parses the given files into a database; on problems returns HVD_EBADINPUT with every problem in *report. */
static int build(hvd_vendor_db **out, const source_file *files, size_t count, char **report)
{
    *out = NULL;
    loader load;
    memset(&load, 0, sizeof(load));
    load.db = calloc(1, sizeof(*load.db));
    if (!load.db)
        return hvd__error(HVD_ENOMEM, "vendor database: out of memory");
    for (size_t i = 0; i < count; i++)
        parse_document(&load, files[i].name, files[i].data, files[i].length);
    if (load.db->technology_count == 0) {
        load.check.file = "technologies.json";
        load.check.entry = NULL;
        hvd__check_problem(&load.check, NULL, "missing or empty: every product needs a technology");
    }
    load.products_by_id = sort_ids(&load, load.db->product_count, product_id_at, &load.products_by_id_count);
    resolve_lists(&load);
    resolve_products(&load);
    check_unique_ids(&load);
    check_parent_cycles(&load);
    check_policy_vendors(&load);
    free(load.products_by_id);
    if (load.check.out_of_memory || load.check.problems.failed) {
        hvd__strbuf_free(&load.check.problems);
        hvd_vendor_db_free(load.db);
        return hvd__error(HVD_ENOMEM, "vendor database: out of memory");
    }
    char *problems = hvd__strbuf_detach(&load.check.problems);
    if (load.check.problem_count > 0) {
        char first[600];
        size_t first_length = strcspn(problems ? problems : "", "\n");
        snprintf(first, sizeof(first), "%.*s", (int)first_length, problems ? problems : "");
        hvd__error(HVD_EBADINPUT, "vendor database: %zu %s; first: %s", load.check.problem_count,
                   load.check.problem_count == 1 ? "problem" : "problems", first);
        hvd_vendor_db_free(load.db);
        if (report)
            *report = problems;
        else
            free(problems);
        return HVD_EBADINPUT;
    }
    if (report)
        *report = problems;
    else
        free(problems);
    fingerprint(load.db, files, count);
    if (hvd__signature_index_build(load.db) != HVD_OK) {
        hvd_vendor_db_free(load.db);
        return HVD_ENOMEM;
    }
    *out = load.db;
    return HVD_OK;
}

const char *hvd_vendor_db_fingerprint(const hvd_vendor_db *db)
{
    return db ? db->fingerprint : NULL;
}

static int has_json_suffix(const char *name)
{
    size_t length = strlen(name);
    return length > 5 && strcmp(name + length - 5, ".json") == 0;
}

static void free_source_files(source_file *files, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(files[i].name);
        free(files[i].data);
    }
    free(files);
}

/* Reads every *.json of dir. Problems reading a file are added to problems. */
static int read_directory(const char *dir, source_file **out, size_t *out_count, hvd__strbuf *problems)
{
    hvd__root root;
    int rc = hvd__root_open(&root, dir);
    if (rc != HVD_OK)
        return rc;
    char **names;
    size_t count;
    int more;
    char reason[600] = "";
    hvd__read_status status = hvd__root_list(&root, ".", VENDOR_FILES_MAX, &names, &count, &more, reason,
                                             sizeof(reason));
    if (status != HVD__READ_OK) {
        hvd__root_close(&root);
        return hvd__error(HVD_EIO, "%s: cannot list: %s", dir, reason);
    }
    if (more)
        hvd__strbuf_printf(problems, "%s: more than %d files; not a vendor database\n", dir, VENDOR_FILES_MAX);
    source_file *files = calloc(count + 1, sizeof(*files));
    size_t used = 0;
    for (size_t i = 0; files && i < count; i++) {
        if (!has_json_suffix(names[i]))
            continue;
        hvd__file file;
        if (hvd__root_read(&root, names[i], VENDOR_FILE_MAX, 0, &file, reason, sizeof(reason)) != HVD__READ_OK) {
            hvd__strbuf_printf(problems, "%s/%s\n", dir, reason);
            continue;
        }
        files[used].name = hvd__strdup(names[i]);
        if (!files[used].name) {
            hvd__file_free(&file);
            hvd__strbuf_printf(problems, "%s/%s: out of memory\n", dir, names[i]);
            continue;
        }
        files[used].data = file.data;
        files[used].length = file.length;
        used++;
    }
    hvd__names_free(names, count);
    hvd__root_close(&root);
    if (!files)
        return hvd__error(HVD_ENOMEM, "vendor database: out of memory");
    *out = files;
    *out_count = used;
    return HVD_OK;
}

static int load_dir(hvd_vendor_db **out, const char *dir, char **report)
{
    hvd__strbuf read_problems = {0};
    source_file *files = NULL;
    size_t count = 0;
    int rc = read_directory(dir, &files, &count, &read_problems);
    if (rc != HVD_OK) {
        hvd__strbuf_free(&read_problems);
        return rc;
    }
    char *build_report = NULL;
    rc = build(out, files, count, &build_report);
    free_source_files(files, count);
    if (read_problems.length > 0 && rc == HVD_OK) {
        hvd_vendor_db_free(*out);
        *out = NULL;
        rc = hvd__error(HVD_EBADINPUT, "vendor database: %s", read_problems.data);
    }
    if (report) {
        hvd__strbuf_append(&read_problems, build_report ? build_report : "");
        *report = hvd__strbuf_detach(&read_problems);
    } else
        hvd__strbuf_free(&read_problems);
    free(build_report);
    return rc;
}

int hvd_vendor_db_load_dir(hvd_vendor_db **out, const char *dir)
{
    if (!out || !dir)
        return hvd__error(HVD_EINVALID, "hvd_vendor_db_load_dir: invalid argument");
    return load_dir(out, dir, NULL);
}

int hvd_vendor_db_check_dir(char **out, const char *dir)
{
    if (!out || !dir)
        return hvd__error(HVD_EINVALID, "hvd_vendor_db_check_dir: invalid argument");
    *out = NULL;
    hvd_vendor_db *db = NULL;
    int rc = load_dir(&db, dir, out);
    hvd_vendor_db_free(db);
    return rc;
}

size_t hvd_vendor_db_product_count(const hvd_vendor_db *db)
{
    return db ? db->product_count : 0;
}

int hvd__vendor_db_fill_product(hvd_product_info *out, const hvd_vendor_db *db, size_t index)
{
    int rc = hvd__check_struct_version(out->version, HVD_PRODUCT_INFO_VERSION, "hvd_product_info");
    if (rc != HVD_OK)
        return rc;
    unsigned int version = out->version;
    *out = db->products[index].info; /* version 1 is every field so far */
    out->version = version;
    return HVD_OK;
}

int hvd_vendor_db_product(hvd_product_info *out, const hvd_vendor_db *db, size_t index)
{
    if (!out || !db)
        return hvd__error(HVD_EINVALID, "hvd_vendor_db_product: invalid argument");
    if (index >= db->product_count)
        return hvd__error(HVD_ENOTFOUND, "hvd_vendor_db_product: no product at index %lu (%lu products)",
                          (unsigned long)index, (unsigned long)db->product_count);
    return hvd__vendor_db_fill_product(out, db, index);
}

int hvd_vendor_db_find_product(hvd_product_info *out, const hvd_vendor_db *db, const char *id)
{
    if (!out || !db || !id)
        return hvd__error(HVD_EINVALID, "hvd_vendor_db_find_product: invalid argument");
    long index = hvd__vendor_db_product_index(db, id);
    if (index < 0)
        return hvd__error(HVD_ENOTFOUND, "the vendor database has no product \"%s\"", id);
    return hvd__vendor_db_fill_product(out, db, (size_t)index);
}
