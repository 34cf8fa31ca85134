/* SPDX-License-Identifier: MIT */
/* The vendor database loader: the shipped directory loads like the built-in copy, and every kind of mistake in a
 * database is reported with its file, entry and field. */

#include <check.h>
#include <dirent.h>

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvdetect.h"
#include "probes/guest_tools.h"

static char directory[] = "/tmp/hvdetect-vendors-XXXXXX";

static void setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(directory));
}

static void teardown(void)
{
    char command[128];
    snprintf(command, sizeof(command), "rm -rf '%s'", directory);
    ck_assert_int_eq(system(command), 0);
    strcpy(directory, "/tmp/hvdetect-vendors-XXXXXX");
}

static void write_json(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", directory, name);
    FILE *file = fopen(path, "w");
    ck_assert_ptr_nonnull(file);
    fputs(text, file);
    fclose(file);
}

static const char technologies[] =
    "{\"technologies\": [{\"id\": \"kvm\", \"name\": \"KVM\", \"systemd_id\": \"kvm\", \"unpinned\": [\"p1\"]}]}";

/* A complete policy with one revision; %s replaces the rule for the "other" platform without a Premier agreement. */
static void write_policy(const char *standard_rule)
{
    static const char *const tiers[] = {"not-virtualized", "microsoft", "joint-support",
                                        "commercially-reasonable-efforts", "reproduce-independently", "undetermined",
                                        "not-supported", "investigate", "joint-support-windows-server",
                                        "listed-server-software"};
    static const char *const caveats[] = {"exclusions", "azure", "unified", "software-default",
                                          "unverified-relationship"};
    char tier_text[2048] = "", caveat_text[1024] = "", text[8192];
    for (size_t i = 0; i < sizeof(tiers) / sizeof(tiers[0]); i++)
        snprintf(tier_text + strlen(tier_text), sizeof(tier_text) - strlen(tier_text),
                 "%s{\"id\": \"%s\", \"rank\": %zu, \"meaning\": \"m\", \"what_to_do\": \"w\"}", i ? "," : "",
                 tiers[i], 10 - i);
    for (size_t i = 0; i < sizeof(caveats) / sizeof(caveats[0]); i++)
        snprintf(caveat_text + strlen(caveat_text), sizeof(caveat_text) - strlen(caveat_text),
                 "%s{\"when\": \"%s\", \"text\": \"c\"}", i ? "," : "", caveats[i]);
    snprintf(text, sizeof(text),
             "{\"policy\": {\"article\": \"KB 897615\", \"title\": \"t\", \"partner_list\": \"KB 944987\","
             " \"source\": \"s\"}, \"own_vendors\": [\"v\"],"
             " \"partner_lists\": [{\"name\": \"first\", \"since\": \"2007-11-10\", \"confidence\": \"inferred\"}],"
             " \"tiers\": [%s], \"revisions\": [{\"id\": \"3.0\", \"name\": \"n\", \"date\": \"2007-11-10\","
             " \"in_force_from\": \"2007-11-10\", \"in_force_note\": \"n\", \"confidence\": \"verified\","
             " \"source\": \"s\", \"own_products\": \"o\", \"baseline\": \"b\", \"relationship_kinds\": [\"svvp\"],"
             " \"quotes\": [{\"id\": \"q\", \"text\": \"t\", \"confidence\": \"verified\"}], \"exclusions\": [],"
             " \"rules\": ["
             "{\"platform\": \"physical\", \"agreement\": \"any\", \"tier\": \"not-virtualized\"},"
             "{\"platform\": \"microsoft\", \"agreement\": \"any\", \"tier\": \"microsoft\"},"
             "{\"platform\": [\"validated\", \"partner\"], \"agreement\": \"any\", \"tier\": \"joint-support\","
             " \"quote\": \"q\"},"
             "{\"platform\": \"other\", \"agreement\": \"premier\", \"tier\": "
             "\"commercially-reasonable-efforts\"},%s"
             "{\"platform\": \"unknown\", \"agreement\": \"any\", \"tier\": \"undetermined\"}]}],"
             " \"to_decide\": [{\"technology\": \"*\", \"text\": \"ask\"}], \"caveats\": [\"c\"],"
             " \"conditional_caveats\": [%s]}",
             tier_text, standard_rule, caveat_text);
    write_json("policy.json", text);
}

