/* SPDX-License-Identifier: MIT */
/* The hvdetect command: a thin layer over the public API (hvdetect.h) and nothing else. */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "options.h"
#include "platform.h"
#include "hvdetect.h"

static int runtime_error(const char *what)
{
    fprintf(stderr, "hvdetect: %s: %s\n", what, hvd_error_last()[0] ? hvd_error_last() : "failed");
    return EXIT_RUNTIME_ERROR;
}

/* A failed write to standard output (a full disk, a closed pipe), with the system's reason. */
static int standard_output_failed(void)
{
    int error = errno;
    fprintf(stderr, "hvdetect: standard output: %s\n", error ? strerror(error) : "write failed");
    return EXIT_RUNTIME_ERROR;
}

static int load_vendor_db(const cli_options *options, hvd_vendor_db **db)
{
    int rc = options->vendors ? hvd_vendor_db_load_dir(db, options->vendors) : hvd_vendor_db_load_default(db);
    return rc == HVD_OK ? 0 : runtime_error("cannot load");
}

static int is_standard_stream(const char *path)
{
    return path && strcmp(path, CLI_STANDARD_STREAM) == 0;
}

/* A write that failed before the last one (a text longer than stdout's buffer, on a full device) leaves only the
 * stream's error flag behind: fflush then has nothing left to fail on. */
static int standard_output_ok(void)
{
    return fflush(stdout) == 0 && !ferror(stdout);
}

static int print_text(const char *text)
{
    fputs(text, stdout);
    if (text[0] && text[strlen(text) - 1] != '\n')
        fputc('\n', stdout);
    return standard_output_ok() ? 0 : standard_output_failed();
}

/* What every mode produces goes through here: to --output (atomically), or to standard output unless -q. */
static int deliver(const cli_options *options, const char *text)
{
    if (options->output && !is_standard_stream(options->output))
        return hvd_report_write(options->output, text) == HVD_OK ? 0 : runtime_error(options->output);
    if (options->quiet || (is_standard_stream(options->save_evidence) && !options->output))
        return 0;
    return print_text(text);
}

static int deliver_buffer(const cli_options *options, char *text)
{
    int rc = text ? deliver(options, text) : runtime_error("out of memory");
    free(text);
    return rc;
}

static char *format_text(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* A string printed into a buffer that grows as needed; NULL when out of memory. */
static char *format_text(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int length = vsnprintf(NULL, 0, format, args);
    va_end(args);
    char *text = length >= 0 ? malloc((size_t)length + 1) : NULL;
    if (text) {
        va_start(args, format);
        vsnprintf(text, (size_t)length + 1, format, args);
        va_end(args);
    }
    return text;
}

/* Appends to *text (which may be NULL), freeing it and leaving NULL when out of memory. */
static void append(char **text, const char *more)
{
    if (!more)
        return;
    size_t used = *text ? strlen(*text) : 0, extra = strlen(more);
    char *bigger = realloc(*text, used + extra + 1);
    if (!bigger) {
        free(*text);
        *text = NULL;
        return;
    }
    memcpy(bigger + used, more, extra + 1);
    *text = bigger;
}

/* JSON is built with cJSON, as everywhere in hvdetect; takes the value, returns its text with a newline (NULL when
 * out of memory). */
static char *json_text(cJSON *value)
{
    char *printed = value ? cJSON_Print(value) : NULL;
    cJSON_Delete(value);
    char *text = printed ? format_text("%s\n", printed) : NULL;
    cJSON_free(printed);
    return text;
}

/* The ids --cvm can print, as systemd-detect-virt --list-cvm prints its own (with "none"), each once. */
static cJSON *cvm_ids(const hvd_vendor_db *db)
{
    cJSON *ids = cJSON_CreateArray();
    cJSON_AddItemToArray(ids, cJSON_CreateString("none"));
    for (size_t i = 0; ids && i < hvd_vendor_db_cvm_count(db); i++) {
        const char *id = hvd_vendor_db_cvm_systemd_id(db, i);
        int seen = 0;
        for (size_t j = 0; id && j < i; j++)
            seen |= hvd_vendor_db_cvm_systemd_id(db, j) && strcmp(hvd_vendor_db_cvm_systemd_id(db, j), id) == 0;
        if (id && !seen)
            cJSON_AddItemToArray(ids, cJSON_CreateString(id));
    }
    return ids;
}

static cJSON *systemd_ids(const hvd_vendor_db *db)
{
    cJSON *ids = cJSON_CreateArray();
    for (size_t i = 0; ids && i < hvd_vendor_db_systemd_id_count(db); i++)
        cJSON_AddItemToArray(ids, cJSON_CreateString(hvd_vendor_db_systemd_id(db, i)));
    return ids;
}

static cJSON *products(const hvd_vendor_db *db)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; list && i < hvd_vendor_db_product_count(db); i++) {
        hvd_product_info info = HVD_PRODUCT_INFO_INIT;
        hvd_vendor_db_product(&info, db, i);
        const char *fields[][2] = {{"id", info.id},         {"name", info.name},     {"technology", info.technology},
                                   {"kind", info.kind},     {"vendor", info.vendor}, {"vendor_name", info.vendor_name},
                                   {"cloud", info.cloud}};
        cJSON *product = cJSON_CreateObject();
        for (size_t f = 0; product && f < sizeof(fields) / sizeof(fields[0]); f++)
            cJSON_AddItemToObject(product, fields[f][0],
                                  fields[f][1] ? cJSON_CreateString(fields[f][1]) : cJSON_CreateNull());
        cJSON_AddItemToArray(list, product);
    }
    return list;
}

