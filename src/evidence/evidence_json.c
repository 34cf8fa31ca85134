/* SPDX-License-Identifier: MIT */
#include "evidence/evidence_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/evidence_internal.h"
#include "evidence/keys.h"
#include "io/output.h"
#include "io/root.h"
#include "util/error.h"
#include "util/json_count.h"
#include "util/text.h"

/* Evidence bundles are small (tens of kilobytes); anything far larger is not one. */
enum { MAX_BUNDLE_BYTES = 64 * 1024 * 1024 };

/* A real machine yields a few thousand observations; a bundle with far more is not one, and would only cost time. */
enum { MAX_BUNDLE_OBSERVATIONS = 100000 };

/* The most JSON values a bundle within those limits holds: a format-1 observation is an object of five strings
 * (six values), plus the collection facts and the few objects around them. */
enum { MAX_BUNDLE_VALUES = MAX_BUNDLE_OBSERVATIONS * 6 + HVD__EVIDENCE_META_MAX + 64 };

void hvd_free(void *buffer)
{
    free(buffer);
}

int hvd__evidence_is_identifier(const hvd_observation *item)
{
    return hvd__key_is_identifier(item->source, item->key);
}

/* Values of identifier fields that identify no machine: a platform's public constant, shown in full. */
static const char *const public_constants[] = {
    "7783-7084-3265-9085-8269-3286-77", /* every Azure VM's chassis asset tag */
};

static int is_public_constant(const char *value)
{
    for (size_t i = 0; i < sizeof(public_constants) / sizeof(public_constants[0]); i++)
        if (strcmp(value, public_constants[i]) == 0)
            return 1;
    return 0;
}

static int is_hex_digit(char c)
{
    return c && strchr("0123456789abcdefABCDEF", c) != NULL;
}

/* The length of VMware's serial prefix at the start of value, or 0: "VMware-", the two hex digits vCenter assigns
 * and a space ("VMware-42 "), which tell the product apart and identify no machine. Only that ASCII prefix is kept, so
 * what is kept never ends inside a character of another value that merely starts with "VMware-". */
static size_t vmware_serial_prefix(const char *value)
{
    static const char prefix[] = "VMware-";
    const size_t length = sizeof(prefix) - 1;
    if (strncmp(value, prefix, length) != 0 || !is_hex_digit(value[length]) || !is_hex_digit(value[length + 1]) ||
        value[length + 2] != ' ')
        return 0;
    return length + 3;
}

const char *hvd__evidence_shown_value(const char *source, const char *key, const char *value, int redact,
                                      char *buffer, size_t size)
{
    hvd_observation item = {source, key, value, HVD_STATUS_OK, ""};
    if (!redact || !value || !hvd__evidence_is_identifier(&item) || is_public_constant(value))
        return value;
    size_t keep = vmware_serial_prefix(value);
    snprintf(buffer, size, "%.*s[redacted]", (int)keep, value);
    return buffer;
}

cJSON *hvd__evidence_collection_json(hvd__json_builder *b, const hvd_evidence *evidence)
{
    cJSON *collection = hvd__json_object(b);
    for (size_t i = 0; i < hvd_evidence_meta_count(evidence); i++)
        hvd__json_add_string(b, collection, hvd_evidence_meta_name(evidence, i), hvd_evidence_meta_value(evidence, i));
    return collection;
}

static cJSON *observation_json(hvd__json_builder *b, const hvd_observation *item, int redact)
{
    cJSON *object = hvd__json_object(b);
    char buffer[64];
    const char *value = item->status == HVD_STATUS_OK
                            ? hvd__evidence_shown_value(item->source, item->key, item->value, redact, buffer,
                                                        sizeof(buffer))
                            : item->value;
    hvd__json_add_string(b, object, "source", item->source);
    char key[256];
    hvd__json_add_string(b, object, "key", hvd__key_shown(item->source, item->key, redact, key, sizeof(key)));
    hvd__json_add_string(b, object, "value", value);
    hvd__json_add_string(b, object, "status", hvd_status_name(item->status));
    if (item->detail[0])
        hvd__json_add_string(b, object, "detail", item->detail);
    return object;
}

