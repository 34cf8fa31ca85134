/* SPDX-License-Identifier: MIT */
/* Reading JSON documents that people write (the vendor database, the policy table) with every problem reported by
 * file, entry and field instead of stopping at the first. */

#include "util/json_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

void hvd__check_problem(hvd__checker *check, const char *field, const char *format, ...)
{
    char message[512];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof(message), format, args);
    va_end(args);
    hvd__strbuf_printf(&check->problems, "%s", check->file);
    if (check->entry)
        hvd__strbuf_printf(&check->problems, ": entry \"%s\"", check->entry);
    if (field)
        hvd__strbuf_printf(&check->problems, ": field \"%s\"", field);
    hvd__strbuf_printf(&check->problems, ": %s\n", message);
    check->problem_count++;
}

void hvd__check_keys(hvd__checker *check, const cJSON *object, const char *const *allowed)
{
    const cJSON *member;
    cJSON_ArrayForEach(member, object)
    {
        int known = 0;
        for (size_t i = 0; allowed[i] && !known; i++)
            known = strcmp(member->string, allowed[i]) == 0;
        if (!known)
            hvd__check_problem(check, member->string, "unknown field (a typo would silently disable a rule)");
        /* cJSON keeps both copies of a repeated key and returns the first: the second would be ignored silently. */
        for (const cJSON *earlier = object->child; earlier != member; earlier = earlier->next)
            if (strcmp(earlier->string, member->string) == 0) {
                hvd__check_problem(check, member->string, "given twice");
                break;
            }
    }
}

const char *hvd__check_string(hvd__checker *check, const cJSON *object, const char *name, int required)
{
    const cJSON *member = cJSON_GetObjectItemCaseSensitive(object, name);
    if (!member || cJSON_IsNull(member)) {
        if (required)
            hvd__check_problem(check, name, "missing");
        return NULL;
    }
    if (!cJSON_IsString(member) || member->valuestring[0] == '\0') {
        hvd__check_problem(check, name, "must be a non-empty string");
        return NULL;
    }
    return member->valuestring;
}

const cJSON *hvd__check_array(hvd__checker *check, const cJSON *object, const char *name, int required)
{
    const cJSON *member = cJSON_GetObjectItemCaseSensitive(object, name);
    if (!member) {
        if (required)
            hvd__check_problem(check, name, "missing");
        return NULL;
    }
    if (!cJSON_IsArray(member)) {
        hvd__check_problem(check, name, "must be an array");
        return NULL;
    }
    return member;
}

int hvd__check_bool(hvd__checker *check, const cJSON *object, const char *name)
{
    const cJSON *member = cJSON_GetObjectItemCaseSensitive(object, name);
    if (!member)
        return 0;
    if (!cJSON_IsBool(member)) {
        hvd__check_problem(check, name, "must be true or false");
        return 0;
    }
    return cJSON_IsTrue(member);
}

const char *hvd__check_date(hvd__checker *check, const cJSON *object, const char *name)
{
    const char *date = hvd__check_string(check, object, name, 0);
    if (date && !hvd__text_valid_date(date)) {
        hvd__check_problem(check, name, "\"%s\" is not a date (YYYY-MM-DD)", date);
        return NULL;
    }
    return date;
}

const char *hvd__check_choice(hvd__checker *check, const cJSON *object, const char *name, int required,
                              const char *const *choices)
{
    const char *value = hvd__check_string(check, object, name, required);
    if (!value)
        return NULL;
    for (size_t i = 0; choices[i]; i++)
        if (strcmp(value, choices[i]) == 0)
            return value;
    hvd__check_problem(check, name, "\"%s\" is not one of the allowed values", value);
    return NULL;
}

/* Makes room for one more element in a growing array: 8 at first, doubled whenever count reaches a power of two
 * from 8 on. On failure the array is left as it was and the checker remembers it. */
int hvd__check_make_room(hvd__checker *check, void **array, size_t count, size_t element_size)
{
    if (count != 0 && (count < 8 || (count & (count - 1)) != 0))
        return 1;
    size_t capacity = count ? count * 2 : 8;
    void *bigger = realloc(*array, capacity * element_size);
    if (!bigger) {
        check->out_of_memory = 1;
        return 0;
    }
    *array = bigger;
    return 1;
}