/* A list as text: one item a line. */
static char *lines_of(cJSON *list)
{
    char *text = NULL;
    append(&text, "");
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        append(&text, cJSON_GetStringValue(item));
        append(&text, "\n");
    }
    cJSON_Delete(list);
    return text;
}

static int list_products(const cli_options *options)
{
    hvd_vendor_db *db = NULL;
    if (load_vendor_db(options, &db) != 0)
        return EXIT_RUNTIME_ERROR;
    int json = strcmp(options->format, "json") == 0;
    char *text = NULL;
    if (options->cvm) {
        text = json ? json_text(cvm_ids(db)) : lines_of(cvm_ids(db));
    } else if (options->systemd_id) {
        text = json ? json_text(systemd_ids(db)) : lines_of(systemd_ids(db));
    } else if (json) {
        text = json_text(products(db));
    } else {
        char *line = format_text("%-28s %-11s %-9s %-18s %s\n", "PRODUCT", "TECHNOLOGY", "KIND", "VENDOR", "NAME");
        append(&text, line);
        free(line);
        for (size_t i = 0; i < hvd_vendor_db_product_count(db); i++) {
            hvd_product_info info = HVD_PRODUCT_INFO_INIT;
            hvd_vendor_db_product(&info, db, i);
            line = format_text("%-28s %-11s %-9s %-18s %s\n", info.id, info.technology, info.kind, info.vendor,
                               info.name);
            append(&text, line);
            free(line);
        }
        /* The revisions of the support policy, for --policy-revision. */
        line = format_text("\n%-9s %-10s %-10s %-10s %-10s %s\n", "REVISION", "DATE", "FROM", "UNTIL", "CONFIDENCE",
                           "NAME");
        append(&text, line);
        free(line);
        for (size_t i = 0; i < hvd_vendor_db_policy_revision_count(db); i++) {
            hvd_policy_revision_info revision = HVD_POLICY_REVISION_INFO_INIT;
            hvd_vendor_db_policy_revision(&revision, db, i);
            line = format_text("%-9s %-10s %-10s %-10s %-10s %s\n", revision.id, revision.date, revision.in_force_from,
                               revision.in_force_until ? revision.in_force_until : "-", revision.confidence,
                               revision.name);
            append(&text, line);
            free(line);
        }
    }
    hvd_vendor_db_free(db);
    return deliver_buffer(options, text);
}

static int check_vendors(const char *dir)
{
    char *report = NULL;
    int rc = hvd_vendor_db_check_dir(&report, dir);
    if (rc == HVD_OK) {
        printf("%s: valid\n", dir);
    } else if (report) {
        fputs(report, stderr);
    } else {
        runtime_error(dir);
    }
    hvd_free(report);
    return rc == HVD_OK ? 0 : EXIT_RUNTIME_ERROR;
}

/* A bundle from standard input: `ssh host hvdetect --save-evidence - | hvdetect --evidence -`. */
static int load_standard_input(hvd_evidence **evidence)
{
    size_t used = 0, capacity = 65536;
    char *text = malloc(capacity);
    size_t n;
    while (text && (n = fread(text + used, 1, capacity - used, stdin)) > 0) {
        used += n;
        if (used == capacity) {
            char *bigger = capacity < (size_t)256 * 1024 * 1024 ? realloc(text, capacity * 2) : NULL;
            if (!bigger) {
                free(text);
                text = NULL;
                break;
            }
            text = bigger;
            capacity *= 2;
        }
    }
    if (!text) {
        fputs("hvdetect: standard input: out of memory, or more than 256 MiB\n", stderr);
        return EXIT_RUNTIME_ERROR;
    }
    int failed = ferror(stdin) || hvd_evidence_from_json(evidence, text, used) != HVD_OK;
    free(text);
    return failed ? runtime_error("evidence from standard input") : 0;
}

