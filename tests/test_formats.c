/* SPDX-License-Identifier: MIT */
/* The formats other tools read (systemd-detect-virt's id, Ansible/Facter facts, Prometheus metrics, the HTML
 * report) and the fleet listing of many bundles, through the real CLI on recorded machines. */

#include <check.h>

#include "keep_output.h"

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture_support.h"
#include "hvdetect.h"

static char scratch[] = "/tmp/hvdetect-formats-XXXXXX";

/* The fixture's report, evaluated on a fixed date so that tiers do not move with the day the test runs. */
static char *run_fixture(const char *name, const char *const *extra, int *status)
{
    const char *args[16] = {"--as-of", "2026-11-25"};
    size_t count = 2;
    for (size_t i = 0; extra[i] && count < 15; i++)
        args[count++] = extra[i];
    args[count] = NULL;
    return fixture_run_cli_on(name, args, status);
}

/* The ids systemd-detect-virt prints on these platforms (its documentation and virt.c's tables). */
START_TEST(test_systemd_ids)
{
    static const char *const cases[][2] = {
        {"kvm-qemu-generic", "kvm"},  {"kvm-hyperv-enlightened", "kvm"}, {"hyperv", "microsoft"},
        {"virtualbox", "oracle"},     {"aws-nitro", "amazon"},            {"gce", "google"},
        {"vmware-esxi", "vmware"},    {"xen-hvm", "xen"},                 {"qemu-tcg", "qemu"},
        {"bare-metal", "none"},       {"firecracker", "docker"},          {"wsl2", "wsl"},
        {"zvm", "zvm"},               {"parallels", "parallels"},         {"bhyve", "bhyve"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *extra[] = {"--id", NULL};
        int status = -1;
        char *output = run_fixture(cases[i][0], extra, &status);
        output[strcspn(output, "\n")] = '\0';
        ck_assert_msg(strcmp(output, cases[i][1]) == 0, "%s: --id printed \"%s\", expected \"%s\"", cases[i][0],
                      output, cases[i][1]);
        free(output);
    }
}
END_TEST

START_TEST(test_facts_are_flat)
{
    const char *extra[] = {"--format", "facts", NULL};
    int status = -1;
    char *output = run_fixture("azure", extra, &status);
    cJSON *facts = cJSON_Parse(output);
    ck_assert_ptr_nonnull(facts);
    const cJSON *item;
    cJSON_ArrayForEach(item, facts)
    {
        ck_assert_msg(strncmp(item->string, "hvdetect_", 9) == 0, "%s lacks the prefix", item->string);
        ck_assert_msg(!cJSON_IsObject(item), "%s is nested", item->string);
    }
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(facts, "hvdetect_virtualized")));
    ck_assert_str_eq(cJSON_GetObjectItem(facts, "hvdetect_technology")->valuestring, "hyperv");
    ck_assert_str_eq(cJSON_GetObjectItem(facts, "hvdetect_cloud")->valuestring, "azure");
    ck_assert_str_eq(cJSON_GetObjectItem(facts, "hvdetect_tier")->valuestring, "microsoft");
    cJSON_Delete(facts);
    free(output);
}
END_TEST

START_TEST(test_prometheus_metrics)
{
    const char *extra[] = {"--format", "prometheus", NULL};
    int status = -1;
    char *output = run_fixture("vmware-esxi", extra, &status);
    ck_assert_ptr_nonnull(strstr(output, "# TYPE hvdetect_info gauge\nhvdetect_info{technology=\"vmware\","));
    ck_assert_ptr_nonnull(strstr(output, "tier=\"undetermined\""));
    ck_assert_ptr_nonnull(strstr(output, "candidates=\"vmware-esxi,vmware-workstation,vmware-fusion\""));
    ck_assert_ptr_nonnull(strstr(output, "} 1\n"));
    ck_assert_ptr_nonnull(strstr(output, "\nhvdetect_virtualized 1\n"));
    free(output);
    output = run_fixture("empty", extra, &status);
    ck_assert_ptr_nonnull(strstr(output, "\nhvdetect_virtualized -1\n"));
    free(output);
}
END_TEST

