/* SPDX-License-Identifier: MIT */
#include "options.h"

#include "hvdetect.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
    OPTION_ROOT = 256,
    OPTION_CPUID_DUMP,
    OPTION_EVIDENCE,
    OPTION_SAVE_EVIDENCE,
    OPTION_APPEND,
    OPTION_VENDORS,
    OPTION_CHECK_VENDORS,
    OPTION_NO_REDACT,
    OPTION_NO_TIMESTAMP,
    OPTION_LIST,
    OPTION_VERSION,
    OPTION_AGREEMENT,
    OPTION_AS_OF,
    OPTION_CONFIG,
    OPTION_SOFTWARE,
    OPTION_POLICY_REVISION,
    OPTION_ID,
    OPTION_CVM,
    OPTION_SUMMARY,
    OPTION_LABEL,
    OPTION_CHECK,
    OPTION_EXPECT_TIER,
    OPTION_EXPECT_TECHNOLOGY
};

static const struct option long_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"root", required_argument, NULL, OPTION_ROOT},
    {"cpuid-dump", required_argument, NULL, OPTION_CPUID_DUMP},
    {"evidence", required_argument, NULL, OPTION_EVIDENCE},
    {"save-evidence", required_argument, NULL, OPTION_SAVE_EVIDENCE},
    {"append", no_argument, NULL, OPTION_APPEND},
    {"vendors", required_argument, NULL, OPTION_VENDORS},
    {"check-vendors", required_argument, NULL, OPTION_CHECK_VENDORS},
    {"no-redact", no_argument, NULL, OPTION_NO_REDACT},
    {"no-timestamp", no_argument, NULL, OPTION_NO_TIMESTAMP},
    {"list", no_argument, NULL, OPTION_LIST},
    {"agreement", required_argument, NULL, OPTION_AGREEMENT},
    {"as-of", required_argument, NULL, OPTION_AS_OF},
    {"config", required_argument, NULL, OPTION_CONFIG},
    {"software", required_argument, NULL, OPTION_SOFTWARE},
    {"policy-revision", required_argument, NULL, OPTION_POLICY_REVISION},
    {"id", no_argument, NULL, OPTION_ID},
    {"cvm", no_argument, NULL, OPTION_CVM},
    {"summary", no_argument, NULL, OPTION_SUMMARY},
    {"label", required_argument, NULL, OPTION_LABEL},
    {"check", no_argument, NULL, OPTION_CHECK},
    {"expect-tier", required_argument, NULL, OPTION_EXPECT_TIER},
    {"expect-technology", required_argument, NULL, OPTION_EXPECT_TECHNOLOGY},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"version", no_argument, NULL, OPTION_VERSION},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

