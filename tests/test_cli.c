/* SPDX-License-Identifier: MIT */
/* The CLI on recorded machines: the real binary with --root and --cpuid-dump, its exit status, and replay of the
 * evidence it saved (a replayed report equals the live one, byte for byte once timestamps are left out). */

#include <check.h>

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture_list.h"
#include "fixture_support.h"

static char scratch[] = "/tmp/hvdetect-cli-XXXXXX";

static int make_scratch(void)
{
    return mkdtemp(scratch) != NULL;
}

static int expected_exit_status(const cJSON *expected)
{
    const cJSON *virtualized = cJSON_GetObjectItem(expected, "virtualized");
    if (cJSON_IsTrue(virtualized))
        return 0;
    if (cJSON_IsFalse(virtualized))
        return 1;
    return 2;
}

START_TEST(test_cli_fixture_and_replay)
{
    const char *name = fixture_names[_i];
    char root[1024], dump[1024], saved[1200];
    fixture_root(name, root, sizeof(root));
    int has_dump = fixture_cpuid_dump(name, dump, sizeof(dump));
    snprintf(saved, sizeof(saved), "%s/%s.json", scratch, name);
    const char *live_args[] = {"--root", root, "--format", "json", "--no-timestamp", "--save-evidence", saved,
                               has_dump ? "--cpuid-dump" : NULL, dump, NULL};
    int status = -1;
    char *live = fixture_run_cli(live_args, &status);
    ck_assert_ptr_nonnull(live);
    cJSON *expected = fixture_expected(name);
    ck_assert_int_eq(status, expected_exit_status(expected));
    cJSON *report = cJSON_Parse(live);
    ck_assert_msg(report != NULL, "%s: output is not JSON", name);
    const char *difference = fixture_compare(expected, report);
    ck_assert_msg(difference == NULL, "%s: %s", name, difference);

    const char *replay_args[] = {"--evidence", saved, "--format", "json", "--no-timestamp", NULL};
    char *replayed = fixture_run_cli(replay_args, &status);
    ck_assert_int_eq(status, expected_exit_status(expected));
    ck_assert_msg(replayed && strcmp(live, replayed) == 0, "%s: replayed report differs from the original", name);
    unlink(saved);
    free(live);
    free(replayed);
    cJSON_Delete(report);
    cJSON_Delete(expected);
}
END_TEST

static cJSON *run_json(const char *fixture, const char *const *extra);

static cJSON *run_fixture_json(const char *name, const char *extra_option, const char *extra_value)
{
    const char *extra[] = {"--as-of", "2026-11-25", extra_option, extra_value, NULL};
    return run_json(name, extra);
}

static const char *policy_string(const cJSON *report, const char *field)
{
    const cJSON *value = cJSON_GetObjectItem(cJSON_GetObjectItem(report, "policy"), field);
    return cJSON_IsString(value) ? value->valuestring : NULL;
}