START_TEST(test_html_is_self_contained_and_escaped)
{
    const char *extra[] = {"--format", "html", NULL};
    int status = -1;
    char *output = run_fixture("vmware-esxi", extra, &status);
    ck_assert_int_eq(status, 0);
    ck_assert(strncmp(output, "<!DOCTYPE html>", 15) == 0);
    ck_assert_ptr_nonnull(strstr(output, "<h2>Support tier</h2>"));
    ck_assert_ptr_null(strstr(output, "<script"));
    ck_assert_ptr_null(strstr(output, "src=\""));
    ck_assert_ptr_null(strstr(output, "href=\""));
    /* The text as a browser shows it: break opportunities (<wbr>) are no characters. */
    char *shown = strdup(output);
    for (char *wbr; (wbr = strstr(shown, "<wbr>"));)
        memmove(wbr, wbr + 5, strlen(wbr + 5) + 1);
    /* The OEM string's brackets are text, and quotes in the policy's words are escaped. */
    ck_assert_ptr_nonnull(strstr(shown, "[MS_VM_CERT/SHA1/27d66596a61c48dd3dc7216fd715126e33f59ae7]"));
    ck_assert_ptr_nonnull(strstr(shown, "&#39;to decide&#39;"));
    /* Words break between words only, never inside one ("sup/port/s"); a phone gets the page at its own width. */
    ck_assert_ptr_null(strstr(output, "anywhere"));
    ck_assert_ptr_null(strstr(output, "break-all"));
    ck_assert_ptr_nonnull(strstr(output, "<meta name=\"viewport\" content=\"width=device-width"));
    ck_assert_ptr_null(strstr(output, "sup<wbr>"));
    /* Names, not database ids: the vendor every candidate shares, each candidate, and the layers. */
    ck_assert_ptr_nonnull(strstr(shown, "<tr><td>Vendor</td><td>VMware, Inc.</td></tr>"));
    ck_assert_ptr_nonnull(strstr(shown, "VMware ESXi (vSphere); VMware Workstation / Player"));
    ck_assert_ptr_nonnull(strstr(shown, "<tr><td>Layers (innermost first)</td><td>vmware (guest)</td></tr>"));
    free(shown);
    free(output);
}
END_TEST

/* A long token of non-ASCII text gets its break opportunities between characters, never between the bytes of one:
 * "€" is three bytes, and a <wbr> every 32 bytes once split one, leaving invalid UTF-8 in the page. */
START_TEST(test_html_breaks_between_characters)
{
    char product[3 * 40 + 1] = "";
    for (int i = 0; i < 40; i++)
        strcat(product, "\xe2\x82\xac");
    hvd_evidence *evidence = NULL;
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    ck_assert_int_eq(hvd_evidence_add(evidence, "dmi", "product_name", product, HVD_STATUS_OK, NULL), HVD_OK);
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    char *html = NULL;
    ck_assert_int_eq(hvd_report_render(&html, HVD_FORMAT_HTML, HVD_REPORT_VERBOSE, result, NULL, evidence), HVD_OK);
    const char *cell = strstr(html, "\xe2\x82\xac");
    ck_assert_ptr_nonnull(cell);
    ck_assert_ptr_nonnull(strstr(cell, "<wbr>")); /* the token is long enough to be broken */
    for (const char *wbr = strstr(html, "<wbr>"); wbr; wbr = strstr(wbr + 5, "<wbr>")) {
        unsigned char after = (unsigned char)wbr[5];
        ck_assert_msg((after & 0xC0) != 0x80, "a <wbr> inside a character at byte %ld", (long)(wbr - html));
    }
    hvd_free(html);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
    hvd_evidence_free(evidence);
}
END_TEST

static void save_bundle(const char *fixture, const char *path)
{
    const char *extra[] = {"--save-evidence", path, "-q", NULL};
    int status = -1;
    free(run_fixture(fixture, extra, &status));
}

