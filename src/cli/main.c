/* SPDX-License-Identifier: MIT */
/* The hvdetect command: a thin layer over the public API (hvdetect.h) and nothing else. */

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
    /* The revisions of the support policy, for --policy-revision. */
    printf("\n%-9s %-10s %-10s %-10s %-10s %s\n", "REVISION", "DATE", "FROM", "UNTIL", "CONFIDENCE", "NAME");
    for (size_t i = 0; i < hvd_vendor_db_policy_revision_count(db); i++) {
        hvd_policy_revision_info revision;
        hvd_vendor_db_policy_revision(db, i, &revision);
        printf("%-9s %-10s %-10s %-10s %-10s %s\n", revision.id, revision.date, revision.in_force_from,
               revision.in_force_until ? revision.in_force_until : "-", revision.confidence, revision.name);
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
            fprintf(stderr, "hvdetect: HVDETECT_AGREEMENT: \"%s\" is not one of %s\n", from_environment, names);
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
        hvd_policy_revision_info revision;
        hvd_vendor_db_policy_revision(db, i, &revision);
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
        return fflush(stdout) == 0 ? 0 : runtime_error("standard output");
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
            rc = runtime_error("standard output");
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
    if (load_vendor_db(options, &db) == 0 && !revision_known(options, db))
        status = EXIT_USAGE;
    else if (db && gather(options, &evidence) == 0) {
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
    if (!revision_known(options, db)) {
        hvd_vendor_db_free(db);
        return EXIT_USAGE;
    }
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
            status = runtime_error("standard output");
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
        return 0;
    case ACTION_VERSION:
        printf("hvdetect %s\n", hvd_version());
        return 0;
    case ACTION_LIST:
        return list_products(options);
    case ACTION_CHECK_VENDORS:
        return check_vendors(options->check_vendors);
    case ACTION_DETECT:
        break;
    }
    return cli_is_fleet(options) ? analyse_fleet(options) : detect(options);
}