static const char standard_rule[] =
    "{\"platform\": \"other\", \"agreement\": [\"standard\", \"none\"], \"tier\": \"reproduce-independently\"},";

/* A valid vendor with one product and one signature; %s is spliced into the signature object. */
static void write_vendor(const char *signature_extra)
{
    char text[2048];
    snprintf(text, sizeof(text),
             "{\"id\": \"v\", \"name\": \"Vendor\", \"kind\": \"company\","
             " \"products\": [{\"id\": \"p1\", \"name\": \"P\", \"technology\": \"kvm\", \"kind\": \"server\"}],"
             " \"signatures\": [{\"id\": \"s1\", \"when\": [{\"source\": \"dmi\", \"key\": \"sys_vendor\","
             " \"op\": \"exact\", \"value\": \"V\"}], \"products\": [\"p1\"], \"strength\": \"strong\","
             " \"why\": \"w\", \"ref\": \"r\"%s}]}",
             signature_extra);
    write_json("v.json", text);
}

static char *check_report(int expect_valid)
{
    char *report = NULL;
    int rc = hvd_vendor_db_check_dir(&report, directory);
    ck_assert_int_eq(rc, expect_valid ? HVD_OK : HVD_EBADINPUT);
    ck_assert_ptr_nonnull(report);
    return report;
}

START_TEST(test_shipped_directory_matches_built_in)
{
    hvd_vendor_db *built_in = NULL, *from_dir = NULL;
    ck_assert_int_eq(hvd_vendor_db_load_default(&built_in), HVD_OK);
    ck_assert_msg(hvd_vendor_db_load_dir(&from_dir, HVD_VENDORS_DIR) == HVD_OK, "%s", hvd_error_last());
    ck_assert_uint_eq(hvd_vendor_db_product_count(built_in), hvd_vendor_db_product_count(from_dir));
    hvd_vendor_db_free(built_in);
    hvd_vendor_db_free(from_dir);
}
END_TEST

START_TEST(test_minimal_database_is_valid)
{
    write_json("technologies.json", technologies);
    write_policy(standard_rule);
    write_vendor("");
    hvd_free(check_report(1));
}
END_TEST

START_TEST(test_policy_must_decide_every_case)
{
    write_json("technologies.json", technologies);
    write_vendor("");
    write_policy("");
    char *report = check_report(0);
    ck_assert_msg(strstr(report, "policy.json: entry \"3.0\": field \"rules\": no rule decides platform \"other\" with "
                                 "agreement \"standard\" for software \"windows-server\"") != NULL, "%s", report);
    hvd_free(report);
    char path[256];
    snprintf(path, sizeof(path), "%s/policy.json", directory);
    unlink(path);
    report = check_report(0);
    ck_assert_ptr_nonnull(strstr(report, "policy.json: missing"));
    hvd_free(report);
}
END_TEST

/* A rule that names words the revision does not have, or software that does not exist, is named, not ignored. */
START_TEST(test_policy_rule_problems_are_named)
{
    static const struct {
        const char *rule;
        const char *expected;
    } cases[] = {
        {"{\"platform\": \"other\", \"agreement\": [\"standard\", \"none\"], \"tier\": \"reproduce-independently\","
         " \"quote\": \"nope\"},",
         "policy.json: entry \"3.0\": field \"quote\": \"nope\" is not a quote of this revision"},
        {"{\"platform\": \"other\", \"agreement\": [\"standard\", \"none\"], \"software\": \"sql\","
         " \"tier\": \"reproduce-independently\"},",
         "field \"software\": \"sql\" is not one of the allowed values"},
        {"{\"platform\": \"other\", \"agreement\": [\"standard\", \"gold\"], \"tier\": \"reproduce-independently\"},",
         "field \"agreement\": \"gold\" is not one of the allowed values"},
    };
    write_json("technologies.json", technologies);
    write_vendor("");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        write_policy(cases[i].rule);
        char *report = check_report(0);
        ck_assert_msg(strstr(report, cases[i].expected) != NULL, "case %zu: report was: %s", i, report);
        hvd_free(report);
    }
}
END_TEST

