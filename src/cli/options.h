#ifndef HVDETECT_CLI_OPTIONS_H
#define HVDETECT_CLI_OPTIONS_H

/* Exit statuses, documented in README.md: a script can tell each outcome apart. */
enum {
    EXIT_VIRTUAL = 0,
    EXIT_NOT_VIRTUAL = 1,
    EXIT_CANNOT_TELL = 2,
    EXIT_RUNTIME_ERROR = 3,
    EXIT_USAGE = 64
};

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
    const char *evidence;
    const char *save_evidence;
    const char *output;
    const char *vendors;
    const char *check_vendors;
    const char *agreement;  /* premier, standard, unknown; NULL: from the environment or configuration */
    const char *as_of;
    const char *config;     /* NULL: /etc/hvdetect.conf when it exists */
    int quiet;
    int verbose;
    int no_redact;
    int no_timestamp;
} cli_options;

/* Fills options from argv; on a usage error prints it to stderr and returns 0. */
int cli_parse(cli_options *options, int argc, char **argv);
void cli_usage(void);

#endif