/* The tier of each kind of machine a support engineer meets, as the CLI reports it (agreement not given). */
START_TEST(test_cli_tiers)
{
    static const struct {
        const char *fixture;
        const char *tier;
        const char *floor;
    } cases[] = {
        {"vmware-esxi", "undetermined", "not-supported"},
        {"vmware-workstation", "undetermined", "not-supported"},
        {"kvm-qemu-generic", "not-supported", NULL},
        {"xen-hvm", "undetermined", "not-supported"},
        {"hyperv", "microsoft", NULL},
        {"kvm-hyperv-enlightened", "not-supported", NULL},
        {"bare-metal", "not-virtualized", NULL},
        /* With the agreement unknown, joint support (which needs a support agreement) is not the tier that holds. */
        {"xenserver", "not-supported", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cJSON *report = run_fixture_json(cases[i].fixture, NULL, NULL);
        const char *tier = policy_string(report, "tier");
        ck_assert_msg(tier && strcmp(tier, cases[i].tier) == 0, "%s: tier %s, expected %s", cases[i].fixture,
                      tier ? tier : "(none)", cases[i].tier);
        const char *floor = policy_string(report, "holds_for_every_candidate");
        if (cases[i].floor)
            ck_assert_msg(floor && strcmp(floor, cases[i].floor) == 0, "%s: floor %s", cases[i].fixture,
                          floor ? floor : "(none)");
        ck_assert_ptr_nonnull(cJSON_GetObjectItem(cJSON_GetObjectItem(report, "policy"), "reasons"));
        cJSON_Delete(report);
    }
    /* An ESXi guest: the candidate ESXi would get joint support, Workstation would not. */
    cJSON *report = run_fixture_json("vmware-esxi", NULL, NULL);
    const cJSON *candidate;
    int checked = 0;
    cJSON_ArrayForEach(candidate, cJSON_GetObjectItem(cJSON_GetObjectItem(report, "policy"), "candidates"))
    {
        const char *product = cJSON_GetObjectItem(candidate, "product")->valuestring;
        const char *standard = cJSON_GetObjectItem(candidate, "if_standard")->valuestring;
        if (strcmp(product, "vmware-esxi") == 0)
            checked += strcmp(standard, "joint-support-windows-server") == 0;
        if (strcmp(product, "vmware-workstation") == 0)
            checked += strcmp(standard, "not-supported") == 0;
    }
    ck_assert_int_eq(checked, 2);
    cJSON_Delete(report);
}
END_TEST

START_TEST(test_cli_agreement_sources)
{
    cJSON *report = run_fixture_json("kvm-qemu-generic", "--agreement", "premier");
    ck_assert_str_eq(policy_string(report, "tier"), "investigate");
    ck_assert_str_eq(policy_string(report, "agreement"), "premier");
    cJSON_Delete(report);
    setenv("HVDETECT_AGREEMENT", "unified", 1);
    report = run_fixture_json("kvm-qemu-generic", NULL, NULL);
    ck_assert_str_eq(policy_string(report, "tier"), "investigate");
    ck_assert_str_eq(policy_string(report, "agreement"), "unified");
    cJSON_Delete(report);
    report = run_fixture_json("kvm-qemu-generic", "--agreement", "standard");
    ck_assert_str_eq(policy_string(report, "tier"), "not-supported");
    cJSON_Delete(report);
    /* An empty variable is an unset one. */
    setenv("HVDETECT_AGREEMENT", "", 1);
    report = run_fixture_json("kvm-qemu-generic", NULL, NULL);
    ck_assert_str_eq(policy_string(report, "agreement"), "unknown");
    cJSON_Delete(report);
    unsetenv("HVDETECT_AGREEMENT");
    char config[1200];
    snprintf(config, sizeof(config), "%s/hvdetect.conf", scratch);
    FILE *file = fopen(config, "w");
    fputs("agreement = premier\n", file);
    fclose(file);
    report = run_fixture_json("kvm-qemu-generic", "--config", config);
    ck_assert_str_eq(policy_string(report, "tier"), "investigate");
    cJSON_Delete(report);
    unlink(config);
}
END_TEST

START_TEST(test_cli_case_report)
{
    char root[1024], dump[1024];
    fixture_root("vmware-esxi", root, sizeof(root));
    fixture_cpuid_dump("vmware-esxi", dump, sizeof(dump));
    const char *args[] = {"--root", root, "--cpuid-dump", dump, "--format", "case", NULL};
    int status = -1;
    char *output = fixture_run_cli(args, &status);
    ck_assert_int_eq(status, 0);
    static const char *const sections[] = {"# hvdetect case report", "## Platform", "## Support tier: `",
                                           "### Reasoning", "### Products and their tiers", "### Caveats",
                                           "### Sources", "KB 897615", "## Evidence for and against",
                                           "## Observations", "VMware-42 \\[redacted\\]"}; /* Markdown for "[redacted]" */
    for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
        ck_assert_msg(strstr(output, sections[i]) != NULL, "case report lacks \"%s\"", sections[i]);
    /* The machine's full serial number is not in it. */
    char serial[256] = "";
    char path[1200];
    snprintf(path, sizeof(path), "%s/sys/class/dmi/id/product_serial", root);
    FILE *file = fopen(path, "r");
    ck_assert_ptr_nonnull(fgets(serial, sizeof(serial), file));
    fclose(file);
    serial[strcspn(serial, "\n")] = '\0';
    ck_assert_ptr_null(strstr(output, serial));
    free(output);
}
END_TEST

/* With --root and no --cpuid-dump, CPUID must not be read from the machine running the test. */
START_TEST(test_root_never_reads_live_cpuid)
{
    char root[1024];
    fixture_root("empty", root, sizeof(root));
    const char *args[] = {"--root", root, "--format", "json", NULL};
    int status = -1;
    char *output = fixture_run_cli(args, &status);
    cJSON *report = cJSON_Parse(output);
    ck_assert_ptr_nonnull(report);
    ck_assert_int_eq(status, 2);
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(report, "virtualized")));
    const cJSON *item;
    int cpuid_unavailable = 0;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(report, "evidence"))
    {
        const char *source = cJSON_GetObjectItem(item, "source")->valuestring;
        const char *item_status = cJSON_GetObjectItem(item, "status")->valuestring;
        if (strcmp(source, "cpuid") == 0) {
            ck_assert_str_eq(item_status, "unavailable");
            cpuid_unavailable = 1;
        }
    }
    ck_assert(cpuid_unavailable);
    free(output);
    cJSON_Delete(report);
}
END_TEST

