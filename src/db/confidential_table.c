/* SPDX-License-Identifier: MIT */
/* vendors/confidential.json: the kinds of confidential VM, then the signatures for each, most specific first. */

#include <stdlib.h>
#include <string.h>

#include "db/confidential_table.h"
#include "db/vendordb.h"

static void parse_kinds(hvd__cvm_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"id", "name", "systemd_id", "note", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "kinds", 1))
    {
        check->entry = NULL;
        hvd__cvm_kind *kind = HVD__APPEND(check, table->kinds, table->kind_count);
        if (!kind)
            return;
        kind->id = hvd__check_string(check, item, "id", 1);
        check->entry = kind->id;
        hvd__check_keys(check, item, keys);
        kind->name = hvd__check_string(check, item, "name", 1);
        kind->systemd_id = hvd__check_string(check, item, "systemd_id", 0);
        if (kind->id && strcmp(kind->id, "none") == 0)
            hvd__check_problem(check, "id", "\"none\" is the answer when no signature matches, not a kind");
        for (size_t i = 0; kind->id && i + 1 < table->kind_count; i++)
            if (table->kinds[i].id && strcmp(table->kinds[i].id, kind->id) == 0)
                hvd__check_problem(check, "id", "kind \"%s\" is listed twice", kind->id);
    }
}

static long kind_index(const hvd__cvm_table *table, const char *id)
{
    for (size_t i = 0; id && i < table->kind_count; i++)
        if (table->kinds[i].id && strcmp(table->kinds[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* Evidence that this machine hosts confidential guests itself: with it, no signature makes it one. */
static void parse_host_signatures(hvd__cvm_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"id", "when", "why", "ref", "note", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "host_signatures", 1))
    {
        check->entry = NULL;
        hvd__cvm_signature *signature = HVD__APPEND(check, table->host_signatures, table->host_signature_count);
        if (!signature)
            return;
        signature->id = hvd__check_string(check, item, "id", 1);
        check->entry = signature->id;
        hvd__check_keys(check, item, keys);
        hvd__vendor_db_parse_conditions(check, item, &signature->conditions, &signature->condition_count);
        signature->why = hvd__check_string(check, item, "why", 1);
        hvd__check_string(check, item, "ref", 1);
    }
}

static void parse_signatures(hvd__cvm_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const keys[] = {"id", "kind", "when", "strength", "paravisor", "why", "ref", "note", NULL};
    const cJSON *item;
    cJSON_ArrayForEach(item, hvd__check_array(check, root, "signatures", 1))
    {
        check->entry = NULL;
        hvd__cvm_signature *signature = HVD__APPEND(check, table->signatures, table->signature_count);
        if (!signature)
            return;
        signature->id = hvd__check_string(check, item, "id", 1);
        check->entry = signature->id;
        hvd__check_keys(check, item, keys);
        const char *kind = hvd__check_string(check, item, "kind", 1);
        long index = kind_index(table, kind);
        if (kind && index < 0)
            hvd__check_problem(check, "kind", "\"%s\" is not one of the file's kinds", kind);
        signature->kind = index < 0 ? 0 : (size_t)index;
        hvd__vendor_db_parse_conditions(check, item, &signature->conditions, &signature->condition_count);
        signature->strength = hvd__vendor_db_parse_strength(check, item);
        signature->paravisor = hvd__check_bool(check, item, "paravisor");
        signature->why = hvd__check_string(check, item, "why", 1);
        hvd__check_string(check, item, "ref", 1);
    }
}

void hvd__cvm_table_parse(hvd__cvm_table *table, const cJSON *root, hvd__checker *check)
{
    static const char *const file_keys[] = {"kinds", "host_signatures", "signatures", "note", NULL};
    check->entry = NULL;
    hvd__check_keys(check, root, file_keys);
    parse_kinds(table, root, check);
    parse_host_signatures(table, root, check);
    parse_signatures(table, root, check);
}

void hvd__cvm_table_free(hvd__cvm_table *table)
{
    for (size_t i = 0; i < table->signature_count; i++)
        free(table->signatures[i].conditions);
    for (size_t i = 0; i < table->host_signature_count; i++)
        free(table->host_signatures[i].conditions);
    free(table->signatures);
    free(table->host_signatures);
    free(table->kinds);
    memset(table, 0, sizeof(*table));
}
