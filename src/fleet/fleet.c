/* SPDX-License-Identifier: MIT */
/* Many machines in one process: each evidence bundle is loaded, identified, evaluated, listed and freed before the
 * next, and only counts are kept, so memory stays flat however many bundles a support team holds. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "hvdetect/fleet.h"
#include "engine/identify.h"
#include "evidence/evidence_json.h"
#include "io/dir_stream.h"
#include "io/line_stream.h"
#include "io/root.h"
#include "policy/evaluate.h"
#include "report/report.h"
#include "report/summary.h"
#include "util/error.h"
#include "util/json_arena.h"
#include "util/names.h"
#include "util/strbuf.h"
#include "util/text.h"

enum { EXAMPLES_PER_GROUP = 5 };

typedef struct tally_entry {
    char *value;
    size_t count;
} tally_entry;

/* Counts per distinct value; a fleet has few distinct technologies, products, vendors or tiers. */
typedef struct tally {
    const char *title;
    tally_entry *entries;
    size_t count;
} tally;

/* Machines whose tier is undetermined, by technology, with a few of their names and what to find out. */
typedef struct undetermined_group {
    char *technology;
    const char *to_decide; /* borrowed from the database */
    size_t count;
    char *examples[EXAMPLES_PER_GROUP];
} undetermined_group;

enum { TALLY_TECHNOLOGY, TALLY_PRODUCT, TALLY_VENDOR, TALLY_TIER, TALLY_CONFIDENTIAL, TALLY_CONTAINER, TALLY_COUNT };

struct hvd_fleet {
    const hvd_vendor_db *db;
    hvd_policy_options options;
    hvd_fleet_format format;
    hvd_fleet_line_fn on_line;
    hvd_fleet_problem_fn on_problem;
    void *context;
    size_t machines;
    size_t skipped;
    int header_written;
    tally tallies[TALLY_COUNT];
    undetermined_group *groups;
    size_t group_count;
    int out_of_memory;
    unsigned int flags; /* HVD_REPORT_NO_REDACT */
    /* Each bundle is parsed into the same arena and read into the same evidence set, which points into it: the
     * memory of one bundle serves the next. */
    hvd__json_arena arena;
    hvd_evidence *evidence;
    hvd__read_buffer file; /* each listed file's text, read into the same memory */
};

static const char *const fleet_format_names[HVD_FLEET_FORMAT_COUNT_] = {
    [HVD_FLEET_NDJSON] = "ndjson", [HVD_FLEET_CSV] = "csv", [HVD_FLEET_NONE] = "none",
};

HVD__NAME_LOOKUPS(hvd_fleet_format, hvd_fleet_format, fleet_format_names, HVD_FLEET_FORMAT_COUNT_)

int hvd_fleet_new(hvd_fleet **out, const hvd_vendor_db *db, const hvd_policy_options *opts,
                  hvd_fleet_format format, hvd_fleet_line_fn on_line, hvd_fleet_problem_fn on_problem,
                  void *context)
{
    if (out)
        *out = NULL;
    if (!out || !db || (int)format < 0 || format >= HVD_FLEET_FORMAT_COUNT_)
        return hvd__error(HVD_EINVALID, "hvd_fleet_new: invalid argument");
    hvd_fleet *fleet = calloc(1, sizeof(*fleet));
    if (!fleet || hvd_evidence_new(&fleet->evidence) != HVD_OK) {
        free(fleet);
        return hvd__error(HVD_ENOMEM, "fleet: out of memory");
    }
    hvd_policy_options defaults = HVD_POLICY_OPTIONS_INIT;
    fleet->db = db;
    fleet->options = opts ? *opts : defaults;
    fleet->format = format;
    fleet->on_line = on_line;
    fleet->on_problem = on_problem;
    fleet->context = context;
    static const char *const titles[TALLY_COUNT] = {"technology", "product", "vendor", "tier", "confidential VM",
                                                    "container (innermost)"};
    for (int t = 0; t < TALLY_COUNT; t++)
        fleet->tallies[t].title = titles[t];
    *out = fleet;
    return HVD_OK;
}

