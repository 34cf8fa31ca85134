/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_JSON_BUILD_H
#define HVD_UTIL_JSON_BUILD_H

#include <cjson/cJSON.h>

/* Building a JSON document when any allocation can fail. Every member goes in through a builder that remembers a
 * failure, so that a renderer checks once, at the end, instead of after each of dozens of calls, and never hands
 * out a document with members silently missing. Adding to a NULL object or array (one whose own creation failed)
 * is a failure too, so a failure anywhere reaches the end. */
typedef struct hvd__json_builder {
    int failed;
} hvd__json_builder;

cJSON *hvd__json_object(hvd__json_builder *builder);
cJSON *hvd__json_array(hvd__json_builder *builder);

/* Adds item to object as name, or to the end of array; item is owned by the document afterwards (freed on
 * failure). */
void hvd__json_add(hvd__json_builder *builder, cJSON *object, const char *name, cJSON *item);
void hvd__json_append(hvd__json_builder *builder, cJSON *array, cJSON *item);

void hvd__json_add_string(hvd__json_builder *builder, cJSON *object, const char *name, const char *value);
/* name: value, or name: null when value is NULL. */
void hvd__json_add_nullable(hvd__json_builder *builder, cJSON *object, const char *name, const char *value);
void hvd__json_add_bool(hvd__json_builder *builder, cJSON *object, const char *name, int value);

/* A new empty array or object added to object as name; NULL once anything has failed (adding to it then fails
 * too). */
cJSON *hvd__json_add_array(hvd__json_builder *builder, cJSON *object, const char *name);
cJSON *hvd__json_add_object(hvd__json_builder *builder, cJSON *object, const char *name);

#endif