void cli_usage(void)
{
    fputs("Usage: hvdetect [OPTION]...\n"
          "Tell whether this machine is virtual, on which hypervisor, product and vendor, from what evidence.\n"
          "\n"
          "Output:\n"
          "  -f, --format FORMAT    text (default), json, case (Markdown report to attach to a support case),\n"
          "                         html (the same as one page), facts (Ansible facts.d / Facter external fact),\n"
          "                         prometheus (node_exporter textfile collector)\n"
          "      --id               print only the id systemd-detect-virt would print (kvm, microsoft, docker...)\n"
          "      --cvm              print only the confidential-VM id systemd-detect-virt --cvm would print (sev,\n"
          "                         sev-es, sev-snp, tdx, protvirt, cca or none); exit 0 in a confidential VM\n"
          "  -o, --output FILE      write what would be printed to FILE (atomically); - is standard output\n"
          "  -v, --verbose          text: list every finding and observation\n"
          "  -q, --quiet            print nothing; the exit status is the answer\n"
          "      --no-redact        keep serial numbers, UUIDs and similar identifiers in the report\n"
          "      --no-timestamp     leave generation times out (reproducible reports)\n"
          "\n"
          "Evidence:\n"
          "      --root DIR         read files under DIR instead of /; nothing is read from this machine\n"
          "      --cpuid-dump FILE  CPUID values from FILE (the output of `cpuid -r -1`)\n"
          "      --save-evidence FILE  write the evidence bundle (JSON) to FILE; - writes it to standard output\n"
          "                         (the report is then printed only with -o FILE)\n"
          "      --append           with --save-evidence FILE: add the bundle to FILE as one line (NDJSON)\n"
          "      --label TEXT       the name this machine goes by in fleet reports, saved in the bundle as it is\n"
          "      --evidence PATH    analyse a saved evidence bundle instead of probing (- reads standard input);\n"
          "                         given several times, or\n"
          "                         a directory of bundles, one line per machine (--format ndjson or csv)\n"
          "      --summary          with several bundles: a summary (machines per technology, product, vendor\n"
          "                         and tier, and what to collect for the undetermined ones) instead of lines\n"
          "\n"
          "Support policy (KB 897615 tiers, KB 944987 partners, KB 957006 server software):\n"
          "      --agreement KIND   premier, unified (taken as Premier-level), standard (an agreement that is not\n"
          "                         Premier-level), none or unknown (default: $HVDETECT_AGREEMENT, then the\n"
          "                         configuration file, then unknown: the tier that holds whatever the agreement)\n"
          "      --software KIND    the Microsoft software in question: windows-server (assumed when not given),\n"
          "                         server-app (SQL Server, Exchange...: KB 957006) or other\n"
          "      --as-of DATE       apply the revision and the partner list in force on DATE (YYYY-MM-DD;\n"
          "                         default today: the latest text)\n"
          "      --policy-revision ID  apply revision ID (2.3, 3.0, 2008, 2020; see --list) whatever the date\n"
          "      --config FILE      read agreement, as_of, software, policy_revision from FILE (default, if\n"
          "                         present: /etc/hvdetect.conf; on Windows %ProgramData%\\hvdetect\\hvdetect.conf)\n"
          "\n"
          "Vendor database:\n"
          "      --vendors DIR      use the database in DIR instead of the built-in one\n"
          "      --check-vendors DIR  validate a database directory and list its problems\n"
          "      --list             list the known products and the support policy's revisions (--format json:\n"
          "                         as JSON; --id: the ids --id prints; --cvm: the ids --cvm prints)\n"
          "\n"
          "Monitoring (a Nagios / Icinga / monitoring-plugins check):\n"
          "      --check            one status line with performance data; exit 0 OK, 1 WARNING, 2 CRITICAL,\n"
          "                         3 UNKNOWN. WARNING when the answer is uncertain, CRITICAL when it differs from\n"
          "      --expect-tier TIER          the support tier expected (joint-support, microsoft, ...) or\n"
          "      --expect-technology TECH    the technology expected (vmware, kvm, ..., none: not virtual)\n"
          "\n"
          "  -h, --help, /?         show this help;  --version  show the version\n"
          "\n"
          "Exit status: 0 virtual, 1 not virtual, 2 cannot tell, 3 error, 64 usage error; --format facts: 0\n"
          "whenever it printed the facts; --check: the plugin statuses above.\n",
          stdout);
}