void hvd_fleet_free(hvd_fleet *fleet)
{
    if (!fleet)
        return;
    for (int t = 0; t < TALLY_COUNT; t++) {
        for (size_t i = 0; i < fleet->tallies[t].count; i++)
            free(fleet->tallies[t].entries[i].value);
        free(fleet->tallies[t].entries);
    }
    for (size_t g = 0; g < fleet->group_count; g++) {
        free(fleet->groups[g].technology);
        for (size_t e = 0; e < EXAMPLES_PER_GROUP; e++)
            free(fleet->groups[g].examples[e]);
    }
    free(fleet->groups);
    hvd_evidence_free(fleet->evidence);
    hvd__json_arena_free(&fleet->arena);
    hvd__read_buffer_free(&fleet->file);
    free(fleet);
}

void hvd_fleet_set_flags(hvd_fleet *fleet, unsigned int flags)
{
    if (fleet)
        fleet->flags = flags & HVD_REPORT_NO_REDACT;
}

size_t hvd_fleet_machine_count(const hvd_fleet *fleet)
{
    return fleet ? fleet->machines : 0;
}

size_t hvd_fleet_skipped_count(const hvd_fleet *fleet)
{
    return fleet ? fleet->skipped : 0;
}

/* ---- counting ---- */

static void count_value(hvd_fleet *fleet, tally *t, const char *value)
{
    value = value && value[0] ? value : "(none)";
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->entries[i].value, value) == 0) {
            t->entries[i].count++;
            return;
        }
    tally_entry *bigger = realloc(t->entries, (t->count + 1) * sizeof(*bigger));
    char *copy = hvd__strdup(value);
    if (!bigger || !copy) {
        free(copy);
        if (bigger)
            t->entries = bigger;
        fleet->out_of_memory = 1;
        return;
    }
    t->entries = bigger;
    t->entries[t->count++] = (tally_entry){copy, 1};
}

static void count_undetermined(hvd_fleet *fleet, const char *name, const hvd_result *result,
                               const hvd_policy_result *policy)
{
    const char *technology = hvd_result_technology(result) ? hvd_result_technology(result) : "(unknown)";
    undetermined_group *group = NULL;
    for (size_t g = 0; g < fleet->group_count && !group; g++)
        if (strcmp(fleet->groups[g].technology, technology) == 0)
            group = &fleet->groups[g];
    if (!group) {
        undetermined_group *bigger = realloc(fleet->groups, (fleet->group_count + 1) * sizeof(*bigger));
        if (!bigger) {
            fleet->out_of_memory = 1;
            return;
        }
        fleet->groups = bigger;
        group = &fleet->groups[fleet->group_count++];
        memset(group, 0, sizeof(*group));
        group->technology = hvd__strdup(technology);
        group->to_decide = hvd_policy_to_decide(policy);
    }
    if (group->count < EXAMPLES_PER_GROUP)
        group->examples[group->count] = hvd__strdup(name);
    group->count++;
}

/* ---- listing ---- */

static void emit(hvd_fleet *fleet, hvd__strbuf *line)
{
    char *text = hvd__strbuf_detach(line);
    if (!text) {
        fleet->out_of_memory = 1;
        return;
    }
    if (fleet->on_line)
        fleet->on_line(fleet->context, text);
    free(text);
}

static void ndjson_line(hvd_fleet *fleet, const char *name, const hvd__report_input *input)
{
    cJSON *object = hvd__report_facts_object(input);
    char *text = NULL;
    if (object && cJSON_AddStringToObject(object, "source", name))
        text = cJSON_PrintUnformatted(object);
    cJSON_Delete(object);
    hvd__strbuf line = {0};
    if (text)
        hvd__strbuf_printf(&line, "%s\n", text);
    else
        fleet->out_of_memory = 1;
    free(text);
    emit(fleet, &line);
}

/* RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
static void csv_field(hvd__strbuf *line, const char *value, int last)
{
    if (strpbrk(value, ",\"\r\n")) {
        hvd__strbuf_append(line, "\"");
        for (const char *p = value; *p; p++)
            hvd__strbuf_append(line, *p == '"' ? "\"\"" : (char[2]){*p, '\0'});
        hvd__strbuf_append(line, "\"");
    } else
        hvd__strbuf_append(line, value);
    hvd__strbuf_append(line, last ? "\r\n" : ",");
}

static void csv_line(hvd_fleet *fleet, const char *name, const hvd__report_input *input)
{
    hvd__summary summary;
    if (hvd__summary_build(&summary, input->result, input->policy) != HVD_OK) {
        hvd__summary_free(&summary);
        fleet->out_of_memory = 1;
        return;
    }
    hvd__summary_add_identity(&summary, input->evidence, !(input->flags & HVD_REPORT_NO_REDACT));
    hvd__strbuf line = {0};
    if (!fleet->header_written) {
        csv_field(&line, "format", 0);
        csv_field(&line, "source", 0);
        csv_field(&line, "virtualized", 0);
        for (size_t i = 0; i < summary.count; i++)
            csv_field(&line, summary.fields[i].name, i + 1 == summary.count);
        fleet->header_written = 1;
        emit(fleet, &line); /* a line of its own: on_line gets one line per call */
    }
    csv_field(&line, "hvdetect-csv/" HVD__FLAT_FORMAT_VERSION, 0);
    csv_field(&line, name, 0);
    csv_field(&line, summary.virtualized > 0 ? "true" : summary.virtualized == 0 ? "false" : "", 0);
    for (size_t i = 0; i < summary.count; i++)
        csv_field(&line, summary.fields[i].value, i + 1 == summary.count);
    hvd__summary_free(&summary);
    emit(fleet, &line);
}

/* ---- one machine ---- */

static void skip(hvd_fleet *fleet, const char *path, const char *message)
{
    fleet->skipped++;
    if (fleet->on_problem)
        fleet->on_problem(fleet->context, path, message);
}

/* Evidence bundles are small (tens of kilobytes); anything far larger is not one (as hvd_evidence_load). */
enum { MAX_BUNDLE_BYTES = 64 * 1024 * 1024 };

/* Reads one bundle's text into the fleet's evidence set, then identifies, evaluates, counts and lists it. shown
 * names it in lines and problems; the problem of a bundle that cannot be analysed starts with it and ends with
 * hint, when there is one. */
static void analyse_bundle(hvd_fleet *fleet, const char *shown, const char *json, size_t length, const char *hint)
{
    hvd_result *result = NULL;
    hvd_policy_result *policy = NULL;
    if (hvd__evidence_read_reused(fleet->evidence, &fleet->arena, json, length) != HVD_OK ||
        /* No fleet format prints the findings, nor a policy's reasons or caveats. */
        hvd__identify(&result, fleet->evidence, fleet->db, HVD__WITHOUT_FINDINGS) != HVD_OK ||
        hvd__policy_evaluate(&policy, result, fleet->db, &fleet->options, HVD__POLICY_WITHOUT_TEXTS) != HVD_OK) {
        hvd__strbuf message = {0};
        hvd__strbuf_printf(&message, "%s: %s%s%s", shown, hvd_error_last(), hint ? "; " : "", hint ? hint : "");
        char *text = hvd__strbuf_detach(&message);
        char *sanitized = text ? hvd__text_sanitize(text, strlen(text)) : NULL;
        skip(fleet, shown, sanitized ? sanitized : "out of memory");
        free(sanitized);
        free(text);
    } else {
        fleet->machines++;
        count_value(fleet, &fleet->tallies[TALLY_TECHNOLOGY], hvd_result_technology(result));
        count_value(fleet, &fleet->tallies[TALLY_PRODUCT], hvd_result_product(result));
        count_value(fleet, &fleet->tallies[TALLY_VENDOR], hvd_result_vendor(result));
        count_value(fleet, &fleet->tallies[TALLY_TIER], hvd_tier_name(hvd_policy_tier(policy)));
        count_value(fleet, &fleet->tallies[TALLY_CONFIDENTIAL], hvd_result_confidential(result));
        count_value(fleet, &fleet->tallies[TALLY_CONTAINER],
                    hvd_result_container_count(result) || hvd_result_containers_known(result)
                        ? hvd_result_container(result, 0)
                        : "(cannot tell)");
        if (hvd_policy_tier(policy) == HVD_TIER_UNDETERMINED)
            count_undetermined(fleet, shown, result, policy);
        hvd__report_input input = {fleet->flags, result, policy, fleet->evidence};
        if (fleet->format == HVD_FLEET_NDJSON)
            ndjson_line(fleet, shown, &input);
        else if (fleet->format == HVD_FLEET_CSV)
            csv_line(fleet, shown, &input);
    }
    hvd_policy_result_free(policy);
    hvd_result_free(result);
}

