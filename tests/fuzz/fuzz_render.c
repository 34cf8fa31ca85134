/* SPDX-License-Identifier: MIT */
/*
 * The renderers' escaping: evidence made of arbitrary keys, values and collection facts, identified against the
 * built-in database, rendered in every report format and as a fleet's CSV and NDJSON lines and summary, under a
 * bundle file name that is arbitrary too.
 *
 * The input: one byte of options (bit 0 verbose, bit 1 no redaction, bit 2 CSV rather than NDJSON), then strings
 * separated by NUL: the bundle's file name, then (source, key, value) triples. A source of one character names a
 * known source (its byte modulo their number plus one, that one being the collection facts), so keys of the vocabulary
 * reach the engine and the redaction; a longer one is used as it is.
 *
 * Checked besides memory safety and leaks, against each format's own syntax:
 * - every output is printable UTF-8 (no C0 control but tab and newline, no DEL, no C1 control, no bidi override:
 *   SECURITY.md);
 * - the JSON report and the facts are JSON; each NDJSON line is one JSON object;
 * - HTML: every '<' opens one of the page's own elements and every '&' starts one of the entities escape() writes,
 *   so no value adds markup;
 * - the Markdown case report: every row of a table has as many cell separators as the table's first row, and no
 *   '<', '&', '[' or ']' is left unescaped, so no value adds a cell, HTML or a link;
 * - Prometheus: each line is a comment or `name{label="value",...} number`, label values escaping only '\\', '"'
 *   and a newline (the text exposition format); its labels hold the database's names, not the evidence's, so what
 *   is checked here is the syntax around them;
 * - CSV: every line has as many fields as the header (RFC 4180 quoting);
 * - the text report and the fleet summary are printable.
 */

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "evidence/keys.h"
#include "fuzz_common.h"
#include "hvdetect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { OPTION_VERBOSE = 1, OPTION_NO_REDACT = 2, OPTION_CSV = 4, FILE_NAME_MAX = 100, STRINGS_MAX = 3 * 64 + 1 };

static const hvd_vendor_db *default_db(void)
{
    static hvd_vendor_db *db; /* loaded once, kept for the life of the process */
    if (!db && hvd_vendor_db_load_default(&db) != HVD_OK)
        abort();
    return db;
}

/* Whether text[index] follows an odd number of backslashes (a Markdown escape). */
static int escaped(const char *text, size_t index)
{
    size_t backslashes = 0;
    while (backslashes < index && text[index - backslashes - 1] == '\\')
        backslashes++;
    return backslashes % 2 == 1;
}

static size_t unescaped_pipes(const char *line, size_t length)
{
    size_t count = 0;
    for (size_t i = 0; i < length; i++)
        if (line[i] == '|' && !escaped(line, i))
            count++;
    return count;
}

static void check_case(const char *text)
{
    for (size_t i = 0; text[i]; i++)
        if (strchr("<&[]", text[i]))
            FUZZ_CHECK(escaped(text, i));
    size_t table_pipes = 0; /* 0 outside a table */
    for (const char *line = text; *line;) {
        size_t length = strcspn(line, "\n");
        if (line[0] == '|') {
            size_t pipes = unescaped_pipes(line, length);
            if (table_pipes == 0)
                table_pipes = pipes;
            FUZZ_CHECK(pipes == table_pipes);
        } else
            table_pipes = 0;
        line += length + (line[length] == '\n');
    }
}

static int starts_with_one_of(const char *text, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strncmp(text, words[i], strlen(words[i])) == 0)
            return 1;
    return 0;
}

/* Whether text starts with one of the element names, followed by '>' or a space (the page's fixed attributes). */
static int starts_with_element(const char *text, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        size_t length = strlen(names[i]);
        if (strncmp(text, names[i], length) == 0 && (text[length] == '>' || text[length] == ' '))
            return 1;
    }
    return 0;
}

static void check_html(const char *text)
{
    /* The page's elements (report/html.c) and the entities its escape() writes. */
    static const char *const elements[] = {"!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2",
                                           "h3", "p", "div", "table", "tr", "td", "th", "ul", "ol", "li", "code",
                                           "strong", "wbr", NULL};
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", NULL};
    for (const char *p = text; *p; p++) {
        if (*p == '<')
            FUZZ_CHECK(starts_with_element(p + 1 + (p[1] == '/'), elements));
        else if (*p == '&')
            FUZZ_CHECK(starts_with_one_of(p, entities));
    }
}

static int name_char(char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
}