START_TEST(test_problems_name_file_entry_and_field)
{
    static const struct {
        const char *extra;
        const char *expected;
    } cases[] = {
        {", \"strenght\": \"weak\"", "v.json: entry \"s1\": field \"strenght\": unknown field"},
        {", \"products\": [\"nope\"]", "entry \"s1\": field \"products\": given twice"},
        {", \"technology\": \"warp\"", "field \"technology\": \"warp\" is not in technologies.json"},
        {", \"role\": \"boss\"", "field \"role\": \"boss\" is not one of the allowed values"},
        {", \"interface\": \"yes\"", "field \"interface\": must be true or false"},
        {", \"why\": \"again\"", "entry \"s1\": field \"why\": given twice"},
    };
    write_json("technologies.json", technologies);
    write_policy(standard_rule);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        write_vendor(cases[i].extra);
        char *report = check_report(0);
        ck_assert_msg(strstr(report, cases[i].expected) != NULL, "case %zu: report was: %s", i, report);
        hvd_free(report);
    }
}
END_TEST

/* Copies the shipped database's files into the test's directory, replacing every "from" with "to" (NULL: none) in
 * the file named edit: done here rather than with cp and sed, which would run under valgrind with the test. */
static void copy_shipped_database(const char *edit, const char *from, const char *to)
{
    DIR *dir = opendir(HVD_VENDORS_DIR);
    ck_assert_ptr_nonnull(dir);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        size_t length = strlen(entry->d_name);
        if (length < 5 || strcmp(entry->d_name + length - 5, ".json") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", HVD_VENDORS_DIR, entry->d_name);
        FILE *in = fopen(path, "rb");
        ck_assert_ptr_nonnull(in);
        static char text[1 << 20];
        size_t size = fread(text, 1, sizeof(text) - 1, in);
        fclose(in);
        text[size] = '\0';
        snprintf(path, sizeof(path), "%s/%s", directory, entry->d_name);
        FILE *out = fopen(path, "wb");
        ck_assert_ptr_nonnull(out);
        const char *p = text;
        if (edit && strcmp(entry->d_name, edit) == 0)
            for (const char *hit; (hit = strstr(p, from)) != NULL; p = hit + strlen(from)) {
                fwrite(p, 1, (size_t)(hit - p), out);
                fputs(to, out);
            }
        fputs(p, out);
        ck_assert_int_eq(fclose(out), 0);
    }
    closedir(dir);
}

/* The shipped database with one edit a maintainer could make (from becomes to in file) is refused, and the report
 * names the problem as expected says. */
static void assert_refused(const char *file, const char *from, const char *to, const char *expected)
{
    copy_shipped_database(file, from, to);
    char *report = check_report(0);
    ck_assert_msg(strstr(report, expected) != NULL, "report was: %s", report);
    hvd_free(report);
}

/* A typo in a signature's key would make a rule that never matches; the database must refuse it, naming the file,
 * the signature and the key. */
START_TEST(test_key_no_probe_records_is_refused)
{
    assert_refused("vmware.json", "\"key\": \"sys_vendor\"", "\"key\": \"sys_vendr\"",
                   "vmware.json: entry \"vmware-dmi-sys-vendor\": field \"key\": no probe records the key "
                   "\"sys_vendr\" under source \"dmi\"");
}
END_TEST

/* A "line" pattern is checked when the database loads: a malformed one is refused with the file, the entry and what
 * is wrong, never loaded as a rule that matches nothing. */
START_TEST(test_malformed_line_pattern_is_refused)
{
    assert_refused("containers.json", "\"*:/lxc/[0-9a-f]{64}\"", "\"*:/lxc/[0-9a-f{64}\"",
                   "containers.json: entry \"docker\": field \"value\": the pattern \"*:/lxc/[0-9a-f{64}\" is "
                   "malformed: a '[' has no ']'");
    assert_refused("containers.json", "[0-9a-f]{64}", "[0-9a-f]{0}",
                   "is malformed: a repetition must be \"{n}\" with n from 1 to 1024");
}
END_TEST