static int save_evidence(const cli_options *options, const hvd_evidence *evidence)
{
    if (options->append)
        return hvd_evidence_append(evidence, options->save_evidence) == HVD_OK ? 0 : runtime_error("saving evidence");
    if (!is_standard_stream(options->save_evidence))
        return hvd_evidence_save(evidence, options->save_evidence) == HVD_OK ? 0 : runtime_error("saving evidence");
    char *json = NULL;
    if (hvd_evidence_to_json(&json, evidence) != HVD_OK)
        return runtime_error("saving evidence");
    int rc = print_text(json);
    hvd_free(json);
    return rc;
}

static int gather(const cli_options *options, hvd_evidence **evidence)
{
    if (options->evidence_count && is_standard_stream(options->evidence[0]))
        return load_standard_input(evidence);
    if (options->evidence_count)
        return hvd_evidence_load(evidence, options->evidence[0]) == HVD_OK ? 0 : runtime_error("evidence");
    hvd_collect_options collect = HVD_COLLECT_OPTIONS_INIT;
    collect.root = options->root;
    collect.cpuid_dump = options->cpuid_dump;
    if (hvd_collect(evidence, &collect) != HVD_OK)
        return runtime_error("collecting evidence");
    if (options->label && hvd_evidence_set_meta(*evidence, "label", options->label) != HVD_OK)
        return runtime_error("--label");
    if (options->save_evidence && save_evidence(options, *evidence) != 0)
        return EXIT_RUNTIME_ERROR;
    return 0;
}

/* Text the user gave, shown back on a terminal: printable ASCII as it is, every other byte as \xNN (an ESC or C1
 * sequence in an environment variable would otherwise act on the terminal), at most max bytes of it. */
static void print_escaped(FILE *stream, const char *text, size_t max)
{
    size_t i = 0;
    for (; text[i] && i < max; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c < 0x7F && c != '\\')
            fputc(c, stream);
        else
            fprintf(stream, "\\x%02x", c);
    }
    if (text[i])
        fputs("...", stream);
}

/* The agreement, date, software and revision, from the most specific place that gives them: the command line, the
 * environment (agreement only), the configuration file. The command line's names were checked by cli_parse(). */
static int policy_options(const cli_options *options, hvd_policy_options *policy)
{
    hvd_policy_options defaults = HVD_POLICY_OPTIONS_INIT;
    *policy = defaults;
    const char *config = options->config ? options->config : cli_default_config();
    if (config && hvd_policy_options_read_config(policy, config) != HVD_OK)
        return runtime_error("configuration");
    const char *from_environment = getenv("HVDETECT_AGREEMENT");
    if (options->agreement) {
        policy->agreement = (hvd_agreement)hvd_agreement_from_name(options->agreement);
    } else if (from_environment && from_environment[0]) {
        /* An empty variable is an unset one (as `HVDETECT_AGREEMENT= hvdetect` means to a shell user). */
        int value = hvd_agreement_from_name(from_environment);
        if (value < 0) {
            char names[160];
            cli_names(names, sizeof(names), cli_agreement_name, 0, HVD_AGREEMENT_COUNT_);
            fputs("hvdetect: HVDETECT_AGREEMENT: \"", stderr);
            print_escaped(stderr, from_environment, 64);
            fprintf(stderr, "\" is not one of %s\n", names);
            return EXIT_RUNTIME_ERROR;
        }
        policy->agreement = (hvd_agreement)value;
    }
    if (options->software)
        policy->software = (hvd_software)hvd_software_from_name(options->software);
    if (options->as_of && hvd_policy_options_set_date(policy, options->as_of) != HVD_OK)
        return runtime_error("--as-of");
    if (options->policy_revision && hvd_policy_options_set_revision(policy, options->policy_revision) != HVD_OK)
        return runtime_error("--policy-revision");
    return 0;
}