START_TEST(test_usage_errors)
{
    static const char *const cases[][4] = {
        {"--format", "yaml", NULL, NULL},
        {"--bogus", NULL, NULL, NULL},
        {"--evidence", "x.json", "--root", "/"},
        {"stray", NULL, NULL, NULL},
        {"--evidence", "x.json", "--save-evidence", "y.json"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *args[5] = {cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL};
        int status = -1;
        free(fixture_run_cli(args, &status));
        ck_assert_int_eq(status, 64);
    }
}
END_TEST

START_TEST(test_bad_evidence_file_is_named)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/bad.json", scratch);
    FILE *file = fopen(path, "w");
    fputs("{\"hvdetect_evidence\": 1, \"evidence\": [{\"source\": 3}]}", file);
    fclose(file);
    const char *args[] = {"--evidence", path, NULL};
    int status = -1;
    free(fixture_run_cli(args, &status));
    ck_assert_int_eq(status, 3);
}
END_TEST

/* Standard error of the CLI run by the shell command, and its exit status. */
static char *cli_stderr(const char *arguments, int *status)
{
    char command[4096];
    snprintf(command, sizeof(command), "'%s' %s 2>&1 >/dev/null", HVD_CLI_PATH, arguments);
    FILE *pipe = popen(command, "r");
    ck_assert_ptr_nonnull(pipe);
    static char output[4096];
    size_t length = fread(output, 1, sizeof(output) - 1, pipe);
    output[length] = '\0';
    int raw = pclose(pipe);
    *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return output;
}

/* A --cpuid-dump the user named but that cannot be read is an error naming it, as for --config and --evidence;
 * an answer from the tree alone would hide the typo. */
START_TEST(test_unreadable_cpuid_dump_is_named)
{
    char root[1024], missing[1200], unreadable[1200], arguments[3000];
    fixture_root("kvm-qemu-generic", root, sizeof(root));
    snprintf(missing, sizeof(missing), "%s/no-such-dump.txt", scratch);
    snprintf(unreadable, sizeof(unreadable), "%s", scratch); /* a directory */
    const char *dumps[] = {missing, unreadable};
    for (size_t i = 0; i < 2; i++) {
        snprintf(arguments, sizeof(arguments), "--root '%s' --cpuid-dump '%s'", root, dumps[i]);
        int status = -1;
        const char *errors = cli_stderr(arguments, &status);
        ck_assert_msg(status == 3, "%s: exit %d", dumps[i], status);
        ck_assert_msg(strstr(errors, dumps[i]) != NULL, "stderr does not name %s: %s", dumps[i], errors);
    }
}
END_TEST

