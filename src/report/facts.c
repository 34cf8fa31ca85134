/* SPDX-License-Identifier: MIT */
/* Formats for the tools admins already run: one flat JSON object of facts (an Ansible facts.d executable's output
 * and a Facter external fact alike) and the Prometheus text exposition format for node_exporter's textfile
 * collector. Both are built from the same flat summary. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "hvdetect/version.h"
#include "report/report.h"
#include "report/summary.h"
#include "util/json_build.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Facter puts external facts at the top level, so every name carries the tool's prefix. */
static void add_fact(hvd__json_builder *b, cJSON *object, const hvd__summary_field *field)
{
    char name[96];
    snprintf(name, sizeof(name), "hvdetect_%s", field->name);
    if (!field->value[0]) {
        hvd__json_add(b, object, name, field->is_list ? cJSON_CreateArray() : cJSON_CreateNull());
        return;
    }
    if (field->is_boolean) {
        hvd__json_add_bool(b, object, name, strcmp(field->value, "true") == 0);
        return;
    }
    if (!field->is_list) {
        hvd__json_add_string(b, object, name, field->value);
        return;
    }
    cJSON *array = hvd__json_add_array(b, object, name);
    /* The value is the whole list, however long: split in a copy of its own size. */
    char *copy = hvd__strdup(field->value);
    if (!copy)
        b->failed = 1;
    for (char *item = copy; item;) {
        char *comma = strchr(item, ',');
        if (comma)
            *comma = '\0';
        hvd__json_append(b, array, cJSON_CreateString(item));
        item = comma ? comma + 1 : NULL;
    }
    free(copy);
}

cJSON *hvd__report_facts_object(const hvd__report_input *input)
{
    hvd__summary summary;
    if (hvd__summary_build(&summary, input->result, input->policy) != HVD_OK) {
        hvd__summary_free(&summary);
        return NULL;
    }
    if (input->evidence)
        hvd__summary_add_identity(&summary, input->evidence, !(input->flags & HVD_REPORT_NO_REDACT));
    hvd__json_builder builder = {0};
    cJSON *object = hvd__json_object(&builder);
    hvd__json_add_string(&builder, object, "hvdetect_format", "hvdetect-facts/" HVD__FLAT_FORMAT_VERSION);
    hvd__json_add(&builder, object, "hvdetect_virtualized",
                  summary.virtualized < 0 ? cJSON_CreateNull() : cJSON_CreateBool(summary.virtualized));
    for (size_t i = 0; i < summary.count; i++)
        add_fact(&builder, object, &summary.fields[i]);
    hvd__summary_free(&summary);
    if (builder.failed) {
        cJSON_Delete(object);
        return NULL;
    }
    return object;
}

int hvd__report_facts(char **out, const hvd__report_input *input)
{
    if (!input->result)
        return hvd__error(HVD_EINVALID, "facts need an identification result");
    cJSON *object = hvd__report_facts_object(input);
    *out = object ? cJSON_Print(object) : NULL;
    cJSON_Delete(object);
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "report: out of memory");
}

/* Label values escape backslash, double quote and newline (Prometheus text exposition format). */
static void append_label_value(hvd__strbuf *out, const char *value)
{
    for (const char *p = value; *p; p++) {
        if (*p == '\\' || *p == '"')
            hvd__strbuf_printf(out, "\\%c", *p);
        else if (*p == '\n')
            hvd__strbuf_append(out, "\\n");
        else
            hvd__strbuf_append_n(out, p, 1);
    }
}

static void append_labels(hvd__strbuf *text, const char *const (*labels)[2], size_t count)
{
    hvd__strbuf_append(text, "{");
    for (size_t i = 0; i < count; i++) {
        hvd__strbuf_printf(text, "%s%s=\"", i ? "," : "", labels[i][0]);
        append_label_value(text, labels[i][1]);
        hvd__strbuf_append(text, "\"");
    }
    hvd__strbuf_append(text, "}");
}

/* Days since 1970-01-01 of a valid YYYY-MM-DD (Howard Hinnant's days_from_civil), for a timestamp gauge. */
static long long days_from_civil(int year, int month, int day)
{
    year -= month <= 2;
    long long era = (year >= 0 ? year : year - 399) / 400;
    long long year_of_era = year - era * 400;
    long long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

/* hvdetect_info carries only what changes when the machine does, so that its series stays the same from one run to
 * the next; the date the policy was evaluated on is a gauge of its own, and the version a build_info series (the
 * convention of Prometheus's own exporters), whose labels change only on an upgrade. */
int hvd__report_prometheus(char **out, const hvd__report_input *input)
{
    if (!input->result)
        return hvd__error(HVD_EINVALID, "metrics need an identification result");
    hvd__summary summary;
    if (hvd__summary_build(&summary, input->result, input->policy) != HVD_OK) {
        hvd__summary_free(&summary);
        return hvd__error(HVD_ENOMEM, "metrics: out of memory");
    }
    const char *labels[HVD__SUMMARY_FIELDS][2];
    size_t count = 0;
    for (size_t i = 0; i < summary.count; i++)
        if (!summary.fields[i].changes_over_time) {
            labels[count][0] = summary.fields[i].name;
            labels[count++][1] = summary.fields[i].value;
        }
    hvd__strbuf text = {0};
    hvd__strbuf_append(&text, "# HELP hvdetect_info The virtualization platform and support tier hvdetect found, "
                              "in labels; the value is always 1.\n# TYPE hvdetect_info gauge\nhvdetect_info");
    append_labels(&text, (const char *const (*)[2])labels, count);
    hvd__strbuf_printf(&text, " 1\n# HELP hvdetect_virtualized 1 when this machine is virtual, 0 when it is not, "
                              "-1 when hvdetect cannot tell.\n# TYPE hvdetect_virtualized gauge\n"
                              "hvdetect_virtualized %d\n",
                       summary.virtualized);
    const char *as_of = input->policy ? hvd_policy_as_of(input->policy) : NULL;
    int year, month, day;
    if (as_of && sscanf(as_of, "%4d-%2d-%2d", &year, &month, &day) == 3)
        hvd__strbuf_printf(&text, "# HELP hvdetect_policy_as_of_timestamp_seconds The day (00:00 UTC) the support "
                                  "policy and partner list were evaluated on.\n"
                                  "# TYPE hvdetect_policy_as_of_timestamp_seconds gauge\n"
                                  "hvdetect_policy_as_of_timestamp_seconds %lld\n",
                           days_from_civil(year, month, day) * 86400);
    const char *build_labels[][2] = {{"version", hvd_version()},
                                     {"format", "hvdetect-prometheus/" HVD__FLAT_FORMAT_VERSION}};
    hvd__strbuf_append(&text, "# HELP hvdetect_build_info The hvdetect version that wrote these metrics, and their "
                              "format; the value is always 1.\n# TYPE hvdetect_build_info gauge\nhvdetect_build_info");
    append_labels(&text, build_labels, 2);
    hvd__strbuf_append(&text, " 1\n");
    hvd__summary_free(&summary);
    *out = hvd__strbuf_detach(&text);
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "report: out of memory");
}
