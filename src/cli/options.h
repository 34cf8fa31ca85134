/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_CLI_OPTIONS_H
#define HVDETECT_CLI_OPTIONS_H

#include <stddef.h>

/* Exit statuses, documented in README.md: a script can tell each outcome apart. */
enum {
    EXIT_VIRTUAL = 0,
    EXIT_NOT_VIRTUAL = 1,
    EXIT_CANNOT_TELL = 2,
    EXIT_RUNTIME_ERROR = 3,
    EXIT_USAGE = 64
};

/* --check speaks the monitoring-plugin convention instead (Nagios, Icinga, monitoring-plugins): one status line
 * with performance data, and these exit statuses, a usage error included (UNKNOWN). */
enum {
    CHECK_OK = 0,
    CHECK_WARNING = 1,
    CHECK_CRITICAL = 2,
    CHECK_UNKNOWN = 3
};

/* "-" names standard input (--evidence) or standard output (--output, --save-evidence). */
#define CLI_STANDARD_STREAM "-"


typedef enum cli_action {
    ACTION_DETECT,
    ACTION_HELP,
    ACTION_VERSION,
    ACTION_LIST,
    ACTION_CHECK_VENDORS
} cli_action;

typedef struct cli_options {
    cli_action action;
    const char *format;
    const char *root;
    const char *cpuid_dump;
    const char **evidence;  /* every --evidence given (a file or a directory), NULL-terminated */
    size_t evidence_count;
    const char *save_evidence;
    int append;           /* --save-evidence appends the bundle as one line (NDJSON) instead of replacing the file */
    const char *output;
    const char *vendors;
    const char *check_vendors;
    const char *agreement;  /* an hvd_agreement_name(); NULL: from the environment or configuration */
    const char *as_of;
    const char *software;   /* an hvd_software_name(); NULL: from the configuration, else assumed */
    const char *policy_revision; /* a revision id; NULL: the one in force on the date */
    const char *config;     /* NULL: /etc/hvdetect.conf when it exists */
    const char *label;      /* --label: the admin's name for this machine, saved in the bundle, never redacted */
    const char *expect_tier;       /* --check: the support tier expected */
    const char *expect_technology; /* --check: the technology expected ("none": not virtual) */
    int check;            /* --check: one monitoring-plugin status line */
    int quiet;
    int verbose;
    int no_redact;
    int no_timestamp;
    int systemd_id;       /* print only systemd-detect-virt's id */
    int cvm;              /* print only systemd-detect-virt --cvm's id */
    int summary;          /* fleet: print the summary instead of one line per machine */
    int format_is_fleet;  /* --format ndjson or csv */
    int evidence_is_directory;
} cli_options;

/* Fills options from argv; on a usage error prints it to stderr and returns 0. options->evidence is allocated:
 * cli_free() releases it. */
int cli_parse(cli_options *options, int argc, char **argv);
void cli_free(cli_options *options);

/* Whether the options ask for many machines at once (several bundles, or a directory of them). */
int cli_is_fleet(const cli_options *options);
void cli_usage(void);

/* Whether text is a date YYYY-MM-DD that exists in the calendar. */
int cli_is_valid_date(const char *text);

/* "a, b or c": the names a table of the library gives, from first to count - 1, for messages. */
void cli_names(char *out, size_t size, const char *(*name)(int), int first, int count);
const char *cli_agreement_name(int index);
const char *cli_software_name(int index);
const char *cli_tier_name(int index);

#endif