/* A file that cannot be read: the problem is the io layer's message, which names it. */
static void skip_unreadable(hvd_fleet *fleet, const char *shown)
{
    char *message = hvd__text_sanitize(hvd_error_last(), strlen(hvd_error_last()));
    skip(fleet, shown, message ? message : "out of memory");
    free(message);
}

/* A file of one bundle: one the directory listing showed to be a regular file (listed) is read without a type check
 * of its own, into the memory the previous one was read into. */
static void analyse_file(hvd_fleet *fleet, const char *path, const char *shown, const hvd__dir_entry *listed)
{
    if (listed && listed->regular) {
        if (hvd__read_listed_file(listed, path, MAX_BUNDLE_BYTES, &fleet->file) != HVD_OK)
            skip_unreadable(fleet, shown);
        else
            analyse_bundle(fleet, shown, fleet->file.data, fleet->file.length, NULL);
        return;
    }
    hvd__file file;
    if (hvd__read_user_file(path, MAX_BUNDLE_BYTES, &file) != HVD_OK) {
        skip_unreadable(fleet, shown);
        return;
    }
    analyse_bundle(fleet, shown, file.data, file.length, NULL);
    hvd__file_free(&file);
}

/* ---- NDJSON files: one bundle a line ---- */

/* Room for ":" and a line number after the file's name. */
enum { LINE_NUMBER_ROOM = 24 };

typedef struct ndjson_file {
    hvd_fleet *fleet;
    char *shown;          /* "name:line", the file's name sanitised: the name is written once, the number per line */
    size_t shown_length;  /* of the name alone */
} ndjson_file;

static int analyse_line(void *context, const char *line, size_t length, size_t number, int terminated)
{
    ndjson_file *file = context;
    char *shown = file->shown;
    snprintf(shown + file->shown_length, LINE_NUMBER_ROOM, ":%lu", (unsigned long)number);
    /* A writer appends a line in one write; a last line without its newline may be one cut short (or being
     * appended as this reads), which is said when it does not read as a bundle. */
    const char *hint = terminated ? NULL : "the last line has no newline: a bundle cut short, or still being appended";
    if (!line)
        skip(file->fleet, shown, "longer than an evidence bundle can be");
    else if (hvd__text_trimmed_length(line, length) > 0) /* blank lines are no bundle */
        analyse_bundle(file->fleet, shown, line, length, hint);
    return file->fleet->out_of_memory ? HVD_ENOMEM : HVD_OK;
}

static void analyse_ndjson(hvd_fleet *fleet, const char *path, const char *shown)
{
    size_t length = strlen(shown);
    ndjson_file file = {fleet, malloc(length + LINE_NUMBER_ROOM), length};
    if (!file.shown) {
        fleet->out_of_memory = 1;
        return;
    }
    memcpy(file.shown, shown, length + 1);
    if (hvd__line_stream(path, MAX_BUNDLE_BYTES, analyse_line, &file) != HVD_OK && !fleet->out_of_memory)
        skip_unreadable(fleet, shown);
    free(file.shown);
}

static int has_suffix(const char *name, const char *suffix)
{
    size_t length = strlen(name), suffix_length = strlen(suffix);
    return length > suffix_length && strcmp(name + length - suffix_length, suffix) == 0;
}

/* A file of one bundle, or an NDJSON file of many (one a line); listed is the directory entry it was found as, or
 * NULL for a path the caller named. */