cJSON *hvd__evidence_array_json(hvd__json_builder *b, const hvd_evidence *evidence, int redact)
{
    cJSON *array = hvd__json_array(b);
    for (size_t i = 0; i < hvd_evidence_count(evidence); i++)
        hvd__json_append(b, array, observation_json(b, hvd_evidence_at(evidence, i), redact));
    return array;
}

/* ---- the bundle ---- */

/* In a bundle an observation is a member of its source's object: the value alone when it was read and has no
 * detail (nearly all of them), else an object with what there is. Three JSON nodes an observation instead of the
 * report's nine keep a bundle quick to read back by the hundred thousand. */
static cJSON *bundle_value_json(hvd__json_builder *b, const hvd_observation *item)
{
    if (item->status == HVD_STATUS_OK && !item->detail[0])
        return cJSON_CreateString(item->value);
    cJSON *object = hvd__json_object(b);
    if (item->status == HVD_STATUS_OK)
        hvd__json_add_string(b, object, "value", item->value);
    else
        hvd__json_add_string(b, object, "status", hvd_status_name(item->status));
    if (item->detail[0])
        hvd__json_add_string(b, object, "detail", item->detail);
    return object;
}

typedef struct bundle_slot {
    const char *source;
    size_t index; /* in the evidence set */
    size_t first; /* index of the first observation of the same source */
} bundle_slot;

static int by_source_then_index(const void *a, const void *b)
{
    const bundle_slot *x = a, *y = b;
    int order = strcmp(x->source, y->source);
    return order ? order : (x->index > y->index) - (x->index < y->index);
}

static int by_first_then_index(const void *a, const void *b)
{
    const bundle_slot *x = a, *y = b;
    if (x->first != y->first)
        return x->first > y->first ? 1 : -1;
    return (x->index > y->index) - (x->index < y->index);
}

/* The order observations are written in: grouped by source, sources in the order they first appear, observations
 * in evidence order within a source. Sorting (rather than looking each source up) keeps this O(n log n) however
 * a set built through the API interleaves its sources. NULL when out of memory. */
static bundle_slot *bundle_order(const hvd_evidence *evidence)
{
    size_t count = hvd_evidence_count(evidence);
    bundle_slot *slots = malloc((count + 1) * sizeof(*slots));
    if (!slots)
        return NULL;
    for (size_t i = 0; i < count; i++)
        slots[i] = (bundle_slot){hvd_evidence_at(evidence, i)->source, i, 0};
    qsort(slots, count, sizeof(*slots), by_source_then_index);
    for (size_t i = 0; i < count; i++)
        slots[i].first = i > 0 && strcmp(slots[i].source, slots[i - 1].source) == 0 ? slots[i - 1].first
                                                                                      : slots[i].index;
    qsort(slots, count, sizeof(*slots), by_first_then_index);
    return slots;
}

static cJSON *bundle_evidence_json(hvd__json_builder *b, const hvd_evidence *evidence)
{
    cJSON *sources = hvd__json_object(b);
    bundle_slot *order = bundle_order(evidence);
    if (!order) {
        b->failed = 1;
        return sources;
    }
    cJSON *group = NULL;
    for (size_t i = 0; i < hvd_evidence_count(evidence); i++) {
        const hvd_observation *item = hvd_evidence_at(evidence, order[i].index);
        if (i == 0 || order[i].first != order[i - 1].first)
            group = hvd__json_add_object(b, sources, item->source);
        hvd__json_add(b, group, item->key, bundle_value_json(b, item));
    }
    free(order);
    return sources;
}

/* The bundle as a document indented for people (hvd_evidence_to_json), or on one line (an NDJSON line). */
typedef enum bundle_layout { BUNDLE_INDENTED, BUNDLE_ONE_LINE } bundle_layout;