/* The Windows probe looks for the guest tools the database's "windows" signatures name: a new product's tools are
 * a file in vendors/, with no code changed. A copy of the shipped database gains one. */
START_TEST(test_guest_tools_come_from_the_data)
{
    copy_shipped_database(NULL, NULL, NULL);
    write_json("acme.json",
               "{\"id\": \"acme\", \"name\": \"Acme\", \"kind\": \"company\","
               " \"products\": [{\"id\": \"acme-hv\", \"name\": \"Acme HV\", \"technology\": \"kvm\", \"kind\": \"server\"}],"
               " \"signatures\": [{\"id\": \"acme-tools\", \"when\": [{\"source\": \"windows\","
               " \"key\": \"service.Acme Guest Agent\", \"op\": \"exists\"}], \"products\": [\"acme-hv\"],"
               " \"strength\": \"weak\", \"why\": \"w\", \"ref\": \"r\"},"
               " {\"id\": \"acme-key\", \"when\": [{\"source\": \"windows\","
               " \"key\": \"registry.HKLM\\\\SOFTWARE\\\\Acme\\\\Tools\", \"op\": \"exists\"}], \"products\": [\"acme-hv\"],"
               " \"strength\": \"weak\", \"why\": \"w\", \"ref\": \"r\"}]}");
    hvd_vendor_db *db = NULL, *shipped = NULL;
    ck_assert_msg(hvd_vendor_db_load_dir(&db, directory) == HVD_OK, "%s", hvd_error_last());
    ck_assert_int_eq(hvd_vendor_db_load_default(&shipped), HVD_OK);
    const char *names[256];
    size_t count = hvd__guest_tool_names(db, HVD__GUEST_TOOL_SERVICE, names, 256), found = 0;
    for (size_t i = 0; i < count; i++)
        found += strcmp(names[i], "Acme Guest Agent") == 0;
    ck_assert_uint_eq(found, 1);
    ck_assert_uint_eq(count, hvd__guest_tool_names(shipped, HVD__GUEST_TOOL_SERVICE, names, 256) + 1);
    count = hvd__guest_tool_names(db, HVD__GUEST_TOOL_REGISTRY_KEY, names, 256);
    found = 0;
    for (size_t i = 0; i < count; i++)
        found += strcmp(names[i], "SOFTWARE\\Acme\\Tools") == 0;
    ck_assert_uint_eq(found, 1);
    /* What the shipped database names: VMware Tools is one of them. */
    count = hvd__guest_tool_names(shipped, HVD__GUEST_TOOL_SERVICE, names, 256);
    found = 0;
    for (size_t i = 0; i < count; i++)
        found += strcmp(names[i], "VMTools") == 0;
    ck_assert_uint_eq(found, 1);
    hvd_vendor_db_free(db);
    hvd_vendor_db_free(shipped);
}
END_TEST