START_TEST(test_fleet_lines_and_summary)
{
    static const char *const fixtures[] = {"vmware-esxi", "hyperv", "kvm-qemu-generic", "bare-metal"};
    char path[1200];
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/%s.json", scratch, fixtures[i]);
        save_bundle(fixtures[i], path);
    }
    snprintf(path, sizeof(path), "%s/broken.json", scratch);
    FILE *file = fopen(path, "w");
    fputs("{\"hvdetect_evidence\": 1, \"evidence\": [", file);
    fclose(file);

    const char *lines_args[] = {"--evidence", scratch, "--as-of", "2026-11-25", NULL};
    int status = -1;
    char *lines = fixture_run_cli(lines_args, &status);
    ck_assert_int_eq(status, 3); /* one bundle skipped */
    int count = 0;
    for (char *line = strtok(lines, "\n"); line; line = strtok(NULL, "\n"), count++) {
        cJSON *object = cJSON_Parse(line);
        ck_assert_msg(object != NULL, "not a JSON line: %s", line);
        ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(object, "source")->valuestring, scratch));
        cJSON_Delete(object);
    }
    ck_assert_int_eq(count, 4);
    free(lines);

    const char *csv_args[] = {"--evidence", scratch, "--format", "csv", NULL};
    char *csv = fixture_run_cli(csv_args, &status);
    ck_assert(strncmp(csv, "format,source,virtualized,technology,product,", 45) == 0);
    ck_assert_ptr_nonnull(strstr(csv, "\r\nhvdetect-csv/1,"));
    free(csv);

    const char *summary_args[] = {"--evidence", scratch, "--summary", "--as-of", "2026-11-25", NULL};
    char *summary = fixture_run_cli(summary_args, &status);
    ck_assert_ptr_nonnull(strstr(summary, "Machines: 4 analysed, 1 bundle skipped"));
    ck_assert_ptr_nonnull(strstr(summary, "microsoft"));
    ck_assert_ptr_nonnull(strstr(summary, "Undetermined"));
    ck_assert_ptr_nonnull(strstr(summary, "vmware: 1 machines"));
    free(summary);
}
END_TEST

/* A confidential VM in every format (an Azure SEV-SNP CVM, tests/fixtures/azure--cvm-snp), against the same Azure
 * machine without the isolation leaf: each names the kind, and the case reports carry the untrusted-firmware caveat
 * (hvdetect(1), --cvm: "reports in a confidential VM say so"), which an ordinary VM's do not. */
START_TEST(test_confidential_vm_in_every_format)
{
    static const struct {
        const char *format, *in_cvm, *elsewhere;
    } formats[] = {
        {"text", "Confidential: hyperv-snp with a paravisor", NULL},
        {"case", "- Confidential VM: hyperv-snp (with a paravisor)", "- Confidential VM: none"},
        {"case", "> **Untrusted firmware:** in a confidential VM the host supplies the SMBIOS and ACPI", NULL},
        {"html", "<tr><td>Confidential VM</td><td>hyperv-snp (with a paravisor)</td></tr>",
         "<tr><td>Confidential VM</td><td>none</td></tr>"},
        {"html", "<p><strong>Untrusted firmware:</strong> in a confidential VM the host supplies", NULL},
        {"facts", "\"hvdetect_confidential\":\t\"hyperv-snp\"", "\"hvdetect_confidential\":\t\"none\""},
        {"prometheus", ",confidential=\"hyperv-snp\",", ",confidential=\"none\","},
        {"json", "\"paravisor\":\ttrue", "\"paravisor\":\tfalse"},
    };
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        const char *extra[] = {"--format", formats[i].format, "--no-timestamp", NULL};
        int status = -1;
        char *cvm = run_fixture("azure--cvm-snp", extra, &status);
        char *azure = run_fixture("azure", extra, &status);
        ck_assert_msg(strstr(cvm, formats[i].in_cvm) != NULL, "%s: no \"%s\" in a CVM", formats[i].format,
                      formats[i].in_cvm);
        ck_assert_msg(strstr(azure, formats[i].in_cvm) == NULL, "%s: \"%s\" outside a CVM", formats[i].format,
                      formats[i].in_cvm);
        ck_assert_msg(!formats[i].elsewhere || strstr(azure, formats[i].elsewhere) != NULL, "%s: no \"%s\"",
                      formats[i].format, formats[i].elsewhere);
        free(cvm);
        free(azure);
    }
    /* systemd-detect-virt --cvm prints sev-snp in an Azure SNP CVM and exits 0; none and 1 in any other VM. */
    const char *cvm_args[] = {"--cvm", NULL};
    int status = -1;
    char *output = run_fixture("azure--cvm-snp", cvm_args, &status);
    ck_assert_str_eq(output, "sev-snp\n");
    ck_assert_int_eq(status, 0);
    free(output);
    output = run_fixture("azure", cvm_args, &status);
    ck_assert_str_eq(output, "none\n");
    ck_assert_int_eq(status, 1);
    free(output);

    /* A fleet counts its confidential VMs, and each line names the kind. */
    char directory[1200], path[1300];
    snprintf(directory, sizeof(directory), "%s/cvm", scratch);
    ck_assert_int_eq(mkdir(directory, 0700), 0);
    snprintf(path, sizeof(path), "%s/azure--cvm-snp.json", directory);
    save_bundle("azure--cvm-snp", path);
    snprintf(path, sizeof(path), "%s/azure.json", directory);
    save_bundle("azure", path);
    const char *summary_args[] = {"--evidence", directory, "--summary", NULL};
    char *summary = fixture_run_cli(summary_args, &status);
    ck_assert_ptr_nonnull(strstr(summary, "\nBy confidential VM:\n  hyperv-snp "));
    ck_assert_ptr_nonnull(strstr(summary, "\n  none "));
    free(summary);
    const char *csv_args[] = {"--evidence", directory, "--format", "csv", NULL};
    char *csv = fixture_run_cli(csv_args, &status);
    ck_assert_ptr_nonnull(strstr(csv, ",systemd_id,confidential,"));
    ck_assert_ptr_nonnull(strstr(csv, ",microsoft,hyperv-snp,"));
    free(csv);
}
END_TEST