static int bundle_text(char **out, const hvd_evidence *evidence, bundle_layout layout)
{
    *out = NULL;
    hvd__json_builder builder = {0}, *b = &builder;
    cJSON *root = hvd__json_object(b);
    hvd__json_add(b, root, "hvdetect_evidence", cJSON_CreateNumber(HVD__EVIDENCE_FORMAT));
    hvd__json_add(b, root, "collection", hvd__evidence_collection_json(b, evidence));
    hvd__json_add(b, root, "evidence", bundle_evidence_json(b, evidence));
    *out = builder.failed ? NULL : layout == BUNDLE_INDENTED ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "evidence: out of memory while writing JSON");
}

int hvd_evidence_to_json(char **out, const hvd_evidence *evidence)
{
    if (!out || !evidence)
        return hvd__error(HVD_EINVALID, "hvd_evidence_to_json: invalid argument");
    return bundle_text(out, evidence, BUNDLE_INDENTED);
}

/* The members of one observation object, read in a single pass. Format 1 names its source and key in it; format 2
 * has them as the names around it. */
typedef struct observation_fields {
    const char *source, *key, *value, *status, *detail;
} observation_fields;

/* Where an observation is in a bundle: format 1's index in the list, or format 2's source and key. It is written out
 * only for a message, not for every observation read. */
typedef struct place {
    const char *source, *key; /* NULL in format 1 */
    size_t index;
} place;

static const char *place_text(const place *where, char *buffer, size_t size)
{
    if (where->source)
        snprintf(buffer, size, "evidence.%.64s.%.64s", where->source, where->key);
    else
        snprintf(buffer, size, "evidence[%lu]", (unsigned long)where->index);
    return buffer;
}

static int read_fields(const cJSON *object, observation_fields *fields, const place *where)
{
    static const char *const names[] = {"source", "key", "value", "status", "detail"};
    const char **slots[] = {&fields->source, &fields->key, &fields->value, &fields->status, &fields->detail};
    const cJSON *member;
    cJSON_ArrayForEach(member, object)
    {
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            if (strcmp(member->string, names[i]) != 0)
                continue;
            if (!cJSON_IsString(member)) {
                char text[160];
                return hvd__error(HVD_EBADINPUT, "%s: \"%s\" is not a string", place_text(where, text, sizeof(text)),
                                  names[i]);
            }
            *slots[i] = member->valuestring;
        }
    }
    return HVD_OK;
}

/* How a bundle's strings get into the evidence set: copied (the tree is freed once it is read), or borrowed from
 * a tree that outlives the set (hvd__evidence_read_reused), each string checked or, from a text of printable ASCII
 * without a backslash, known to be printable ASCII. */
typedef enum string_use { COPY_STRINGS, BORROW_STRINGS, BORROW_PRINTABLE_STRINGS } string_use;

static int add_observation(hvd_evidence *evidence, string_use use, const char *source, const char *key,
                           const char *value, hvd_status status, const char *detail)
{
    if (use == COPY_STRINGS)
        return hvd_evidence_add(evidence, source, key, value, status, detail);
    return hvd__evidence_add_borrowed(evidence,
                                      use == BORROW_PRINTABLE_STRINGS ? HVD__TEXT_PRINTABLE_ASCII : HVD__TEXT_UNCHECKED,
                                      source, key, value, status, detail);
}

static int add_fields(hvd_evidence *evidence, string_use use, const observation_fields *fields, const place *where)
{
    int status = fields->status ? hvd_status_from_name(fields->status) : HVD_STATUS_OK;
    if (status < 0) {
        char text[160];
        return hvd__error(HVD_EBADINPUT, "%s: unknown status \"%s\"", place_text(where, text, sizeof(text)),
                          fields->status);
    }
    return add_observation(evidence, use, fields->source, fields->key, fields->value, (hvd_status)status,
                           fields->detail);
}