START_TEST(test_broken_files)
{
    write_json("technologies.json", technologies);
    write_policy(standard_rule);
    write_json("v.json", "{\"id\": \"v\", ");
    char *report = check_report(0);
    ck_assert_ptr_nonnull(strstr(report, "v.json: invalid JSON near byte"));
    hvd_free(report);
    write_json("v.json", "{\"id\": \"v\", \"name\": \"V\", \"kind\": \"company\", \"products\": ["
                         "{\"id\": \"p1\", \"name\": \"P\", \"technology\": \"kvm\", \"kind\": \"server\"},"
                         "{\"id\": \"p1\", \"name\": \"Q\", \"technology\": \"kvm\", \"kind\": \"laptop\"}],"
                         "\"signatures\": [{\"id\": \"s\", \"when\": [{\"source\": \"dmi\", \"op\": \"bit\","
                         " \"value\": \"ebx:99\"}], \"technology\": \"kvm\", \"strength\": \"strong\", \"why\": \"w\","
                         " \"ref\": \"r\"}]}");
    report = check_report(0);
    ck_assert_ptr_nonnull(strstr(report, "entry \"p1\": field \"id\": product id used twice"));
    ck_assert_ptr_nonnull(strstr(report, "field \"kind\": \"laptop\" is not one of the allowed values"));
    ck_assert_ptr_nonnull(strstr(report, "entry \"s\": field \"value\": a bit test needs"));
    hvd_free(report);
    /* An unknown operator (found by fuzzing: the list of operators was read past its end). */
    write_json("v.json", "{\"id\": \"v\", \"name\": \"V\", \"kind\": \"company\", \"products\": [],"
                         "\"signatures\": [{\"id\": \"s\", \"when\": [{\"source\": \"dmi\", \"key\": \"k\","
                         " \"op\": \"exakt\", \"value\": \"x\"}], \"technology\": \"kvm\", \"strength\": \"strong\","
                         " \"why\": \"w\", \"ref\": \"r\"}]}");
    report = check_report(0);
    ck_assert_ptr_nonnull(strstr(report, "entry \"s\": field \"op\": \"exakt\" is not one of the allowed values"));
    hvd_free(report);
    write_json("technologies.json",
               "{\"technologies\": [{\"id\": \"kvm\", \"name\": \"KVM\", \"systemd_id\": \"kvm\", \"unpinned\": [\"ghost\"]}]}");
    write_vendor("");
    report = check_report(0);
    ck_assert_ptr_nonnull(
        strstr(report, "technologies.json: entry \"kvm\": field \"unpinned\": \"ghost\" is not a product id"));
    hvd_free(report);
    /* A directory without technologies.json is not a database. */
    char path[256];
    snprintf(path, sizeof(path), "%s/technologies.json", directory);
    unlink(path);
    write_vendor("");
    report = check_report(0);
    ck_assert_ptr_nonnull(strstr(report, "technologies.json: missing or empty"));
    hvd_free(report);
}
END_TEST

/* Writes v.json: vendor "v" with product p1 and the products given as JSON objects (without the braces' common
 * fields: each gets a name, technology "kvm" and kind "server"). */
static void write_vendor_products(const char *const *products, size_t count)
{
    size_t size = 256 + count * 128;
    char *text = malloc(size);
    ck_assert_ptr_nonnull(text);
    size_t length = (size_t)snprintf(text, size,
                                     "{\"id\": \"v\", \"name\": \"Vendor\", \"kind\": \"company\", \"products\": ["
                                     "{\"id\": \"p1\", \"name\": \"P\", \"technology\": \"kvm\", \"kind\": \"server\"}");
    for (size_t i = 0; i < count; i++)
        length += (size_t)snprintf(text + length, size - length,
                                   ", {%s, \"name\": \"P\", \"technology\": \"kvm\", \"kind\": \"server\"}",
                                   products[i]);
    snprintf(text + length, size - length, "]}");
    write_json("v.json", text);
    free(text);
}

/* A product whose chain of parents runs into a loop is reported, each one, whether it is on the loop or leads to
 * it; a product whose chain ends is not (vendors/README.md: parent names another product, and chains end). */
START_TEST(test_parent_loops_are_reported)
{
    static const char *const products[] = {
        "\"id\": \"a\", \"parent\": \"b\"", "\"id\": \"b\", \"parent\": \"c\"", "\"id\": \"c\", \"parent\": \"a\"",
        "\"id\": \"into\", \"parent\": \"a\"", "\"id\": \"self\", \"parent\": \"self\"",
        "\"id\": \"ends\", \"parent\": \"p1\"", "\"id\": \"ends2\", \"parent\": \"ends\""};
    write_json("technologies.json", technologies);
    write_policy(standard_rule);
    write_vendor_products(products, sizeof(products) / sizeof(products[0]));
    char *report = check_report(0);
    static const char *const looping[] = {"a", "b", "c", "into", "self"};
    for (size_t i = 0; i < sizeof(looping) / sizeof(looping[0]); i++) {
        char expected[128];
        snprintf(expected, sizeof(expected), "entry \"%s\": field \"parent\": the chain of parents loops", looping[i]);
        ck_assert_msg(strstr(report, expected) != NULL, "no \"%s\" in:\n%s", expected, report);
    }
    ck_assert_ptr_null(strstr(report, "entry \"ends\""));
    ck_assert_ptr_null(strstr(report, "entry \"ends2\""));
    ck_assert_ptr_null(strstr(report, "entry \"p1\""));
    hvd_free(report);
}
END_TEST