/* The CLI's exit status and peak resident memory (what /usr/bin/time -v reports as "Maximum resident set size",
 * from the same wait4 accounting) on --evidence path. */
static int run_measured(const char *path, long *peak_kib)
{
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execl(HVD_CLI_PATH, HVD_CLI_PATH, "--evidence", path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    ck_assert_int_eq(wait4(child, &status, 0, &usage), child);
    *peak_kib = usage.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A 64 MiB bundle of empty objects (the largest file hvdetect reads) and one of a million observations are
 * refused while memory stays under 256 MiB: their values are counted before a tree is built. Parsed first, they
 * took 1.8 GB and 546 MB. */
START_TEST(test_hostile_bundle_is_refused_before_parsing)
{
    static const struct {
        const char *name;
        const char *item;
        size_t count;
    } bundles[] = {
        {"empty-objects.json", "{}", (64u * 1024 * 1024 - 100) / 3},
        {"million-observations.json", "{\"source\":\"a\",\"key\":\"b\"}", 1000000},
    };
    const char *scale = getenv("HVD_TEST_TIME_SCALE");
    int instrumented = scale && strcmp(scale, "1") != 0; /* valgrind and ASan bring their own memory */
    for (size_t b = 0; b < sizeof(bundles) / sizeof(bundles[0]); b++) {
        char path[1200];
        snprintf(path, sizeof(path), "%s/%s", scratch, bundles[b].name);
        FILE *file = fopen(path, "w");
        ck_assert_ptr_nonnull(file);
        fputs("{\"hvdetect_evidence\": 1, \"evidence\": [", file);
        for (size_t i = 0; i < bundles[b].count; i++)
            fprintf(file, "%s%s", i ? "," : "", bundles[b].item);
        fputs("]}", file);
        ck_assert_int_eq(fclose(file), 0);
        long peak_kib = 0;
        int status = run_measured(path, &peak_kib);
        ck_assert_msg(status == 3, "%s: exit %d", bundles[b].name, status);
        if (!instrumented)
            ck_assert_msg(peak_kib < 256 * 1024, "%s: peak %ld KiB", bundles[b].name, peak_kib);
        unlink(path);
    }
}
END_TEST

/* HVDETECT_AGREEMENT is shown back escaped when it is wrong (an ESC or C1 sequence in it would act on the
 * terminal), and an empty one is unset, as ${VAR:-default} treats it. */
START_TEST(test_agreement_from_environment)
{
    char root[1024], command[2048];
    fixture_root("kvm-qemu-generic", root, sizeof(root));
    snprintf(command, sizeof(command),
             "HVDETECT_AGREEMENT=\"$(printf '\\033[2J\\302\\233x')\" '%s' --root '%s' 2>&1 >/dev/null", HVD_CLI_PATH,
             root);
    FILE *pipe = popen(command, "r");
    ck_assert_ptr_nonnull(pipe);
    char output[512];
    size_t length = fread(output, 1, sizeof(output) - 1, pipe);
    output[length] = '\0';
    int raw = pclose(pipe);
    ck_assert(WIFEXITED(raw) && WEXITSTATUS(raw) == 3);
    ck_assert_ptr_null(strchr(output, '\033'));
    ck_assert_ptr_null(strstr(output, "\302\233"));
    ck_assert_ptr_nonnull(strstr(output, "HVDETECT_AGREEMENT: \"\\x1b[2J\\xc2\\x9bx\" is not one of"));

    snprintf(command, sizeof(command), "HVDETECT_AGREEMENT= '%s' --root '%s' -q", HVD_CLI_PATH, root);
    raw = system(command);
    ck_assert(WIFEXITED(raw) && WEXITSTATUS(raw) == 0); /* virtualized; no agreement error */
}
END_TEST

/* Output that cannot be written is an error with the system's reason, for every action; "/?" is help only as an
 * operand, and the value of -o when given to it. */
START_TEST(test_output_failures_and_help_operand)
{
    static const char *const actions[] = {"--help", "--list", "--version"};
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        char command[2048];
        snprintf(command, sizeof(command), "'%s' %s 2>&1 >/dev/full", HVD_CLI_PATH, actions[i]);
        FILE *pipe = popen(command, "r");
        ck_assert_ptr_nonnull(pipe);
        char output[512];
        size_t length = fread(output, 1, sizeof(output) - 1, pipe);
        output[length] = '\0';
        int raw = pclose(pipe);
        ck_assert_msg(WIFEXITED(raw) && WEXITSTATUS(raw) == 3, "%s to /dev/full: exit %d", actions[i], raw);
        ck_assert_msg(strstr(output, "standard output: No space left on device") != NULL, "%s: %s", actions[i],
                      output);
    }
    /* "-o /?" names the output file: with an unknown format it is a usage error (64), not help (so nothing is
     * written to /?). */
    const char *args[] = {"-o", "/?", "--format", "no-such-format", NULL};
    int status = -1;
    char *output = fixture_run_cli(args, &status);
    ck_assert_int_eq(status, 64);
    ck_assert_ptr_null(strstr(output, "Usage:"));
    free(output);
    const char *help[] = {"/?", NULL};
    output = fixture_run_cli(help, &status);
    ck_assert_int_eq(status, 0);
    ck_assert_ptr_nonnull(strstr(output, "Usage:"));
    free(output);
}
END_TEST

/* Runs the command with stderr captured into a file; returns stderr's text (the caller frees it). */
static char *run_capturing_stderr(const char *const *args, int *status)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/stderr.txt", scratch);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    FILE *file = fopen(path, "w");
    ck_assert_ptr_nonnull(file);
    dup2(fileno(file), STDERR_FILENO);
    free(fixture_run_cli(args, status));
    dup2(saved, STDERR_FILENO);
    close(saved);
    fclose(file);
    file = fopen(path, "r");
    char *text = calloc(1, 4096);
    ck_assert_ptr_nonnull(text);
    size_t length = fread(text, 1, 4095, file);
    text[length] = '\0';
    fclose(file);
    unlink(path);
    return text;
}

