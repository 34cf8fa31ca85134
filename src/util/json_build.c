/* SPDX-License-Identifier: MIT */
#include "util/json_build.h"

static cJSON *checked(hvd__json_builder *builder, cJSON *item)
{
    if (!item)
        builder->failed = 1;
    return item;
}

cJSON *hvd__json_object(hvd__json_builder *builder)
{
    return checked(builder, cJSON_CreateObject());
}

cJSON *hvd__json_array(hvd__json_builder *builder)
{
    return checked(builder, cJSON_CreateArray());
}

void hvd__json_add(hvd__json_builder *builder, cJSON *object, const char *name, cJSON *item)
{
    if (!object || !item || !cJSON_AddItemToObject(object, name, item)) {
        cJSON_Delete(item);
        builder->failed = 1;
    }
}

void hvd__json_append(hvd__json_builder *builder, cJSON *array, cJSON *item)
{
    if (!array || !item || !cJSON_AddItemToArray(array, item)) {
        cJSON_Delete(item);
        builder->failed = 1;
    }
}

void hvd__json_add_string(hvd__json_builder *builder, cJSON *object, const char *name, const char *value)
{
    hvd__json_add(builder, object, name, cJSON_CreateString(value ? value : ""));
}

void hvd__json_add_nullable(hvd__json_builder *builder, cJSON *object, const char *name, const char *value)
{
    hvd__json_add(builder, object, name, value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

void hvd__json_add_bool(hvd__json_builder *builder, cJSON *object, const char *name, int value)
{
    hvd__json_add(builder, object, name, cJSON_CreateBool(value));
}

cJSON *hvd__json_add_array(hvd__json_builder *builder, cJSON *object, const char *name)
{
    cJSON *array = cJSON_CreateArray();
    hvd__json_add(builder, object, name, array);
    return builder->failed ? NULL : array;
}

cJSON *hvd__json_add_object(hvd__json_builder *builder, cJSON *object, const char *name)
{
    cJSON *child = cJSON_CreateObject();
    hvd__json_add(builder, object, name, child);
    return builder->failed ? NULL : child;
}