/* 40,000 products, each the parent of the next, load in well under a second of CPU time: ids are looked up and
 * chains walked in time proportional to the size of the database (the loader took 7 s for 40,000 products and 18 s
 * for a 40,000-long chain when each product was looked up among all the others and each chain walked from every
 * product on it). */
START_TEST(test_many_products_load_quickly)
{
    enum { PRODUCTS = 40000 };
    char **products = malloc(PRODUCTS * sizeof(*products));
    ck_assert_ptr_nonnull(products);
    for (size_t i = 0; i < PRODUCTS; i++) {
        products[i] = malloc(64);
        ck_assert_ptr_nonnull(products[i]);
        snprintf(products[i], 64, "\"id\": \"q%zu\", \"parent\": \"%s%zu\"", i, i ? "q" : "p", i ? i - 1 : 1);
    }
    write_json("technologies.json", technologies);
    write_policy(standard_rule);
    write_vendor_products((const char *const *)products, PRODUCTS);
    for (size_t i = 0; i < PRODUCTS; i++)
        free(products[i]);
    free(products);

    hvd_vendor_db *db = NULL;
    double start = hvd_test_cpu_seconds();
    ck_assert_msg(hvd_vendor_db_load_dir(&db, directory) == HVD_OK, "%s", hvd_error_last());
    double elapsed = hvd_test_cpu_seconds() - start;
    ck_assert_uint_eq(hvd_vendor_db_product_count(db), PRODUCTS + 1);
    hvd_product_info info = HVD_PRODUCT_INFO_INIT;
    ck_assert_int_eq(hvd_vendor_db_find_product(&info, db, "q39999"), HVD_OK);
    ck_assert_str_eq(info.id, "q39999");
    hvd_vendor_db_free(db);
    ck_assert_msg(elapsed < hvd_test_time_budget(1.0), "40,000 chained products took %.2f s", elapsed);
}
END_TEST

START_TEST(test_load_dir_fails_with_the_first_problem)
{
    write_json("technologies.json", technologies);
    write_vendor(", \"technology\": \"warp\"");
    hvd_vendor_db *db = (hvd_vendor_db *)1;
    ck_assert_int_eq(hvd_vendor_db_load_dir(&db, directory), HVD_EBADINPUT);
    ck_assert_ptr_null(db);
    ck_assert_ptr_nonnull(strstr(hvd_error_last(), "\"warp\" is not in technologies.json"));
    ck_assert_int_eq(hvd_vendor_db_load_dir(&db, "/nonexistent/vendors"), HVD_ENOTFOUND);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("vendordb");
    TCase *tc = tcase_create("vendor database");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_shipped_directory_matches_built_in);
    tcase_add_test(tc, test_minimal_database_is_valid);
    tcase_add_test(tc, test_policy_must_decide_every_case);
    tcase_add_test(tc, test_policy_rule_problems_are_named);
    tcase_add_test(tc, test_problems_name_file_entry_and_field);
    tcase_add_test(tc, test_key_no_probe_records_is_refused);
    tcase_add_test(tc, test_guest_tools_come_from_the_data);
    tcase_add_test(tc, test_broken_files);
    tcase_add_test(tc, test_load_dir_fails_with_the_first_problem);
    tcase_add_test(tc, test_parent_loops_are_reported);
    tcase_add_test(tc, test_many_products_load_quickly);
    tcase_add_test(tc, test_malformed_line_pattern_is_refused);
    suite_add_tcase(suite, tc);
    int failed = hvd_test_run(suite);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