/* A bad --agreement is the option's fault, checked against the library's names; a bad variable is the variable's. */
START_TEST(test_cli_agreement_errors_name_their_source)
{
    const char *bad_option[] = {"--agreement", "gold", NULL};
    int status = -1;
    setenv("HVDETECT_AGREEMENT", "premier", 1);
    char *errors = run_capturing_stderr(bad_option, &status);
    ck_assert_int_eq(status, 64);
    ck_assert_msg(strstr(errors, "--agreement: \"gold\" is not one of unknown, premier, standard, unified or none"),
                  "%s", errors);
    ck_assert_ptr_null(strstr(errors, "HVDETECT_AGREEMENT"));
    free(errors);
    setenv("HVDETECT_AGREEMENT", "gold", 1);
    char root[1024];
    fixture_root("kvm-qemu-generic", root, sizeof(root));
    const char *from_environment[] = {"--root", root, NULL};
    errors = run_capturing_stderr(from_environment, &status);
    ck_assert_int_eq(status, 3);
    ck_assert_msg(strstr(errors, "HVDETECT_AGREEMENT: \"gold\" is not one of"), "%s", errors);
    free(errors);
    unsetenv("HVDETECT_AGREEMENT");
    const char *bad_software[] = {"--software", "sql", NULL};
    errors = run_capturing_stderr(bad_software, &status);
    ck_assert_int_eq(status, 64);
    ck_assert_msg(strstr(errors, "--software: \"sql\" is not one of windows-server, server-app or other"), "%s",
                  errors);
    free(errors);
    const char *bad_revision[] = {"--root", root, "--policy-revision", "4.0", NULL};
    errors = run_capturing_stderr(bad_revision, &status);
    ck_assert_int_eq(status, 64);
    ck_assert_msg(strstr(errors, "--policy-revision: \"4.0\" is not one of 2.3, 3.0, 2008 or 2020"), "%s", errors);
    free(errors);
}
END_TEST

