/* SPDX-License-Identifier: MIT */
/* The evidence vocabulary: every row is well formed, every key a probe builds from a row is found again as that row,
 * identifiers are the ones reports must redact, and vendors/README.md's key table is the vocabulary's own rendering
 * (HVD_FIX_DOCS=1 rewrites it). */

#include <check.h>

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/keys.h"

static const char *const begin_marker = "<!-- evidence keys: generated from src/evidence/keys.h -->\n";
static const char *const end_marker = "<!-- end of evidence keys -->\n";

START_TEST(test_rows_are_well_formed_and_unique)
{
    for (size_t i = 0; i < HVD__K_COUNT_; i++) {
        const hvd__key_def *row = &hvd__keys[i];
        ck_assert_msg(row->source < HVD__SOURCE_OTHER, "row %zu: source", i);
        ck_assert_msg(row->pattern && row->pattern[0], "row %zu: empty key", i);
        const char *star = strchr(row->pattern, '*');
        ck_assert_msg(!star || !strchr(star + 1, '*'), "row %zu (%s): more than one '*'", i, row->pattern);
        ck_assert_msg(row->meaning && row->meaning[0], "row %zu (%s): no meaning", i, row->pattern);
        ck_assert_msg(row->probe && row->probe[0], "row %zu (%s): no probe", i, row->pattern);
        ck_assert_msg(row->systems & HVD__ON_ANY, "row %zu (%s): no system", i, row->pattern);
        ck_assert_msg(!(row->kind & HVD__KIND_KEY_IDENTIFIER) || star, "row %zu (%s): an identifying key part needs a '*'",
                      i, row->pattern);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(hvd__keys[j].source != row->source || strcmp(hvd__keys[j].pattern, row->pattern) != 0,
                          "rows %zu and %zu declare the same key %s", j, i, row->pattern);
    }
}
END_TEST

/* What a probe builds from a row (hvd__key_format) is looked up as that same row: no two rows claim one key. */
START_TEST(test_formatted_keys_find_their_row)
{
    for (size_t i = 0; i < HVD__K_COUNT_; i++) {
        char key[256];
        hvd__key_format((hvd__key_id)i, "Zq9", key, sizeof(key));
        const hvd__key_def *found = hvd__key_lookup(hvd__keys[i].source, key);
        ck_assert_msg(found == &hvd__keys[i], "%s: %s is looked up as %s", hvd__keys[i].pattern, key,
                      found ? found->pattern : "nothing");
    }
}
END_TEST

