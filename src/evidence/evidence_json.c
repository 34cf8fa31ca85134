#include "evidence/evidence_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/output.h"
#include "io/root.h"
#include "util/error.h"
#include "util/text.h"

/* Evidence bundles are small (tens of kilobytes); anything far larger is not one. */
enum { MAX_BUNDLE_BYTES = 64 * 1024 * 1024 };

/* A real machine yields a few thousand observations; a bundle with far more is not one, and would only cost time. */
enum { MAX_BUNDLE_OBSERVATIONS = 100000 };

void hvd_free(void *buffer)
{
    free(buffer);
}

/* Keys whose values identify a machine rather than its platform. */
static const struct {
    const char *source;
    const char *key;
} identifier_keys[] = {
    {"dmi", "product_serial"},     {"dmi", "product_uuid"},       {"dmi", "board_serial"},
    {"dmi", "chassis_serial"},     {"dmi", "board_asset_tag"},    {"smbios", "product_serial"},
    {"smbios", "product_uuid"},    {"smbios", "board_serial"},    {"smbios", "chassis_serial"},
    {"smbios", "board_asset_tag"}, {"platform", "sys/hypervisor/uuid"},
    {"platform", "proc/device-tree/ibm,partition-name"},
    {"platform", "proc/sysinfo.VM00 Name"},
    {"windows", "guest_parameters.HostName"},
    {"windows", "guest_parameters.PhysicalHostName"},
    {"windows", "guest_parameters.PhysicalHostNameFullyQualified"},
    {"windows", "guest_parameters.VirtualMachineName"},
    {"windows", "guest_parameters.VirtualMachineId"},
};

int hvd__evidence_is_identifier(const hvd_observation *item)
{
    for (size_t i = 0; i < sizeof(identifier_keys) / sizeof(identifier_keys[0]); i++)
        if (strcmp(item->source, identifier_keys[i].source) == 0 && strcmp(item->key, identifier_keys[i].key) == 0)
            return 1;
    return 0;
}

const char *hvd__evidence_shown_value(const char *source, const char *key, const char *value, int redact,
                                      char *buffer, size_t size)
{
    hvd_observation item = {source, key, value, HVD_STATUS_OK, ""};
    if (!redact || !value || !hvd__evidence_is_identifier(&item))
        return value;
    /* VMware's serial prefix ("VMware-42 ", vCenter-assigned) tells the product apart and identifies no machine. */
    size_t keep = strncmp(value, "VMware-", 7) == 0 ? 10 : 0;
    if (keep > strlen(value))
        keep = strlen(value);
    snprintf(buffer, size, "%.*s[redacted]", (int)keep, value);
    return buffer;
}

cJSON *hvd__evidence_collection_json(const hvd_evidence *evidence)
{
    cJSON *collection = cJSON_CreateObject();
    for (size_t i = 0; collection && i < hvd_evidence_meta_count(evidence); i++)
        if (!cJSON_AddStringToObject(collection, hvd_evidence_meta_name(evidence, i),
                                     hvd_evidence_meta_value(evidence, i))) {
            cJSON_Delete(collection);
            return NULL;
        }
    return collection;
}

static cJSON *observation_json(const hvd_observation *item, int redact, int compact)
{
    cJSON *object = cJSON_CreateObject();
    if (!object)
        return NULL;
    char buffer[64];
    const char *value = item->status == HVD_STATUS_OK
                            ? hvd__evidence_shown_value(item->source, item->key, item->value, redact, buffer,
                                                        sizeof(buffer))
                            : item->value;
    /* In a bundle, "ok" is the default status and only what was read has a value: leaving both out keeps bundles
     * small, and so quick to read back by the hundred thousand. Reports spell everything out. */
    int ok = cJSON_AddStringToObject(object, "source", item->source) &&
             cJSON_AddStringToObject(object, "key", item->key);
    if (ok && (!compact || item->status == HVD_STATUS_OK))
        ok = cJSON_AddStringToObject(object, "value", value) != NULL;
    if (ok && (!compact || item->status != HVD_STATUS_OK))
        ok = cJSON_AddStringToObject(object, "status", hvd_status_name(item->status)) != NULL;
    if (ok && item->detail[0])
        ok = cJSON_AddStringToObject(object, "detail", item->detail) != NULL;
    if (!ok) {
        cJSON_Delete(object);
        return NULL;
    }
    return object;
}

cJSON *hvd__evidence_array_json(const hvd_evidence *evidence, int redact, int compact)
{
    cJSON *array = cJSON_CreateArray();
    for (size_t i = 0; array && i < hvd_evidence_count(evidence); i++) {
        cJSON *item = observation_json(hvd_evidence_at(evidence, i), redact, compact);
        if (!item || !cJSON_AddItemToArray(array, item)) {
            cJSON_Delete(item);
            cJSON_Delete(array);
            return NULL;
        }
    }
    return array;
}

int hvd_evidence_to_json(char **out, const hvd_evidence *evidence)
{
    if (!out || !evidence)
        return hvd__error(HVD_EINVALID, "hvd_evidence_to_json: invalid argument");
    *out = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *collection = hvd__evidence_collection_json(evidence);
    cJSON *array = hvd__evidence_array_json(evidence, 0, 1);
    int ok = root && collection && array && cJSON_AddNumberToObject(root, "hvdetect_evidence", HVD__EVIDENCE_FORMAT);
    if (ok) {
        cJSON_AddItemToObject(root, "collection", collection);
        cJSON_AddItemToObject(root, "evidence", array);
        collection = array = NULL;
        *out = cJSON_Print(root);
    }
    cJSON_Delete(collection);
    cJSON_Delete(array);
    cJSON_Delete(root);
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "evidence: out of memory while writing JSON");
}