/* cJSON's allocations, failing once at a chosen one: countdown allocations succeed, the next fails, the rest
 * succeed again (a transient shortage, the hardest case for a renderer to notice). -1 never fails. */
static long countdown = -1;
static long allocations;

static void *failing_malloc(size_t size)
{
    allocations++;
    if (countdown == 0) {
        countdown = -1;
        return NULL;
    }
    if (countdown > 0)
        countdown--;
    return malloc(size);
}

/* Renders the report with the allocation number fail_at failing (-1: none). */
static int render_failing_at(long fail_at, hvd_format format, const hvd_result *result,
                             const hvd_policy_result *policy, const hvd_evidence *evidence, char **out)
{
    cJSON_Hooks hooks = {failing_malloc, free};
    countdown = fail_at;
    allocations = 0;
    cJSON_InitHooks(&hooks);
    int rc = hvd_report_render(out, format, HVD_REPORT_NO_TIMESTAMP, result, policy, evidence);
    cJSON_InitHooks(NULL);
    return rc;
}

/* Whichever of its allocations fails, a JSON document (report, facts, evidence bundle) is either complete or not
 * given at all (HVD_ENOMEM): never one with members silently missing. */
START_TEST(test_json_reports_are_whole_or_absent)
{
    hvd_evidence *evidence = fixture_collect("vmware-esxi"); /* candidates, relationships, findings of each kind */
    ck_assert_ptr_nonnull(evidence);
    hvd_vendor_db *db = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    hvd_result *result = NULL;
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    hvd_policy_options options = HVD_POLICY_OPTIONS_INIT;
    ck_assert_int_eq(hvd_policy_options_set_date(&options, "2026-11-25"), HVD_OK);
    hvd_policy_result *policy = NULL;
    ck_assert_int_eq(hvd_policy_evaluate(&policy, result, db, &options), HVD_OK);
    static const hvd_format formats[] = {HVD_FORMAT_JSON, HVD_FORMAT_FACTS};
    for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
        char *whole = NULL;
        ck_assert_int_eq(render_failing_at(-1, formats[f], result, policy, evidence, &whole), HVD_OK);
        long needed = allocations;
        ck_assert_int_gt(needed, 10);
        long failures = 0;
        for (long n = 0; n < needed; n++) {
            char *out = NULL;
            int rc = render_failing_at(n, formats[f], result, policy, evidence, &out);
            if (rc == HVD_OK) {
                ck_assert_msg(strcmp(out, whole) == 0, "%s: allocation %ld failed, yet a different document came out",
                              hvd_format_name(formats[f]), n);
            } else {
                ck_assert_int_eq(rc, HVD_ENOMEM);
                ck_assert_ptr_null(out);
                failures++;
            }
            hvd_free(out);
        }
        ck_assert_int_gt(failures, 0);
        hvd_free(whole);
    }
    /* The evidence bundle likewise. */
    cJSON_Hooks hooks = {failing_malloc, free};
    cJSON_InitHooks(&hooks);
    char *whole = NULL;
    countdown = -1;
    allocations = 0;
    ck_assert_int_eq(hvd_evidence_to_json(&whole, evidence), HVD_OK);
    keep_json_output("bundle", whole);
    long needed = allocations, failures = 0;
    for (long n = 0; n < needed; n++) {
        char *out = NULL;
        countdown = n;
        int rc = hvd_evidence_to_json(&out, evidence);
        if (rc == HVD_OK) {
            ck_assert_msg(strcmp(out, whole) == 0, "bundle: allocation %ld failed, yet a different bundle came out", n);
        } else {
            ck_assert_int_eq(rc, HVD_ENOMEM);
            ck_assert_ptr_null(out);
            failures++;
        }
        hvd_free(out);
    }
    cJSON_InitHooks(NULL);
    ck_assert_int_gt(failures, 0);
    hvd_free(whole);
    hvd_policy_result_free(policy);
    hvd_result_free(result);
    hvd_vendor_db_free(db);
    hvd_evidence_free(evidence);
}
END_TEST