START_TEST(test_identifiers)
{
    static const struct {
        const char *source, *key;
        int identifier;
    } cases[] = {
        {"dmi", "product_serial", 1},      {"dmi", "product_uuid", 1},        {"dmi", "board_serial", 1},
        {"dmi", "chassis_serial", 1},      {"dmi", "board_asset_tag", 1},     {"dmi", "chassis_asset_tag", 1},
        {"smbios", "product_serial", 1},   {"smbios", "chassis_asset_tag", 1}, {"smbios", "oem_string.1", 0},
        {"platform", "sys/hypervisor/uuid", 1}, {"platform", "proc/device-tree/ibm,partition-name", 1},
        {"platform", "proc/sysinfo.VM00 Name", 1}, {"platform", "proc/sysinfo.VM01 Extended Name", 1},
        {"platform", "proc/sysinfo.VM00 UUID", 1}, {"platform", "proc/sysinfo.LPAR Name", 1},
        {"platform", "proc/sysinfo.LPAR Extended Name", 1}, {"platform", "proc/sysinfo.LPAR UUID", 1},
        {"platform", "proc/sysinfo.VM00 Control Program", 0}, {"platform", "proc/sysinfo.LPAR Number", 0},
        {"windows", "guest_parameters.HostName", 1}, {"windows", "guest_parameters.VirtualMachineId", 1},
        {"dmi", "sys_vendor", 0},          {"dmi", "product_name", 0},        {"cpuid", "0x40000000.signature", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(hvd__key_is_identifier(cases[i].source, cases[i].key) == cases[i].identifier, "%s %s",
                      cases[i].source, cases[i].key);
}
END_TEST

/* A VMBus device's instance GUID is part of its key: reports redact it there (SECURITY.md), keeping the rest. */
START_TEST(test_identifying_part_of_a_key_is_redacted)
{
    char buffer[256];
    const char *key = "sys/bus/vmbus/devices/f8b3781b-1e82-4818-a1c3-63d806ec15bb/class_id";
    ck_assert_str_eq(hvd__key_shown("platform", key, 1, buffer, sizeof(buffer)),
                     "sys/bus/vmbus/devices/[redacted]/class_id");
    ck_assert_str_eq(hvd__key_shown("platform", key, 0, buffer, sizeof(buffer)), key);
    ck_assert_str_eq(hvd__key_shown("dmi", "sys_vendor", 1, buffer, sizeof(buffer)), "sys_vendor");
}
END_TEST

START_TEST(test_signature_keys)
{
    ck_assert(hvd__key_can_match(HVD__SOURCE_DMI, "sys_vendor", 0, 0));
    ck_assert(!hvd__key_can_match(HVD__SOURCE_DMI, "sys_vendr", 0, 0));
    ck_assert(hvd__key_can_match(HVD__SOURCE_SMBIOS, "oem_string.", 1, 0));
    ck_assert(hvd__key_can_match(HVD__SOURCE_SMBIOS, "sys_vendor", 0, 0)); /* the table's copy of a DMI field */
    ck_assert(hvd__key_can_match(HVD__SOURCE_ACPI, ".oem_id", 0, 1));
    ck_assert(!hvd__key_can_match(HVD__SOURCE_ACPI, ".oem_idd", 0, 1));
    ck_assert(hvd__key_can_match(HVD__SOURCE_CPUID, "0x40000000.signature", 0, 0));
    ck_assert(hvd__key_can_match(HVD__SOURCE_CPUID, "leaf.0x40000003", 0, 0));
    ck_assert(!hvd__key_can_match(HVD__SOURCE_CPUID, "cpuid", 0, 0)); /* a status key carries no value */
    ck_assert(hvd__key_can_match(HVD__SOURCE_PLATFORM, "sys/hypervisor/type", 0, 0));
    ck_assert(!hvd__key_can_match(HVD__SOURCE_PLATFORM, "sys/hypervisor/typo", 0, 0));
    ck_assert_int_eq(hvd__key_smbios_field_source("sys_vendor"), HVD__SOURCE_DMI);
    ck_assert_int_eq(hvd__key_smbios_field_source("oem_string.3"), HVD__SOURCE_SMBIOS);
    ck_assert_int_eq(hvd__key_smbios_field_source("vm_bit"), HVD__SOURCE_SMBIOS);
}
END_TEST

static void append(char **text, size_t *length, const char *line)
{
    size_t n = strlen(line);
    *text = realloc(*text, *length + n + 1);
    ck_assert_ptr_nonnull(*text);
    memcpy(*text + *length, line, n + 1);
    *length += n;
}

/* The table as vendors/README.md shows it: one row per key a signature can name. */
static char *render_table(void)
{
    char *text = NULL;
    size_t length = 0;
    append(&text, &length, begin_marker);
    append(&text, &length, "| source | key | systems | meaning |\n|---|---|---|---|\n");
    for (size_t i = 0; i < HVD__K_COUNT_; i++) {
        const hvd__key_def *row = &hvd__keys[i];
        if (row->kind & HVD__KIND_STATUS)
            continue;
        const char *systems = row->systems == HVD__ON_ANY ? "Linux, Windows"
                              : row->systems == HVD__ON_LINUX ? "Linux" : "Windows";
        char line[1024];
        snprintf(line, sizeof(line), "| `%s` | `%s` | %s | %s%s |\n", hvd__source_names[row->source], row->pattern,
                 systems, row->meaning,
                 row->kind & HVD__KIND_IDENTIFIER       ? " (an identifier: redacted in reports)"
                 : row->kind & HVD__KIND_KEY_IDENTIFIER ? " (what `*` stands for identifies the machine: redacted in "
                                                          "reports)"
                                                        : "");
        append(&text, &length, line);
    }
    append(&text, &length, end_marker);
    return text;
}

static char *read_all(const char *path)
{
    FILE *file = fopen(path, "rb");
    ck_assert_msg(file != NULL, "cannot open %s", path);
    char *text = NULL;
    size_t length = 0, got;
    char chunk[4096];
    while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0) {
        text = realloc(text, length + got + 1);
        memcpy(text + length, chunk, got);
        length += got;
    }
    fclose(file);
    text[length] = '\0';
    return text;
}

START_TEST(test_readme_table_is_the_vocabulary)
{
    char *readme = read_all(HVD_VENDORS_README);
    char *table = render_table();
    char *begin = strstr(readme, begin_marker), *end = begin ? strstr(begin, end_marker) : NULL;
    ck_assert_msg(begin && end, "vendors/README.md has no generated key table");
    end += strlen(end_marker);
    int same = (size_t)(end - begin) == strlen(table) && memcmp(begin, table, strlen(table)) == 0;
    if (!same && getenv("HVD_FIX_DOCS")) {
        FILE *file = fopen(HVD_VENDORS_README, "wb");
        ck_assert_ptr_nonnull(file);
        fwrite(readme, 1, (size_t)(begin - readme), file);
        fputs(table, file);
        fputs(end, file);
        ck_assert_int_eq(fclose(file), 0);
        same = 1;
    }
    ck_assert_msg(same, "vendors/README.md's key table differs from src/evidence/keys.h; run HVD_FIX_DOCS=1 "
                        "ctest -R test_keys to rewrite it");
    free(readme);
    free(table);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("keys");
    TCase *tc = tcase_create("vocabulary");
    tcase_add_test(tc, test_rows_are_well_formed_and_unique);
    tcase_add_test(tc, test_formatted_keys_find_their_row);
    tcase_add_test(tc, test_identifiers);
    tcase_add_test(tc, test_signature_keys);
    tcase_add_test(tc, test_identifying_part_of_a_key_is_redacted);
    tcase_add_test(tc, test_readme_table_is_the_vocabulary);
    suite_add_tcase(suite, tc);
    return hvd_test_run(suite) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