/* The fixture's JSON report, with the extra arguments (NULL-terminated). */
static cJSON *run_json(const char *fixture, const char *const *extra)
{
    const char *args[20] = {"--format", "json"};
    size_t count = 2;
    for (size_t i = 0; extra[i] && count < 19; i++)
        args[count++] = extra[i];
    args[count] = NULL;
    int status = -1;
    char *output = fixture_run_cli_on(fixture, args, &status);
    cJSON *report = output ? cJSON_Parse(output) : NULL;
    free(output);
    ck_assert_msg(report != NULL, "%s: no JSON report", fixture);
    return report;
}

static const char *candidate_tier(const cJSON *report, const char *product, const char *field)
{
    const cJSON *candidate;
    cJSON_ArrayForEach(candidate, cJSON_GetObjectItem(cJSON_GetObjectItem(report, "policy"), "candidates"))
    {
        if (strcmp(cJSON_GetObjectItem(candidate, "product")->valuestring, product) == 0)
            return cJSON_GetObjectItem(candidate, field)->valuestring;
    }
    return NULL;
}

/* The same ESXi guest on three dates: revision 2.3, 3.0 and the current text, each named in the report, with the
 * revision that defined the tier. */
START_TEST(test_cli_revision_follows_the_date)
{
    static const struct {
        const char *date, *revision, *esxi, *esxi_defined_by;
    } cases[] = {
        {"2007-09-01", "2.3", "reproduce-independently", "2.3"},
        {"2008-01-01", "3.0", "reproduce-independently", "2.3"},
        {"2026-01-01", "2020", "joint-support-windows-server", "2020"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *extra[] = {"--as-of", cases[i].date, "--agreement", "standard", NULL};
        cJSON *report = run_json("vmware-esxi", extra);
        const cJSON *policy = cJSON_GetObjectItem(report, "policy");
        const cJSON *revision = cJSON_GetObjectItem(policy, "revision");
        ck_assert_str_eq(cJSON_GetObjectItem(revision, "id")->valuestring, cases[i].revision);
        ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(revision, "why")->valuestring, "in force on"));
        ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(policy, "sources"), "revision")->valuestring,
                         cases[i].revision);
        ck_assert_str_eq(candidate_tier(report, "vmware-esxi", "if_standard"), cases[i].esxi);
        cJSON_Delete(report);
        /* The same machine pinned to ESXi would get that tier: tier_defined_by names its revision. */
        const char *pinned[] = {"--as-of", cases[i].date, "--agreement", "standard", NULL};
        report = run_json("nutanix-ahv", pinned);
        policy = cJSON_GetObjectItem(report, "policy");
        const cJSON *defined_by = cJSON_GetObjectItem(policy, "tier_defined_by");
        ck_assert(cJSON_IsString(defined_by));
        cJSON_Delete(report);
    }
    const char *chosen[] = {"--as-of", "2026-01-01", "--policy-revision", "3.0", "--agreement", "standard", NULL};
    cJSON *report = run_json("kvm-qemu-generic", chosen);
    const cJSON *policy = cJSON_GetObjectItem(report, "policy");
    ck_assert_str_eq(cJSON_GetObjectItem(policy, "tier")->valuestring, "reproduce-independently");
    ck_assert_str_eq(cJSON_GetObjectItem(policy, "tier_defined_by")->valuestring, "2.3");
    ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(policy, "revision"), "why")->valuestring,
                                 "chosen explicitly"));
    cJSON_Delete(report);
}
END_TEST

