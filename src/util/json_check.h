/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_JSON_CHECK_H
#define HVD_UTIL_JSON_CHECK_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

/* Collects problems as lines "file: entry "id": field "name": message". */
typedef struct hvd__checker {
    hvd__strbuf problems;
    size_t problem_count;
    const char *file;  /* the file being read */
    const char *entry; /* the id of the entry being read, or NULL */
    int out_of_memory;
} hvd__checker;

void hvd__check_problem(hvd__checker *check, const char *field, const char *format, ...) HVD__PRINTF(3, 4);

/* Reports every member of object not in allowed (NULL-terminated), and every member given twice. */
void hvd__check_keys(hvd__checker *check, const cJSON *object, const char *const *allowed);

/* Typed members; each returns NULL (or 0) and reports a problem when the member is malformed, or missing and
 * required. Strings are borrowed from the document. */
const char *hvd__check_string(hvd__checker *check, const cJSON *object, const char *name, int required);
const cJSON *hvd__check_array(hvd__checker *check, const cJSON *object, const char *name, int required);
int hvd__check_bool(hvd__checker *check, const cJSON *object, const char *name);
const char *hvd__check_date(hvd__checker *check, const cJSON *object, const char *name);
const char *hvd__check_choice(hvd__checker *check, const cJSON *object, const char *name, int required,
                              const char *const *choices);

int hvd__check_make_room(hvd__checker *check, void **array, size_t count, size_t element_size);

/* Appends one zeroed element to a growing array; evaluates to a pointer to it, or NULL when out of memory. */
#define HVD__APPEND(check, array, count) \
    (hvd__check_make_room((check), (void **)&(array), (count), sizeof(*(array))) \
         ? memset(&(array)[(count)++], 0, sizeof(*(array))) : NULL)

#endif