/* --policy-revision names a revision of the database in use: checked once it is loaded, as a usage error. */
static int revision_known(const cli_options *options, const hvd_vendor_db *db)
{
    if (!options->policy_revision)
        return 1;
    char known[160] = "";
    size_t used = 0, count = hvd_vendor_db_policy_revision_count(db);
    for (size_t i = 0; i < count; i++) {
        hvd_policy_revision_info revision = HVD_POLICY_REVISION_INFO_INIT;
        hvd_vendor_db_policy_revision(&revision, db, i);
        if (strcmp(revision.id, options->policy_revision) == 0)
            return 1;
        if (used < sizeof(known))
            used += (size_t)snprintf(known + used, sizeof(known) - used, "%s%s",
                                     i == 0 ? "" : i + 1 == count ? " or " : ", ", revision.id);
    }
    fprintf(stderr, "hvdetect: --policy-revision: \"%s\" is not one of %s (see --list)\nTry 'hvdetect --help'.\n",
            options->policy_revision, known);
    return 0;
}

/* systemd-detect-virt --cvm's convention: success in a confidential VM, failure ("none") everywhere else. */
static int cvm_exit_status(const hvd_result *result)
{
    return strcmp(hvd_result_cvm_systemd_id(result), "none") != 0 ? EXIT_VIRTUAL : EXIT_NOT_VIRTUAL;
}

static int exit_status(const hvd_result *result)
{
    switch (hvd_result_virtualized(result)) {
    case HVD_VIRTUALIZED_YES:
        return EXIT_VIRTUAL;
    case HVD_VIRTUALIZED_NO:
        return EXIT_NOT_VIRTUAL;
    case HVD_VIRTUALIZED_UNKNOWN:
        break;
    }
    return EXIT_CANNOT_TELL;
}

static int emit(const cli_options *options, const hvd_result *result, const hvd_policy_result *policy,
                const hvd_evidence *evidence)
{
    unsigned int flags = (options->verbose ? HVD_REPORT_VERBOSE : 0u) |
                         (options->no_redact ? HVD_REPORT_NO_REDACT : 0u) |
                         (options->no_timestamp ? HVD_REPORT_NO_TIMESTAMP : 0u);
    if (options->systemd_id || options->cvm) {
        const char *id = options->cvm ? hvd_result_cvm_systemd_id(result) : hvd_result_systemd_id(result);
        if (strcmp(options->format, "json") != 0)
            return deliver_buffer(options, format_text("%s\n", id));
        cJSON *answer = cJSON_CreateObject();
        cJSON_AddStringToObject(answer, options->cvm ? "cvm" : "systemd_id", id);
        /* The virtual machine's id is printed when no container was found, as systemd-detect-virt does; the JSON
         * says whether containers could be looked for at all. */
        if (!options->cvm)
            cJSON_AddBoolToObject(answer, "containers_known", hvd_result_containers_known(result));
        return deliver_buffer(options, json_text(answer));
    }
    char *report = NULL;
    if (hvd_report_render(&report, (hvd_format)hvd_format_from_name(options->format), flags, result, policy,
                          evidence) != HVD_OK)
        return runtime_error("rendering the report");
    int rc = deliver(options, report);
    hvd_free(report);
    return rc;
}

/* ---- --check: a monitoring plugin (monitoring-plugins guidelines: one line "SERVICE STATUS - text | perfdata",
 * exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). ---- */

static const char *const check_status_names[] = {
    [CHECK_OK] = "OK", [CHECK_WARNING] = "WARNING", [CHECK_CRITICAL] = "CRITICAL", [CHECK_UNKNOWN] = "UNKNOWN",
};

static int worse(int a, int b)
{
    return a > b ? a : b;
}

/* Compares the answer with what the admin expects; an answer that cannot be sure is a WARNING, one that is sure
 * and differs is CRITICAL. The reasons are appended to *why. */