/* --software changes the tier where the current text differs: joint support covers Windows Server only. */
START_TEST(test_cli_software)
{
    static const struct {
        const char *software, *tier;
    } cases[] = {{NULL, "joint-support-windows-server"},
                 {"windows-server", "joint-support-windows-server"},
                 {"server-app", "listed-server-software"},
                 {"other", "not-supported"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *extra[] = {"--as-of", "2026-01-01", "--agreement", "standard",
                               cases[i].software ? "--software" : NULL, cases[i].software, NULL};
        cJSON *report = run_json("nutanix-ahv", extra);
        const cJSON *policy = cJSON_GetObjectItem(report, "policy");
        ck_assert_str_eq(cJSON_GetObjectItem(policy, "tier")->valuestring, cases[i].tier);
        ck_assert_str_eq(cJSON_GetObjectItem(policy, "software")->valuestring,
                         cases[i].software ? cases[i].software : "windows-server");
        ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(policy, "software_assumed")) == (cases[i].software == NULL));
        cJSON_Delete(report);
    }
    /* Joint support under SVVP lists what it leaves to the vendor. */
    const char *extra[] = {"--as-of", "2026-01-01", "--agreement", "premier", NULL};
    cJSON *report = run_json("nutanix-ahv", extra);
    const cJSON *exclusions = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(report, "policy"),
                                                                      "revision"), "exclusions");
    ck_assert_int_eq(cJSON_GetArraySize(exclusions), 3);
    ck_assert_str_eq(cJSON_GetArrayItem(exclusions, 0)->valuestring, "memory over-commitment");
    cJSON_Delete(report);
}
END_TEST

/* README, "Exit status": 3 is a runtime error. An agreement that is not one of the three names is refused, not
 * replaced by a default; a report that cannot be written is not a success. */
START_TEST(test_runtime_errors_exit_3)
{
    const char *root = HVD_FIXTURES_DIR "/empty/root";
    int status = -1;
    setenv("HVDETECT_AGREEMENT", "gold", 1);
    const char *agreement[] = {"--root", root, NULL};
    free(fixture_run_cli(agreement, &status));
    unsetenv("HVDETECT_AGREEMENT");
    ck_assert_int_eq(status, 3);

    char output[1200];
    snprintf(output, sizeof(output), "%s/no-such-directory/report.txt", scratch);
    const char *unwritable[] = {"--root", root, "--output", output, NULL};
    status = -1;
    free(fixture_run_cli(unwritable, &status));
    ck_assert_int_eq(status, 3);
}
END_TEST

static size_t fixture_count(void)
{
    size_t count = 0;
    while (fixture_names[count])
        count++;
    return count;
}

int main(void)
{
    if (!make_scratch()) {
        perror("mkdtemp");
        return EXIT_FAILURE;
    }
    Suite *suite = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_cli_fixture_and_replay, 0, (int)fixture_count());
    tcase_add_test(tc, test_root_never_reads_live_cpuid);
    tcase_add_test(tc, test_cli_tiers);
    tcase_add_test(tc, test_cli_agreement_sources);
    tcase_add_test(tc, test_cli_case_report);
    tcase_add_test(tc, test_cli_agreement_errors_name_their_source);
    tcase_add_test(tc, test_cli_revision_follows_the_date);
    tcase_add_test(tc, test_cli_software);
    tcase_add_test(tc, test_usage_errors);
    tcase_add_test(tc, test_bad_evidence_file_is_named);
    tcase_add_test(tc, test_unreadable_cpuid_dump_is_named);
    tcase_add_test(tc, test_output_failures_and_help_operand);
    tcase_add_test(tc, test_agreement_from_environment);
    tcase_add_test(tc, test_hostile_bundle_is_refused_before_parsing);
    tcase_add_test(tc, test_runtime_errors_exit_3);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    rmdir(scratch);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