/* The members of one observation, read in a single pass over the object. */
typedef struct observation_fields {
    const char *source, *key, *value, *status, *detail;
} observation_fields;

static int add_observation_json(hvd_evidence *evidence, const cJSON *item, size_t index)
{
    if (!cJSON_IsObject(item))
        return hvd__error(HVD_EBADINPUT, "evidence[%zu]: not an object", index);
    static const char *const names[] = {"source", "key", "value", "status", "detail"};
    observation_fields fields = {0};
    const char **slots[] = {&fields.source, &fields.key, &fields.value, &fields.status, &fields.detail};
    const cJSON *member;
    cJSON_ArrayForEach(member, item)
    {
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            if (strcmp(member->string, names[i]) != 0)
                continue;
            if (!cJSON_IsString(member))
                return hvd__error(HVD_EBADINPUT, "evidence[%zu]: \"%s\" is not a string", index, names[i]);
            *slots[i] = member->valuestring;
        }
    }
    if (!fields.source || !fields.key)
        return hvd__error(HVD_EBADINPUT, "evidence[%zu]: missing \"%s\"", index, fields.source ? "key" : "source");
    int status = fields.status ? hvd_status_from_name(fields.status) : HVD_STATUS_OK;
    if (status < 0)
        return hvd__error(HVD_EBADINPUT, "evidence[%zu]: unknown status \"%s\"", index, fields.status);
    return hvd_evidence_add(evidence, fields.source, fields.key, fields.value, (hvd_status)status, fields.detail);
}

static int read_collection(hvd_evidence *evidence, const cJSON *collection)
{
    if (!collection)
        return HVD_OK;
    if (!cJSON_IsObject(collection))
        return hvd__error(HVD_EBADINPUT, "\"collection\" is not an object");
    const cJSON *member;
    cJSON_ArrayForEach(member, collection)
    {
        if (!cJSON_IsString(member))
            return hvd__error(HVD_EBADINPUT, "collection.%s is not a string", member->string);
        int rc = hvd_evidence_set_meta(evidence, member->string, member->valuestring);
        if (rc != HVD_OK)
            return rc;
    }
    return HVD_OK;
}

static int read_bundle(hvd_evidence *evidence, const cJSON *root)
{
    if (!cJSON_IsObject(root))
        return hvd__error(HVD_EBADINPUT, "not a JSON object");
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "hvdetect_evidence");
    if (!cJSON_IsNumber(format))
        return hvd__error(HVD_EBADINPUT, "not an hvdetect evidence bundle (no \"hvdetect_evidence\" number)");
    if (format->valueint != HVD__EVIDENCE_FORMAT)
        return hvd__error(HVD_EBADINPUT, "evidence format %d is not supported (this build reads format %d)",
                          format->valueint, HVD__EVIDENCE_FORMAT);
    int rc = read_collection(evidence, cJSON_GetObjectItemCaseSensitive(root, "collection"));
    if (rc != HVD_OK)
        return rc;
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(root, "evidence");
    if (!cJSON_IsArray(array))
        return hvd__error(HVD_EBADINPUT, "\"evidence\" is missing or not an array");
    if (cJSON_GetArraySize(array) > MAX_BUNDLE_OBSERVATIONS)
        return hvd__error(HVD_EBADINPUT, "more than %d observations; not the evidence of one machine",
                          MAX_BUNDLE_OBSERVATIONS);
    size_t index = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        rc = add_observation_json(evidence, item, index++);
        if (rc != HVD_OK)
            return rc;
    }
    return HVD_OK;
}

int hvd_evidence_from_json(hvd_evidence **out, const char *json, size_t length)
{
    if (!out || !json)
        return hvd__error(HVD_EINVALID, "hvd_evidence_from_json: invalid argument");
    *out = NULL;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, length, &end, 0);
    if (!root) {
        size_t offset = end ? (size_t)(end - json) : 0;
        return hvd__error(HVD_EBADINPUT, "invalid JSON near byte %zu", offset);
    }
    hvd_evidence *evidence = NULL;
    int rc = hvd_evidence_new(&evidence);
    if (rc == HVD_OK)
        rc = read_bundle(evidence, root);
    cJSON_Delete(root);
    if (rc != HVD_OK) {
        hvd_evidence_free(evidence);
        return rc;
    }
    *out = evidence;
    return HVD_OK;
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

int hvd_evidence_save(const hvd_evidence *evidence, const char *path)
{
    if (!evidence || !path)
        return hvd__error(HVD_EINVALID, "hvd_evidence_save: invalid argument");
    char *json = NULL;
    int rc = hvd_evidence_to_json(&json, evidence);
    if (rc != HVD_OK)
        return rc;
    size_t length = strlen(json);
    json[length] = '\0';
    char *with_newline = realloc(json, length + 2);
    if (!with_newline) {
        free(json);
        return hvd__error(HVD_ENOMEM, "%s: out of memory", path);
    }
    with_newline[length] = '\n';
    with_newline[length + 1] = '\0';
    rc = hvd__write_file_atomic(path, with_newline, length + 1, HVD__MODE_EVIDENCE);
    free(with_newline);
    return rc;
}