/* Format 1 (hvdetect 0.1): "evidence" is an array of {"source", "key", "value", "status", "detail"}. */
static int read_observation_list(hvd_evidence *evidence, string_use use, const cJSON *array)
{
    if (!cJSON_IsArray(array))
        return hvd__error(HVD_EBADINPUT, "\"evidence\" is missing or not an array");
    if (cJSON_GetArraySize(array) > MAX_BUNDLE_OBSERVATIONS)
        return hvd__error(HVD_EBADINPUT, "more than %d observations; not the evidence of one machine",
                          MAX_BUNDLE_OBSERVATIONS);
    size_t index = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        place where = {NULL, NULL, index++};
        char text[160];
        if (!cJSON_IsObject(item))
            return hvd__error(HVD_EBADINPUT, "%s: not an object", place_text(&where, text, sizeof(text)));
        observation_fields fields = {0};
        int rc = read_fields(item, &fields, &where);
        if (rc == HVD_OK && (!fields.source || !fields.key))
            rc = hvd__error(HVD_EBADINPUT, "%s: missing \"%s\"", place_text(&where, text, sizeof(text)),
                            fields.source ? "key" : "source");
        if (rc == HVD_OK)
            rc = add_fields(evidence, use, &fields, &where);
        if (rc != HVD_OK)
            return rc;
    }
    return HVD_OK;
}

/* Format 2: "evidence" is {source: {key: value or {"value", "status", "detail"}}}. */
static int read_source_groups(hvd_evidence *evidence, string_use use, const cJSON *sources)
{
    if (!cJSON_IsObject(sources))
        return hvd__error(HVD_EBADINPUT, "\"evidence\" is missing or not an object");
    const cJSON *group, *member;
    cJSON_ArrayForEach(group, sources)
    {
        if (!cJSON_IsObject(group))
            return hvd__error(HVD_EBADINPUT, "evidence.%.64s: not an object", group->string);
        cJSON_ArrayForEach(member, group)
        {
            if (hvd_evidence_count(evidence) >= MAX_BUNDLE_OBSERVATIONS)
                return hvd__error(HVD_EBADINPUT, "more than %d observations; not the evidence of one machine",
                                  MAX_BUNDLE_OBSERVATIONS);
            if (cJSON_IsString(member)) {
                int rc = add_observation(evidence, use, group->string, member->string, member->valuestring,
                                         HVD_STATUS_OK, NULL);
                if (rc != HVD_OK)
                    return rc;
                continue;
            }
            place where = {group->string, member->string, 0};
            char text[160];
            if (!cJSON_IsObject(member))
                return hvd__error(HVD_EBADINPUT, "%s: neither a string nor an object",
                                  place_text(&where, text, sizeof(text)));
            observation_fields fields = {0};
            int rc = read_fields(member, &fields, &where);
            fields.source = group->string;
            fields.key = member->string;
            if (rc == HVD_OK)
                rc = add_fields(evidence, use, &fields, &where);
            if (rc != HVD_OK)
                return rc;
        }
    }
    return HVD_OK;
}

static int read_collection(hvd_evidence *evidence, string_use use, const cJSON *collection)
{
    if (!collection)
        return HVD_OK;
    if (!cJSON_IsObject(collection))
        return hvd__error(HVD_EBADINPUT, "\"collection\" is not an object");
    const cJSON *member;
    int count = 0;
    cJSON_ArrayForEach(member, collection)
    {
        if (++count > HVD__EVIDENCE_META_MAX)
            return hvd__error(HVD_EBADINPUT, "\"collection\" has more than %d keys; not the record of one collection",
                              HVD__EVIDENCE_META_MAX);
    }
    cJSON_ArrayForEach(member, collection)
    {
        if (!cJSON_IsString(member))
            return hvd__error(HVD_EBADINPUT, "collection.%.64s is not a string", member->string);
        int rc = use != COPY_STRINGS ? hvd__evidence_set_meta_borrowed(evidence, member->string, member->valuestring)
                                     : hvd_evidence_set_meta(evidence, member->string, member->valuestring);
        if (rc != HVD_OK)
            return rc;
    }
    return HVD_OK;
}