/* Bytes that act on a terminal or on how text reads: ESC, the C1 CSI (U+009B), a right-to-left override (U+202E)
 * and a first-strong isolate (U+2068). */
static const char *const hidden_controls[] = {"\x1b", "\xc2\x9b", "\xe2\x80\xae", "\xe2\x81\xa8"};

static void assert_no_hidden_control(const char *what, const char *output)
{
    ck_assert_msg(output != NULL, "%s: no output", what);
    for (size_t i = 0; i < sizeof(hidden_controls) / sizeof(hidden_controls[0]); i++)
        ck_assert_msg(strstr(output, hidden_controls[i]) == NULL, "%s: raw control %zu in the output", what, i);
}

/* A bundle carrying C1 and bidi controls in a value, a collection fact and its own file name, and Markdown and
 * HTML in the value: every format escapes them in its own syntax. */
START_TEST(test_hostile_text_is_escaped_in_every_format)
{
    char directory[1200], saved[1300], hostile[1300];
    snprintf(directory, sizeof(directory), "%s/hostile", scratch);
    ck_assert_int_eq(mkdir(directory, 0700), 0);
    snprintf(saved, sizeof(saved), "%s/saved.json", scratch);
    save_bundle("vmware-esxi", saved);
    FILE *file = fopen(saved, "r");
    ck_assert_ptr_nonnull(file);
    static char text[1 << 20];
    size_t length = fread(text, 1, sizeof(text) - 1, file);
    text[length] = '\0';
    fclose(file);
    cJSON *bundle = cJSON_Parse(text);
    ck_assert_ptr_nonnull(bundle);
    static const char value[] = "VMW\xc2\x9b" "2J\xe2\x80\xae" "cba\xe2\x81\xa8 <img src=x onerror=alert(1)> "
                                "[x](javascript:alert(1)) *b* `c` ends in \\";
    cJSON *dmi = cJSON_GetObjectItem(cJSON_GetObjectItem(bundle, "evidence"), "dmi");
    cJSON_ReplaceItemInObject(dmi, "bios_version", cJSON_CreateString(value));
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(bundle, "collection"), "root", cJSON_CreateString(value));
    snprintf(hostile, sizeof(hostile), "%s/x\x1b[2J\xc2\x9b" "1m\xe2\x80\xae.json", directory);
    char *json = cJSON_Print(bundle);
    file = fopen(hostile, "w");
    ck_assert_ptr_nonnull(file);
    fputs(json, file);
    fclose(file);
    free(json);
    cJSON_Delete(bundle);

    static const struct {
        const char *format;
        int shows_value; /* the format lists observations, so the escaped value must be there */
    } single[] = {{"text", 1}, {"json", 1}, {"case", 1}, {"html", 1}, {"facts", 0}, {"prometheus", 0}};
    for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++) {
        const char *args[] = {"--evidence", hostile, "--format", single[i].format, "-v", NULL};
        int status = -1;
        char *output = fixture_run_cli(args, &status);
        assert_no_hidden_control(single[i].format, output);
        if (single[i].shows_value)
            ck_assert_msg(strstr(output, "xc2") && strstr(output, "xe2"), "%s: escaped value missing",
                          single[i].format);
        if (strcmp(single[i].format, "case") == 0) {
            /* Markdown sees text: each '<', '[' and ']' is backslash-escaped. */
            for (const char *p = output; (p = strpbrk(p, "<[]")) != NULL; p++)
                ck_assert_msg(p > output && p[-1] == '\\', "unescaped %.20s", p);
            ck_assert_ptr_nonnull(strstr(output, "\\<img src=x onerror=alert(1)\\>"));
            ck_assert_ptr_nonnull(strstr(output, "\\[x\\](javascript:alert(1))"));
            /* The value's row has as many cell borders as its neighbour's: the trailing backslash is escaped. */
            char *row = strstr(output, "bios\\_version");
            ck_assert_ptr_nonnull(row);
            while (row > output && row[-1] != '\n')
                row--;
            char *next = strchr(row, '\n');
            ck_assert_ptr_nonnull(next);
            size_t borders[2] = {0, 0};
            for (int r = 0; r < 2; r++) {
                const char *p = r == 0 ? row : next + 1;
                for (; *p && *p != '\n'; p++)
                    if (*p == '\\')
                        p++;
                    else if (*p == '|')
                        borders[r]++;
            }
            ck_assert_uint_eq(borders[0], borders[1]);
        }
        free(output);
    }

    static const char *const fleet[][2] = {{"--format", "ndjson"}, {"--format", "csv"}, {"--summary", NULL}};
    for (size_t i = 0; i < sizeof(fleet) / sizeof(fleet[0]); i++) {
        const char *args[] = {"--evidence", directory, fleet[i][0], fleet[i][1], NULL};
        int status = -1;
        char *output = fixture_run_cli(args, &status);
        assert_no_hidden_control(fleet[i][1] ? fleet[i][1] : fleet[i][0], output);
        ck_assert_msg(strstr(output, "xc2") != NULL, "%s: the file name is missing", fleet[i][0]);
        free(output);
    }
    unlink(hostile);
    unlink(saved);
    rmdir(directory);
}
END_TEST

