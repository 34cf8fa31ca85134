/* SPDX-License-Identifier: MIT */
/* The hvdetect command: a thin layer over the public API (hvdetect.h) and nothing else. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int list_products(const cli_options *options)
{
    hvd_vendor_db *db = NULL;
    if (load_vendor_db(options, &db) != 0)
        return EXIT_RUNTIME_ERROR;
    printf("%-28s %-11s %-9s %-18s %s\n", "PRODUCT", "TECHNOLOGY", "KIND", "VENDOR", "NAME");
    for (size_t i = 0; i < hvd_vendor_db_product_count(db); i++) {
        hvd_product_info info;
        hvd_vendor_db_product(db, i, &info);
        printf("%-28s %-11s %-9s %-18s %s\n", info.id, info.technology, info.kind, info.vendor, info.name);
    }
    hvd_vendor_db_free(db);
    return 0;
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

static int gather(const cli_options *options, hvd_evidence **evidence)
{
    if (options->evidence_count)
        return hvd_evidence_load(evidence, options->evidence[0]) == HVD_OK ? 0 : runtime_error("evidence");
    hvd_collect_options collect = HVD_COLLECT_OPTIONS_INIT;
    collect.root = options->root;
    collect.cpuid_dump = options->cpuid_dump;
    if (hvd_collect(evidence, &collect) != HVD_OK)
        return runtime_error("collecting evidence");
    if (options->save_evidence && hvd_evidence_save(*evidence, options->save_evidence) != HVD_OK)
        return runtime_error("saving evidence");
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

/* The agreement and date, from the most specific place that gives them: the command line, the environment, the
 * configuration file. */
static int policy_options(const cli_options *options, hvd_policy_options *policy)
{
    hvd_policy_options defaults = HVD_POLICY_OPTIONS_INIT;
    *policy = defaults;
    const char *config = options->config ? options->config : cli_default_config();
    if (config && hvd_policy_options_read_config(policy, config) != HVD_OK)
        return runtime_error("configuration");
    /* An empty variable is an unset one, as the shell's ${VAR:-default} treats it. */
    const char *from_environment = getenv("HVDETECT_AGREEMENT");
    if (from_environment && !from_environment[0])
        from_environment = NULL;
    const char *agreement = options->agreement ? options->agreement : from_environment;
    if (agreement) {
        int value = hvd_agreement_from_name(agreement);
        if (value < 0) {
            fprintf(stderr, "hvdetect: %s: \"", options->agreement ? "--agreement" : "HVDETECT_AGREEMENT");
            print_escaped(stderr, agreement, 64);
            fputs("\" is not premier, standard or unknown\n", stderr);
            return EXIT_RUNTIME_ERROR;
        }
        policy->agreement = (hvd_agreement)value;
    }
    if (options->as_of && hvd_policy_options_set_date(policy, options->as_of) != HVD_OK)
        return runtime_error("--as-of");
    return 0;
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
    if (options->systemd_id) {
        if (!options->quiet)
            printf("%s\n", hvd_result_systemd_id(result));
        return fflush(stdout) == 0 ? 0 : standard_output_failed();
    }
    char *report = NULL;
    if (hvd_report_render(&report, (hvd_format)hvd_format_from_name(options->format), flags, result, policy,
                          evidence) != HVD_OK)
        return runtime_error("rendering the report");
    int rc = 0;
    if (options->output) {
        if (hvd_report_write(options->output, report) != HVD_OK)
            rc = runtime_error("writing the report");
    } else if (!options->quiet) {
        fputs(report, stdout);
        if (report[0] && report[strlen(report) - 1] != '\n')
            fputc('\n', stdout);
        if (fflush(stdout) != 0)
            rc = standard_output_failed();
    }
    hvd_free(report);
    return rc;
}

static int detect(const cli_options *options)
{
    hvd_vendor_db *db = NULL;
    hvd_evidence *evidence = NULL;
    hvd_result *result = NULL;
    hvd_policy_result *policy = NULL;
    hvd_policy_options policy_choice;
    if (policy_options(options, &policy_choice) != 0)
        return EXIT_RUNTIME_ERROR;
    int status = EXIT_RUNTIME_ERROR;
    if (load_vendor_db(options, &db) == 0 && gather(options, &evidence) == 0) {
        if (hvd_identify(&result, evidence, db) != HVD_OK)
            runtime_error("identification");
        else if (hvd_policy_evaluate(&policy, result, db, &policy_choice) != HVD_OK)
            runtime_error("support policy");
        else if (emit(options, result, policy, evidence) == 0)
            status = exit_status(result);
    }
    hvd_policy_result_free(policy);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    hvd_vendor_db_free(db);
    return status;
}

static int run(const cli_options *options);

static void print_line(void *context, const char *line)
{
    (void)context;
    fputs(line, stdout);
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
    hvd_fleet_format format = options->summary ? HVD_FLEET_NONE
                                               : (hvd_fleet_format)hvd_fleet_format_from_name(options->format);
    hvd_fleet *fleet = NULL;
    int status = EXIT_RUNTIME_ERROR;
    if (hvd_fleet_new(&fleet, db, &policy_choice, format, options->quiet ? NULL : print_line, print_problem, NULL) ==
        HVD_OK) {
        status = 0;
        for (size_t i = 0; i < options->evidence_count; i++)
            if (hvd_fleet_add_path(fleet, options->evidence[i]) != HVD_OK)
                status = runtime_error("evidence");
        char *summary = NULL;
        if (options->summary && !options->quiet && hvd_fleet_summary(&summary, fleet) == HVD_OK)
            fputs(summary, stdout);
        hvd_free(summary);
        if (hvd_fleet_skipped_count(fleet) > 0)
            status = EXIT_RUNTIME_ERROR;
        if (fflush(stdout) != 0)
            status = standard_output_failed();
    }
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
    int status = parsed ? run(&options) : EXIT_USAGE;
    cli_free(&options);
    return status;
}

static int run(const cli_options *options)
{
    switch (options->action) {
    case ACTION_HELP:
        cli_usage();
        return fflush(stdout) == 0 ? 0 : standard_output_failed();
    case ACTION_VERSION:
        printf("hvdetect %s\n", hvd_version());
        return fflush(stdout) == 0 ? 0 : standard_output_failed();
    case ACTION_LIST: {
        int status = list_products(options);
        return fflush(stdout) == 0 ? status : standard_output_failed();
    }
    case ACTION_CHECK_VENDORS:
        return check_vendors(options->check_vendors);
    case ACTION_DETECT:
        break;
    }
    return cli_is_fleet(options) ? analyse_fleet(options) : detect(options);
}