static int read_bundle(hvd_evidence *evidence, string_use use, const cJSON *root)
{
    if (!cJSON_IsObject(root))
        return hvd__error(HVD_EBADINPUT, "not a JSON object");
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "hvdetect_evidence");
    if (!cJSON_IsNumber(format))
        return hvd__error(HVD_EBADINPUT, "not an hvdetect evidence bundle (no \"hvdetect_evidence\" number)");
    if (format->valuedouble != HVD__EVIDENCE_FORMAT_LIST && format->valuedouble != HVD__EVIDENCE_FORMAT)
        return hvd__error(HVD_EBADINPUT, "evidence format %.17g is not supported (this build reads formats %d to %d)",
                          format->valuedouble, HVD__EVIDENCE_FORMAT_LIST, HVD__EVIDENCE_FORMAT);
    int rc = read_collection(evidence, use, cJSON_GetObjectItemCaseSensitive(root, "collection"));
    if (rc != HVD_OK)
        return rc;
    const cJSON *observations = cJSON_GetObjectItemCaseSensitive(root, "evidence");
    return format->valuedouble == HVD__EVIDENCE_FORMAT_LIST ? read_observation_list(evidence, use, observations)
                                                            : read_source_groups(evidence, use, observations);
}

/* The offset of the first \u0000 escape, or length. cJSON ends the decoded string there ("QE\u0000MU" would
 * become "QE" without a word), so such a bundle is refused. Backslashes occur only inside strings in JSON, and each
 * escapes exactly the character after it. */
static size_t escaped_nul_offset(const char *json, size_t length)
{
    size_t i = 0;
    while (i + 1 < length) {
        const char *backslash = memchr(json + i, '\\', length - i - 1); /* most bundles have none */
        if (!backslash)
            break;
        i = (size_t)(backslash - json);
        if (json[i + 1] == 'u' && i + 5 < length && memcmp(json + i + 2, "0000", 4) == 0)
            return i;
        i += 2; /* past the backslash and the character it escapes */
    }
    return length;
}

/* What a bundle's text must pass before cJSON builds its tree. */
static int check_text(const char *json, size_t length)
{
    /* Counted before cJSON builds the tree, so that a hostile bundle is refused while it costs only its own bytes:
     * parsed, 64 MiB of "{}," would be gigabytes of nodes. Every value takes at least a byte of text, so a text of
     * at most MAX_BUNDLE_VALUES bytes (every bundle of a real machine) cannot hold too many and is not counted. */
    if (length > MAX_BUNDLE_VALUES && hvd__json_count_values(json, length, MAX_BUNDLE_VALUES) > MAX_BUNDLE_VALUES)
        return hvd__error(HVD_EBADINPUT, "more than %d JSON values; not the evidence of one machine",
                          MAX_BUNDLE_VALUES);
    size_t nul = escaped_nul_offset(json, length);
    if (nul < length)
        return hvd__error(HVD_EBADINPUT, "a string holds \\u0000 near byte %zu; evidence strings cannot hold NUL", nul);
    return HVD_OK;
}

static int invalid_json(const char *json, const char *end)
{
    size_t offset = end ? (size_t)(end - json) : 0;
    return hvd__error(HVD_EBADINPUT, "invalid JSON near byte %zu", offset);
}

int hvd_evidence_from_json(hvd_evidence **out, const char *json, size_t length)
{
    if (!out || !json)
        return hvd__error(HVD_EINVALID, "hvd_evidence_from_json: invalid argument");
    *out = NULL;
    int rc = check_text(json, length);
    if (rc != HVD_OK)
        return rc;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, length, &end, 0);
    if (!root)
        return invalid_json(json, end);
    hvd_evidence *evidence = NULL;
    rc = hvd_evidence_new(&evidence);
    if (rc == HVD_OK)
        rc = read_bundle(evidence, COPY_STRINGS, root);
    cJSON_Delete(root);
    if (rc != HVD_OK) {
        hvd_evidence_free(evidence);
        return rc;
    }
    *out = evidence;
    return HVD_OK;
}