/* Writes content to base/relative, making its directories. */
static void write_tree_file(const char *base, const char *relative, const char *content)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", base, relative);
    mkdir(base, 0755);
    for (char *slash = strchr(path + strlen(base) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0755);
        *slash = '/';
    }
    FILE *file = fopen(path, "w");
    ck_assert_ptr_nonnull(file);
    fputs(content, file);
    fclose(file);
}

/* Whether containers could be looked for, in every format (hvdetect(1), "Containers"): a saved tree of DMI alone (a
 * QEMU guest's, as Linux names its fields) cannot tell whether the machine is a container; the same tree with PID 1's
 * environment (no container= variable) and this process's mounts (the root file system on a disk, nothing bound
 * over /etc/hostname) shows it looked and found none. */
START_TEST(test_containers_cannot_tell_in_every_format)
{
    char base[] = "/tmp/hvdetect-containers-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(base));
    char unknown[1200], known[1200];
    snprintf(unknown, sizeof(unknown), "%s/dmi-only", base);
    snprintf(known, sizeof(known), "%s/with-cgroup", base);
    const char *roots[] = {unknown, known};
    for (size_t i = 0; i < 2; i++) {
        write_tree_file(roots[i], "sys/class/dmi/id/sys_vendor", "QEMU\n");
        write_tree_file(roots[i], "sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n");
    }
    write_tree_file(known, "proc/1/environ", "HOME=/");
    write_tree_file(known, "proc/self/mountinfo", "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
    static const struct {
        const char *format;
        const char *if_unknown, *if_known; /* each appears in its run's output only (NULL: nothing to find) */
    } cases[] = {
        {"json", "\"containers_known\":\tfalse", "\"containers_known\":\ttrue"},
        {"json", "\"containers\":\t[]", "\"containers\":\t[]"},
        {"text", "\nContainers:   cannot tell (PID 1's environment or this process's mounts could\n              not be read)\n", NULL},
        {"text", "Containers:", NULL}, /* shown only when hvdetect cannot tell */
        {"case", "\n- Containers: cannot tell (PID 1's environment or this process's mounts could not be read)\n",
         "\n- Containers: none\n"},
        {"html", "<td>Containers</td><td>cannot tell (PID 1&#39;s environment or this process&#39;s mounts could not be "
                 "read)</td>",
         "<td>Containers</td><td>none</td>"},
        {"facts", "\"hvdetect_containers_known\":\tfalse", "\"hvdetect_containers_known\":\ttrue"},
        {"prometheus", "containers_known=\"false\"", "containers_known=\"true\""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        for (size_t r = 0; r < 2; r++) {
            const char *args[] = {"--root", roots[r], "--format", cases[i].format, "--as-of", "2026-11-25", NULL};
            int status = -1;
            char *output = fixture_run_cli(args, &status);
            const char *wanted = r == 0 ? cases[i].if_unknown : cases[i].if_known;
            const char *unwanted = r == 0 ? cases[i].if_known : cases[i].if_unknown;
            if (wanted)
                ck_assert_msg(strstr(output, wanted) != NULL, "%s of %s lacks %s", cases[i].format, roots[r], wanted);
            if (unwanted && strcmp(unwanted, wanted ? wanted : "") != 0)
                ck_assert_msg(strstr(output, unwanted) == NULL, "%s of %s shows %s", cases[i].format, roots[r],
                              unwanted);
            free(output);
        }
    /* The fleet: the CSV column and the summary's count of machines that cannot tell. */
    char bundles[1200], saved[1300];
    snprintf(bundles, sizeof(bundles), "%s/bundles", base);
    mkdir(bundles, 0755);
    for (size_t r = 0; r < 2; r++) {
        snprintf(saved, sizeof(saved), "%s/%zu.json", bundles, r);
        const char *args[] = {"--root", roots[r], "--save-evidence", saved, "-q", NULL};
        int status = -1;
        free(fixture_run_cli(args, &status));
        /* The bundle replayed says what the tree did. */
        const char *replay[] = {"--evidence", saved, "--format", "json", NULL};
        char *report = fixture_run_cli(replay, &status);
        ck_assert_ptr_nonnull(strstr(report, r == 0 ? cases[0].if_unknown : cases[0].if_known));
        free(report);
    }
    /* A bundle made on Windows (a recorded Azure guest): no probe there looks for containers. */
    const char *windows[] = {"--evidence", HVD_FIXTURES_DIR "/../fixtures-windows/windows-azure/evidence.json",
                             "--format", "json", NULL};
    int windows_status = -1;
    char *windows_report = fixture_run_cli(windows, &windows_status);
    ck_assert_ptr_nonnull(strstr(windows_report, cases[0].if_unknown));
    free(windows_report);
    const char *csv_args[] = {"--evidence", bundles, "--format", "csv", NULL};
    int status = -1;
    char *csv = fixture_run_cli(csv_args, &status);
    ck_assert_ptr_nonnull(strstr(csv, ",containers,containers_known,"));
    ck_assert_ptr_nonnull(strstr(csv, ",,false,"));
    ck_assert_ptr_nonnull(strstr(csv, ",,true,"));
    free(csv);
    const char *summary_args[] = {"--evidence", bundles, "--summary", NULL};
    char *summary = fixture_run_cli(summary_args, &status);
    ck_assert_ptr_nonnull(strstr(summary, "By container (innermost):\n"));
    ck_assert_ptr_nonnull(strstr(summary, "  (cannot tell)                             1\n"));
    ck_assert_ptr_nonnull(strstr(summary, "  (none)                                    1\n"));
    free(summary);
    char command[1300];
    snprintf(command, sizeof(command), "rm -rf '%s'", base);
    ck_assert_int_eq(system(command), 0);
}
END_TEST

int main(void)
{
    if (!mkdtemp(scratch)) {
        perror("mkdtemp");
        return EXIT_FAILURE;
    }
    Suite *suite = suite_create("formats");
    TCase *tc = tcase_create("formats");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_systemd_ids);
    tcase_add_test(tc, test_facts_are_flat);
    tcase_add_test(tc, test_prometheus_metrics);
    tcase_add_test(tc, test_html_is_self_contained_and_escaped);
    tcase_add_test(tc, test_html_breaks_between_characters);
    tcase_add_test(tc, test_fleet_lines_and_summary);
    tcase_add_test(tc, test_confidential_vm_in_every_format);
    tcase_add_test(tc, test_json_reports_are_whole_or_absent);
    tcase_add_test(tc, test_hostile_text_is_escaped_in_every_format);
    tcase_add_test(tc, test_containers_cannot_tell_in_every_format);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    char command[128];
    snprintf(command, sizeof(command), "rm -rf '%s'", scratch);
    if (system(command) != 0)
        failed++;
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