/* One sample line: name, optional {label="value",...}, a space and a number. */
static void check_prometheus_sample(const char *line, size_t length)
{
    size_t i = 0;
    FUZZ_CHECK(length > 0 && name_char(line[0], 1));
    while (i < length && name_char(line[i], 0))
        i++;
    if (i < length && line[i] == '{') {
        i++;
        while (i < length && line[i] != '}') {
            FUZZ_CHECK(name_char(line[i], 1) && line[i] != ':');
            while (i < length && name_char(line[i], 0) && line[i] != ':')
                i++;
            FUZZ_CHECK(i + 1 < length && line[i] == '=' && line[i + 1] == '"');
            for (i += 2; i < length && line[i] != '"'; i++)
                if (line[i] == '\\') {
                    FUZZ_CHECK(i + 1 < length && strchr("\\\"n", line[i + 1]));
                    i++;
                }
            FUZZ_CHECK(i < length); /* the closing quote */
            i++;
            if (i < length && line[i] == ',')
                i++;
        }
        FUZZ_CHECK(i < length); /* the closing brace */
        i++;
    }
    FUZZ_CHECK(i + 1 < length && line[i] == ' ');
    for (i++; i < length; i++)
        FUZZ_CHECK(strchr("0123456789.-+eE", line[i]) != NULL);
}

static void check_prometheus(const char *text)
{
    for (const char *line = text; *line;) {
        size_t length = strcspn(line, "\n");
        FUZZ_CHECK(line[length] == '\n');
        if (line[0] != '#')
            check_prometheus_sample(line, length);
        line += length + 1;
    }
}

static void check_json(const char *text)
{
    cJSON *parsed = cJSON_Parse(text);
    FUZZ_CHECK(parsed != NULL);
    cJSON_Delete(parsed);
}

/* The fields of the CSV record at *text, which ends in CRLF (RFC 4180: quoted fields double their quotes);
 * *text moves past it. */
static size_t csv_record(const char **text)
{
    size_t fields = 1;
    const char *p = *text;
    for (;;) {
        if (*p == '"') {
            for (p++; !(p[0] == '"' && p[1] != '"'); p += p[0] == '"' ? 2 : 1)
                FUZZ_CHECK(*p != '\0');
            p++;
        } else {
            while (*p && !strchr(",\"\r\n", *p))
                p++;
        }
        if (*p == ',') {
            fields++;
            p++;
            continue;
        }
        FUZZ_CHECK(p[0] == '\r' && p[1] == '\n');
        *text = p + 2;
        return fields;
    }
}

typedef struct fleet_lines {
    int csv;
    size_t header_fields; /* 0 before the first CSV record */
} fleet_lines;

/* A line is one NDJSON object, or CSV records (the header comes with the first machine's). */
static void on_line(void *context, const char *line)
{
    fleet_lines *lines = context;
    size_t length = strlen(line);
    FUZZ_CHECK(length >= 1 && line[length - 1] == '\n');
    if (lines->csv) {
        for (const char *record = line; *record;) {
            const char *start = record;
            size_t fields = csv_record(&record);
            if (!lines->header_fields)
                lines->header_fields = fields;
            FUZZ_CHECK(fields == lines->header_fields);
            char *text = fuzz_copy_string((const uint8_t *)start, (size_t)(record - start) - 2);
            FUZZ_CHECK(fuzz_is_printable_utf8(text, 0)); /* CRLF only at the end */
            free(text);
        }
        return;
    }
    FUZZ_CHECK(strchr(line, '\n') == line + length - 1);
    FUZZ_CHECK(fuzz_is_printable_utf8(line, 1));
    cJSON *parsed = cJSON_Parse(line);
    FUZZ_CHECK(cJSON_IsObject(parsed));
    cJSON_Delete(parsed);
}

static void on_problem(void *context, const char *path, const char *message)
{
    (void)context;
    FUZZ_CHECK(fuzz_is_printable_utf8(path, 0));
    FUZZ_CHECK(fuzz_is_printable_utf8(message, 0));
}