static void analyse_path(hvd_fleet *fleet, const char *path, const hvd__dir_entry *listed)
{
    /* A file name is anyone's bytes (an ESC sequence, a C1 CSI, a bidi override): lines, the summary and problems
     * show it sanitised like evidence; only the file system sees it as it is. */
    char *shown = hvd__text_sanitize(path, strlen(path));
    if (!shown)
        skip(fleet, "(a file name)", "out of memory");
    else if (has_suffix(path, ".ndjson"))
        analyse_ndjson(fleet, path, shown);
    else
        analyse_file(fleet, path, shown, listed);
    free(shown);
}

static int visit_entry(void *context, const hvd__dir_entry *entry)
{
    hvd_fleet *fleet = context;
    const char *directory = entry->directory, *name = entry->name;
    if (!has_suffix(name, ".json") && !has_suffix(name, ".ndjson"))
        return HVD_OK;
    char path[4096];
    if (snprintf(path, sizeof(path), "%s/%s", directory, name) >= (int)sizeof(path)) {
        char *shown = hvd__text_sanitize(name, strlen(name));
        skip(fleet, shown ? shown : "(a file name)", "path too long");
        free(shown);
        return HVD_OK;
    }
    analyse_path(fleet, path, entry);
    return fleet->out_of_memory ? hvd__error(HVD_ENOMEM, "fleet: out of memory") : HVD_OK;
}

int hvd_fleet_add_path(hvd_fleet *fleet, const char *path)
{
    if (!fleet || !path)
        return hvd__error(HVD_EINVALID, "hvd_fleet_add_path: invalid argument");
    int is_directory = hvd__path_is_directory(path);
    if (is_directory < 0) {
        /* The path itself is the caller's mistake (a typo), not a bad bundle among good ones. */
        int error = errno;
        char *shown = hvd__text_sanitize(path, strlen(path));
        int rc = hvd__error(error == ENOENT || error == ENOTDIR ? HVD_ENOTFOUND
                            : error == EACCES               ? HVD_EPERM
                                                            : HVD_EBADINPUT,
                            "%s: %s", shown ? shown : "(a file name)", strerror(error));
        free(shown);
        return rc;
    }
    if (is_directory == 1)
        return hvd__dir_stream(path, visit_entry, fleet);
    analyse_path(fleet, path, NULL);
    return fleet->out_of_memory ? hvd__error(HVD_ENOMEM, "fleet: out of memory") : HVD_OK;
}

/* ---- the summary ---- */

static int by_count(const void *a, const void *b)
{
    const tally_entry *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->value, y->value);
}

int hvd_fleet_summary(char **out, const hvd_fleet *fleet)
{
    if (!out || !fleet)
        return hvd__error(HVD_EINVALID, "hvd_fleet_summary: invalid argument");
    hvd__strbuf text = {0};
    hvd__strbuf_printf(&text, "Machines: %zu analysed, %zu %s skipped\n", fleet->machines, fleet->skipped,
                       fleet->skipped == 1 ? "bundle" : "bundles");
    for (int t = 0; t < TALLY_COUNT; t++) {
        const tally *tally_t = &fleet->tallies[t];
        qsort(tally_t->entries, tally_t->count, sizeof(*tally_t->entries), by_count);
        hvd__strbuf_printf(&text, "\nBy %s:\n", tally_t->title);
        for (size_t i = 0; i < tally_t->count; i++)
            hvd__strbuf_printf(&text, "  %-34s %8zu\n", tally_t->entries[i].value, tally_t->entries[i].count);
    }
    if (fleet->group_count > 0)
        hvd__strbuf_append(&text, "\nUndetermined (the tier depends on the product; what to collect):\n");
    for (size_t g = 0; g < fleet->group_count; g++) {
        const undetermined_group *group = &fleet->groups[g];
        hvd__strbuf_printf(&text, "  %s: %zu machines, e.g.", group->technology, group->count);
        for (size_t e = 0; e < EXAMPLES_PER_GROUP && group->examples[e]; e++)
            hvd__strbuf_printf(&text, " %s", group->examples[e]);
        hvd__strbuf_printf(&text, "\n    %s\n", group->to_decide ? group->to_decide : "");
    }
    *out = hvd__strbuf_detach(&text);
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "fleet: out of memory");
}