int hvd__evidence_read_reused(hvd_evidence *evidence, hvd__json_arena *arena, const char *json, size_t length)
{
    hvd__evidence_clear(evidence);
    int rc = check_text(json, length);
    if (rc != HVD_OK)
        return rc;
    /* JSON's strings are bytes of its text, but for escapes (after a backslash): a text of printable ASCII without a
     * backslash (an NDJSON line as hvdetect writes it, nearly always) holds only strings of printable ASCII, which is
     * checked here once rather than string by string. Whitespace after the document is in none of its strings. */
    size_t document = hvd__text_trimmed_length(json, length);
    string_use use = !memchr(json, '\\', document) && hvd__text_is_printable_ascii(json, document)
                         ? BORROW_PRINTABLE_STRINGS
                         : BORROW_STRINGS;
    const char *end = NULL;
    const cJSON *root = hvd__json_arena_parse(arena, json, length, &end);
    if (!root)
        return arena->out_of_memory ? hvd__error(HVD_ENOMEM, "out of memory") : invalid_json(json, end);
    rc = read_bundle(evidence, use, root);
    if (rc != HVD_OK)
        hvd__evidence_clear(evidence);
    return rc;
}

int hvd_evidence_load(hvd_evidence **out, const char *path)
{
    if (!out || !path)
        return hvd__error(HVD_EINVALID, "hvd_evidence_load: invalid argument");
    *out = NULL;
    /* Through the io layer like every other file: bounded, and a FIFO or device is refused instead of blocking. */
    hvd__file file;
    int rc = hvd__read_user_file(path, MAX_BUNDLE_BYTES, &file);
    if (rc != HVD_OK)
        return rc;
    rc = hvd_evidence_from_json(out, file.data, file.length);
    if (rc != HVD_OK) {
        char message[1024];
        snprintf(message, sizeof(message), "%s", hvd_error_last());
        hvd__error(rc, "%s: %s", path, message);
    }
    hvd__file_free(&file);
    return rc;
}

/* The bundle's text ended by a newline, as files hold it (*out owned by the caller, *length without the NUL). */
static int bundle_file_text(char **out, size_t *length, const hvd_evidence *evidence, bundle_layout layout,
                            const char *path)
{
    char *json = NULL;
    int rc = bundle_text(&json, evidence, layout);
    if (rc != HVD_OK)
        return rc;
    *length = strlen(json);
    *out = realloc(json, *length + 2);
    if (!*out) {
        free(json);
        return hvd__error(HVD_ENOMEM, "%s: out of memory", path);
    }
    (*out)[(*length)++] = '\n';
    (*out)[*length] = '\0';
    return HVD_OK;
}

int hvd_evidence_save(const hvd_evidence *evidence, const char *path)
{
    if (!evidence || !path)
        return hvd__error(HVD_EINVALID, "hvd_evidence_save: invalid argument");
    char *text = NULL;
    size_t length = 0;
    int rc = bundle_file_text(&text, &length, evidence, BUNDLE_INDENTED, path);
    if (rc == HVD_OK)
        rc = hvd__write_file_atomic(path, text, length, HVD__MODE_EVIDENCE);
    free(text);
    return rc;
}

int hvd_evidence_append(const hvd_evidence *evidence, const char *path)
{
    if (!evidence || !path)
        return hvd__error(HVD_EINVALID, "hvd_evidence_append: invalid argument");
    /* JSON escapes every line break inside a string, so the unindented bundle is one line. */
    char *line = NULL;
    size_t length = 0;
    int rc = bundle_file_text(&line, &length, evidence, BUNDLE_ONE_LINE, path);
    if (rc == HVD_OK)
        rc = hvd__append_line(path, line, length, HVD__MODE_EVIDENCE);
    free(line);
    return rc;
}