/* The evidence saved as a bundle under the input's file name, analysed as a fleet of one. */
static void check_fleet(const hvd_evidence *evidence, const char *name, unsigned int options)
{
    char directory[4096], path[4096 + FILE_NAME_MAX + 8];
    const char *tmp = getenv("TMPDIR");
    snprintf(directory, sizeof(directory), "%s/hvd-fuzz-render.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(directory)) {
        fprintf(stderr, "fuzz_render: %s: %s\n", directory, strerror(errno));
        abort();
    }
    char file_name[FILE_NAME_MAX + 1];
    snprintf(file_name, sizeof(file_name), "%s", name);
    for (char *p = file_name; *p; p++)
        if (*p == '/')
            *p = '_';
    snprintf(path, sizeof(path), "%s/%s.json", directory, file_name);
    int saved = hvd_evidence_save(evidence, path) == HVD_OK;
    if (!saved) /* a full or read-only disk fails here too: the reason tells a machine's trouble from the code's */
        fprintf(stderr, "fuzz_render: %s\n", hvd_error_last());
    FUZZ_CHECK(saved);

    fleet_lines lines = {(options & OPTION_CSV) != 0, 0};
    hvd_fleet *fleet = NULL;
    FUZZ_CHECK(hvd_fleet_new(&fleet, default_db(), NULL, lines.csv ? HVD_FLEET_CSV : HVD_FLEET_NDJSON, on_line,
                             on_problem, &lines) == HVD_OK);
    hvd_fleet_set_flags(fleet, options & OPTION_NO_REDACT ? HVD_REPORT_NO_REDACT : 0);
    FUZZ_CHECK(hvd_fleet_add_path(fleet, path) == HVD_OK);
    FUZZ_CHECK(hvd_fleet_machine_count(fleet) + hvd_fleet_skipped_count(fleet) == 1);
    char *summary = NULL;
    FUZZ_CHECK(hvd_fleet_summary(&summary, fleet) == HVD_OK);
    FUZZ_CHECK(fuzz_is_printable_utf8(summary, 1));
    hvd_free(summary);
    hvd_fleet_free(fleet);
    unlink(path);
    rmdir(directory);
}

static const char *source_name(const char *text)
{
    if (strlen(text) != 1)
        return text;
    size_t index = (unsigned char)text[0] % (HVD__SOURCE_OTHER + 1u);
    return index < HVD__SOURCE_OTHER ? hvd__source_names[index] : NULL; /* NULL: a collection fact */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned int options = data[0];
    char *text = fuzz_copy_string(data + 1, size - 1);
    const char *strings[STRINGS_MAX];
    size_t count = 0;
    for (size_t offset = 0; offset <= size - 1 && count < STRINGS_MAX; offset += strlen(text + offset) + 1)
        strings[count++] = text + offset;

    hvd_evidence *evidence = NULL;
    FUZZ_CHECK(hvd_evidence_new(&evidence) == HVD_OK);
    for (size_t i = 1; i + 2 < count; i += 3) {
        const char *source = source_name(strings[i]);
        if (source)
            FUZZ_CHECK(hvd_evidence_add(evidence, source, strings[i + 1], strings[i + 2], HVD_STATUS_OK, NULL) ==
                       HVD_OK);
        else
            hvd_evidence_set_meta(evidence, strings[i + 1], strings[i + 2]);
    }

    hvd_result *result = NULL;
    hvd_policy_result *policy = NULL;
    FUZZ_CHECK(hvd_identify(&result, evidence, default_db()) == HVD_OK);
    FUZZ_CHECK(hvd_policy_evaluate(&policy, result, default_db(), NULL) == HVD_OK);
    unsigned int flags = HVD_REPORT_NO_TIMESTAMP | (options & OPTION_VERBOSE ? HVD_REPORT_VERBOSE : 0u) |
                         (options & OPTION_NO_REDACT ? HVD_REPORT_NO_REDACT : 0u);
    for (unsigned int f = 0; f < (unsigned int)HVD_FORMAT_COUNT_; f++) {
        char *out = NULL;
        FUZZ_CHECK(hvd_report_render(&out, (hvd_format)f, flags, result, policy, evidence) == HVD_OK);
        FUZZ_CHECK(fuzz_is_printable_utf8(out, 1));
        switch ((hvd_format)f) {
        case HVD_FORMAT_JSON:
        case HVD_FORMAT_FACTS:
            check_json(out);
            break;
        case HVD_FORMAT_CASE:
            check_case(out);
            break;
        case HVD_FORMAT_HTML:
            check_html(out);
            break;
        case HVD_FORMAT_PROMETHEUS:
            check_prometheus(out);
            break;
        case HVD_FORMAT_TEXT:
        case HVD_FORMAT_COUNT_:
            break;
        }
        hvd_free(out);
    }
    check_fleet(evidence, count ? strings[0] : "", options);

    hvd_policy_result_free(policy);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    free(text);
    return 0;
}