static int check_status(const cli_options *options, const hvd_result *result, const hvd_policy_result *policy,
                        char **why)
{
    int status = CHECK_OK;
    hvd_virtualized virtualized = hvd_result_virtualized(result);
    if (virtualized == HVD_VIRTUALIZED_UNKNOWN) {
        status = CHECK_WARNING;
        append(why, "; cannot tell whether this machine is virtual (too little could be read)");
    }
    const char *technology = hvd_result_technology(result);
    if (options->expect_technology && virtualized != HVD_VIRTUALIZED_UNKNOWN) {
        const char *shown = technology ? technology : virtualized == HVD_VIRTUALIZED_NO ? "none" : "unknown";
        if (strcmp(shown, options->expect_technology) != 0) {
            status = worse(status, technology || virtualized == HVD_VIRTUALIZED_NO ? CHECK_CRITICAL : CHECK_WARNING);
            char *text = format_text("; technology %s, expected %s", shown, options->expect_technology);
            append(why, text);
            free(text);
        }
    }
    hvd_tier tier = hvd_policy_tier(policy);
    if (tier == HVD_TIER_UNDETERMINED) {
        status = worse(status, CHECK_WARNING);
        append(why, "; the product cannot be pinned from inside, so the tier is undetermined");
    }
    if (options->expect_tier && strcmp(hvd_tier_name(tier), options->expect_tier) != 0 &&
        tier != HVD_TIER_UNDETERMINED) {
        status = CHECK_CRITICAL;
        char *text = format_text("; tier %s, expected %s", hvd_tier_name(tier), options->expect_tier);
        append(why, text);
        free(text);
    } else if (options->expect_tier && tier == HVD_TIER_UNDETERMINED) {
        /* Undetermined: CRITICAL only when no candidate could have the expected tier. */
        int possible = 0;
        for (size_t i = 0; i < hvd_policy_candidate_count(policy); i++) {
            const hvd_policy_candidate *candidate = hvd_policy_candidate_at(policy, i);
            hvd_tier candidate_tier = hvd_policy_agreement(policy) == HVD_AGREEMENT_PREMIER ? candidate->if_premier
                                                                                             : candidate->if_standard;
            possible |= strcmp(hvd_tier_name(candidate_tier), options->expect_tier) == 0;
        }
        if (!possible) {
            status = CHECK_CRITICAL;
            char *text = format_text("; no candidate product has the tier expected, %s", options->expect_tier);
            append(why, text);
            free(text);
        }
    }
    return status;
}

static int run_check(const cli_options *options, const hvd_result *result, const hvd_policy_result *policy)
{
    char *why = NULL;
    int status = check_status(options, result, policy, &why);
    hvd_product_info info = HVD_PRODUCT_INFO_INIT;
    const char *product = hvd_result_product(result);
    if (product)
        hvd_result_product_info(&info, result);
    const char *technology = hvd_result_technology(result);
    hvd_virtualized virtualized = hvd_result_virtualized(result);
    char *line = format_text(
        "HVDETECT %s - %s%s%s, tier %s%s | virtualized=%d;;;-1;1 candidates=%lu;;;0 confidence=%d;;;0;3\n",
        check_status_names[status],
        technology ? technology : virtualized == HVD_VIRTUALIZED_NO ? "not virtual"
                                : virtualized == HVD_VIRTUALIZED_YES ? "virtual, hypervisor unknown"
                                                                      : "cannot tell",
        product ? ", " : "", product ? info.name : "", hvd_tier_name(hvd_policy_tier(policy)), why ? why : "",
        virtualized == HVD_VIRTUALIZED_YES ? 1 : virtualized == HVD_VIRTUALIZED_NO ? 0 : -1,
        (unsigned long)hvd_result_candidate_count(result), (int)hvd_result_confidence(result));
    free(why);
    if (!line) {
        fputs("HVDETECT UNKNOWN - out of memory\n", stdout);
        return CHECK_UNKNOWN;
    }
    fputs(line, stdout);
    free(line);
    return fflush(stdout) == 0 ? status : CHECK_UNKNOWN;
}

static int detect(const cli_options *options)
{
    hvd_vendor_db *db = NULL;
    hvd_evidence *evidence = NULL;
    hvd_result *result = NULL;
    hvd_policy_result *policy = NULL;
    hvd_policy_options policy_choice;
    int failed = options->check ? CHECK_UNKNOWN : EXIT_RUNTIME_ERROR;
    if (policy_options(options, &policy_choice) != 0)
        return failed;
    int status = failed;
    if (load_vendor_db(options, &db) == 0 && !revision_known(options, db))
        status = options->check ? CHECK_UNKNOWN : EXIT_USAGE;
    else if (db && gather(options, &evidence) == 0) {
        if (hvd_identify(&result, evidence, db) != HVD_OK)
            runtime_error("identification");
        else if (hvd_policy_evaluate(&policy, result, db, &policy_choice) != HVD_OK)
            runtime_error("support policy");
        else if (options->check)
            status = run_check(options, result, policy);
        else if (emit(options, result, policy, evidence) == 0)
            /* Fact scripts must succeed whenever they printed their facts: Ansible and Facter treat any other
             * exit status as a broken script, and the answer is in the facts. */
            status = strcmp(options->format, "facts") == 0 ? 0
                     : options->cvm ? cvm_exit_status(result)
                                    : exit_status(result);
    }
    if (options->check && status == failed)
        printf("HVDETECT UNKNOWN - %s\n", hvd_error_last()[0] ? hvd_error_last() : "no answer");
    hvd_policy_result_free(policy);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    hvd_vendor_db_free(db);
    return status;
}