static int is_directory(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

static int usage_error(const char *message, const char *argument)
{
    fprintf(stderr, "hvdetect: %s%s%s\nTry 'hvdetect --help'.\n", message, argument ? ": " : "",
            argument ? argument : "");
    return 0;
}

int cli_is_fleet(const cli_options *options)
{
    return options->evidence_count > 1 || (options->evidence_count == 1 && options->format_is_fleet) ||
           options->evidence_is_directory || options->summary;
}

/* A date the policy can be evaluated on: YYYY-MM-DD, a day that exists in the proleptic Gregorian calendar. Dates
 * are compared as text afterwards, so "2020- 9-30" or "2026-02-30" must not get that far. */
int cli_is_valid_date(const char *text)
{
    static const int days_in_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return 0;
    int year = atoi(text), month = atoi(text + 5), day = atoi(text + 8);
    if (month < 1 || month > 12 || day < 1)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days_in_month[month - 1] + (month == 2 && leap);
}

static int is_standard_stream(const char *path)
{
    return path && strcmp(path, CLI_STANDARD_STREAM) == 0;
}

/* The combinations that cannot mean what they say are refused here, so that nothing is silently ignored. */
static int check_combinations(cli_options *options)
{
    if (options->evidence_count && options->save_evidence)
        return usage_error("--save-evidence saves what this machine shows; with --evidence there is nothing new to "
                           "save", NULL);
    if (options->evidence_count && (options->root || options->cpuid_dump))
        return usage_error("--evidence replays a saved bundle; it cannot be combined with --root or --cpuid-dump",
                           NULL);
    if (options->evidence_count && options->label)
        return usage_error("--label names the machine in the bundle it collects; with --evidence nothing is "
                           "collected", NULL);
    if (options->append && (!options->save_evidence || is_standard_stream(options->save_evidence)))
        return usage_error("--append adds the bundle as one line to the file --save-evidence names; give "
                           "--save-evidence FILE", NULL);
    if (is_standard_stream(options->save_evidence) && is_standard_stream(options->output))
        return usage_error("--save-evidence - and --output - would both write to standard output", NULL);
    if (options->as_of && !cli_is_valid_date(options->as_of))
        return usage_error("--as-of is not a date (YYYY-MM-DD, a day of the calendar)", options->as_of);
    /* Names are checked against the library's own tables, so that the command accepts exactly what it does. */
    char names[400], message[600];
    if (options->agreement && hvd_agreement_from_name(options->agreement) < 0) {
        cli_names(names, sizeof(names), cli_agreement_name, 0, HVD_AGREEMENT_COUNT_);
        snprintf(message, sizeof(message), "--agreement: \"%s\" is not one of %s", options->agreement, names);
        return usage_error(message, NULL);
    }
    if (options->software && hvd_software_from_name(options->software) <= HVD_SOFTWARE_UNSPECIFIED) {
        cli_names(names, sizeof(names), cli_software_name, HVD_SOFTWARE_WINDOWS_SERVER, HVD_SOFTWARE_COUNT_);
        snprintf(message, sizeof(message), "--software: \"%s\" is not one of %s", options->software, names);
        return usage_error(message, NULL);
    }
    if (options->expect_tier && hvd_tier_from_name(options->expect_tier) < 0) {
        cli_names(names, sizeof(names), cli_tier_name, 0, HVD_TIER_COUNT_);
        snprintf(message, sizeof(message), "--expect-tier: \"%s\" is not one of %s", options->expect_tier, names);
        return usage_error(message, NULL);
    }
    if ((options->expect_tier || options->expect_technology) && !options->check)
        return usage_error("--expect-tier and --expect-technology go with --check", NULL);
    if (options->expect_technology && !options->expect_technology[0])
        return usage_error("--expect-technology needs a technology (vmware, kvm, ..., or none)", NULL);
    int format_given = strcmp(options->format, "text") != 0;

    switch (options->action) {
    case ACTION_HELP:
    case ACTION_VERSION:
    case ACTION_CHECK_VENDORS:
        if (options->output)
            return usage_error("--output writes a report; --help, --version and --check-vendors print to the "
                               "terminal", NULL);
        return 1;
    case ACTION_LIST:
        if (strcmp(options->format, "text") != 0 && strcmp(options->format, "json") != 0)
            return usage_error("--list prints text or json", options->format);
        if (options->systemd_id && options->cvm)
            return usage_error("--list lists the ids of --id or of --cvm, not both", NULL);
        return 1;
    case ACTION_DETECT:
        break;
    }
    if (options->check) {
        if (options->output)
            return usage_error("--check prints its status line on standard output, where the monitoring system "
                               "reads it; --output cannot go with it", NULL);
        if (format_given || options->systemd_id || options->cvm || options->summary)
            return usage_error("--check prints one status line; it cannot be combined with --format, --id, --cvm "
                               "or --summary", NULL);
    }
    for (size_t i = 0; i < options->evidence_count; i++)
        if (is_standard_stream(options->evidence[i]) && options->evidence_count > 1)
            return usage_error("--evidence - reads one bundle from standard input; it cannot be combined with "
                               "other bundles", NULL);
    options->format_is_fleet = hvd_fleet_format_from_name(options->format) >= 0;
    options->evidence_is_directory = options->evidence_count == 1 && is_directory(options->evidence[0]);
    if (cli_is_fleet(options)) {
        if (options->check)
            return usage_error("--check looks at one machine; with several bundles use --summary", NULL);
        if (options->systemd_id || options->cvm)
            return usage_error("--id and --cvm print one machine's id; with several bundles the lines carry it",
                               NULL);
        if (strcmp(options->format, "text") == 0)
            options->format = "ndjson";
        if (!options->format_is_fleet && strcmp(options->format, "ndjson") != 0)
            return usage_error("with several bundles the format is ndjson or csv", options->format);
        if (options->evidence_count == 0)
            return usage_error("--summary goes with --evidence", NULL);
        if (options->summary && format_given)
            return usage_error("--summary prints text; --format chooses the lines of a listing instead",
                               options->format);
    } else if (options->systemd_id || options->cvm) {
        if (options->systemd_id && options->cvm)
            return usage_error("--id and --cvm each print one id; choose one", NULL);
        if (strcmp(options->format, "text") != 0 && strcmp(options->format, "json") != 0)
            return usage_error(options->cvm ? "--cvm prints text or json" : "--id prints text or json",
                               options->format);
    } else if (hvd_format_from_name(options->format) < 0)
        return usage_error("unknown format (text, json, case, facts, prometheus, html)", options->format);
    return 1;
}

void cli_free(cli_options *options)
{
    free((void *)options->evidence);
    options->evidence = NULL;
}

int cli_parse(cli_options *options, int argc, char **argv)
{
    memset(options, 0, sizeof(*options));
    options->format = "text";
    options->evidence = calloc((size_t)argc + 1, sizeof(*options->evidence));
    if (!options->evidence)
        return usage_error("out of memory", NULL);
    opterr = 0;
    /* A monitoring system runs the check: even a usage error must come back as UNKNOWN, not 64. */
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--check") == 0)
            options->check = 1;
    int option;
    while ((option = getopt_long(argc, argv, ":f:o:qvh", long_options, NULL)) != -1) {
        switch (option) {
        case 'f': options->format = optarg; break;
        case 'o': options->output = optarg; break;
        case 'q': options->quiet = 1; break;
        case 'v': options->verbose = 1; break;
        case 'h': options->action = ACTION_HELP; break;
        case OPTION_ROOT: options->root = optarg; break;
        case OPTION_CPUID_DUMP: options->cpuid_dump = optarg; break;
        case OPTION_EVIDENCE: options->evidence[options->evidence_count++] = optarg; break;
        case OPTION_SAVE_EVIDENCE: options->save_evidence = optarg; break;
        case OPTION_APPEND: options->append = 1; break;
        case OPTION_VENDORS: options->vendors = optarg; break;
        case OPTION_CHECK_VENDORS:
            options->check_vendors = optarg;
            options->action = ACTION_CHECK_VENDORS;
            break;
        case OPTION_NO_REDACT: options->no_redact = 1; break;
        case OPTION_NO_TIMESTAMP: options->no_timestamp = 1; break;
        case OPTION_LIST: options->action = ACTION_LIST; break;
        case OPTION_AGREEMENT: options->agreement = optarg; break;
        case OPTION_AS_OF: options->as_of = optarg; break;
        case OPTION_CONFIG: options->config = optarg; break;
        case OPTION_SOFTWARE: options->software = optarg; break;
        case OPTION_POLICY_REVISION: options->policy_revision = optarg; break;
        case OPTION_ID: options->systemd_id = 1; break;
        case OPTION_CVM: options->cvm = 1; break;
        case OPTION_SUMMARY: options->summary = 1; break;
        case OPTION_LABEL: options->label = optarg; break;
        case OPTION_CHECK: options->check = 1; break;
        case OPTION_EXPECT_TIER: options->expect_tier = optarg; break;
        case OPTION_EXPECT_TECHNOLOGY: options->expect_technology = optarg; break;
        case OPTION_VERSION: options->action = ACTION_VERSION; break;
        case ':': return usage_error("option needs an argument", argv[optind - 1]);
        default: return usage_error("unknown option", argv[optind - 1]);
        }
    }
    /* "/?" asks for help, as every Windows command understands it, when it is an operand (hvdetect takes no other);
     * as the value of an option ("-o /?") it is that value. */
    if (optind + 1 == argc && strcmp(argv[optind], "/?") == 0) {
        options->action = ACTION_HELP;
        return 1;
    }
    if (optind < argc)
        return usage_error("unexpected argument", argv[optind]);
    return check_combinations(options);
}

void cli_names(char *out, size_t size, const char *(*name)(int), int first, int count)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = first; i < count && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i == first ? "" : i == count - 1 ? " or " : ", ",
                                 name(i));
}

const char *cli_agreement_name(int index)
{
    return hvd_agreement_name((hvd_agreement)index);
}

const char *cli_software_name(int index)
{
    return hvd_software_name((hvd_software)index);
}

const char *cli_tier_name(int index)
{
    return hvd_tier_name((hvd_tier)index);
}