static int run(const cli_options *options);

/* Fleet lines go straight to standard output, or are gathered for --output, which is written once, whole. */
typedef struct fleet_sink {
    const cli_options *options;
    char *gathered;
    int out_of_memory;
} fleet_sink;

static int writes_file(const cli_options *options)
{
    return options->output && !is_standard_stream(options->output);
}

static void take_line(void *context, const char *line)
{
    fleet_sink *sink = context;
    if (!writes_file(sink->options)) {
        fputs(line, stdout);
        return;
    }
    append(&sink->gathered, line);
    sink->out_of_memory |= sink->gathered == NULL;
}

static void print_problem(void *context, const char *path, const char *message)
{
    (void)context;
    (void)path; /* the message names the file */
    fprintf(stderr, "hvdetect: skipped: %s\n", message);
}

/* Many bundles: one line per machine (or the summary), bad bundles named on stderr and skipped. */
static int analyse_fleet(const cli_options *options)
{
    hvd_policy_options policy_choice;
    if (policy_options(options, &policy_choice) != 0)
        return EXIT_RUNTIME_ERROR;
    hvd_vendor_db *db = NULL;
    if (load_vendor_db(options, &db) != 0)
        return EXIT_RUNTIME_ERROR;
    if (!revision_known(options, db)) {
        hvd_vendor_db_free(db);
        return EXIT_USAGE;
    }
    hvd_fleet_format format = options->summary ? HVD_FLEET_NONE
                                               : (hvd_fleet_format)hvd_fleet_format_from_name(options->format);
    hvd_fleet *fleet = NULL;
    fleet_sink sink = {options, NULL, 0};
    int print_lines = !options->quiet || writes_file(options);
    int status = EXIT_RUNTIME_ERROR;
    if (hvd_fleet_new(&fleet, db, &policy_choice, format, print_lines ? take_line : NULL, print_problem, &sink) ==
        HVD_OK) {
        status = 0;
        hvd_fleet_set_flags(fleet, options->no_redact ? HVD_REPORT_NO_REDACT : 0u);
        for (size_t i = 0; i < options->evidence_count; i++)
            if (hvd_fleet_add_path(fleet, options->evidence[i]) != HVD_OK)
                status = runtime_error("evidence");
        if (hvd_fleet_skipped_count(fleet) > 0)
            status = EXIT_RUNTIME_ERROR;
        if (options->summary) {
            char *summary = NULL;
            if (hvd_fleet_summary(&summary, fleet) != HVD_OK || deliver(options, summary) != 0)
                status = EXIT_RUNTIME_ERROR;
            hvd_free(summary);
        } else if (writes_file(options)) {
            /* An empty fleet still gets its (empty) file: a cron job sees the run happened. */
            if (sink.out_of_memory || deliver(options, sink.gathered ? sink.gathered : "") != 0)
                status = sink.out_of_memory ? runtime_error("out of memory") : EXIT_RUNTIME_ERROR;
        } else if (fflush(stdout) != 0) {
            status = standard_output_failed();
        }
    }
    free(sink.gathered);
    hvd_fleet_free(fleet);
    hvd_vendor_db_free(db);
    return status;
}

int main(int argc, char **argv)
{
    argv = cli_platform_start(argc, argv, &argc);
    if (!argv) {
        fputs("hvdetect: out of memory\n", stderr);
        return EXIT_RUNTIME_ERROR;
    }
    cli_options options;
    int parsed = cli_parse(&options, argc, argv);
    int status = parsed ? run(&options) : options.check ? CHECK_UNKNOWN : EXIT_USAGE;
    cli_free(&options);
    return status;
}

static int run(const cli_options *options)
{
    switch (options->action) {
    case ACTION_HELP:
        cli_usage();
        return standard_output_ok() ? 0 : standard_output_failed();
    case ACTION_VERSION:
        printf("hvdetect %s\n", hvd_version());
        return standard_output_ok() ? 0 : standard_output_failed();
    case ACTION_LIST:
        return list_products(options);
    case ACTION_CHECK_VENDORS:
        return check_vendors(options->check_vendors);
    case ACTION_DETECT:
        break;
    }
    return cli_is_fleet(options) ? analyse_fleet(options) : detect(options);
}
