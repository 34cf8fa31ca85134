/* SPDX-License-Identifier: MIT */
/* Redaction: every kind of identifier the README promises to redact ("serial numbers, UUIDs and similar
 * identifiers (redacted by default, in every format)") is absent from each report that shows observations, and kept
 * with --no-redact. Each value is one a recorded machine shows; each case puts that one observation alone in the
 * evidence, so the value can only come from its own key. The list is written out here, not read from the key
 * vocabulary, so that a key losing its identifier flag fails this test. */

#include <check.h>

#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvdetect.h"

typedef struct identifier_case {
    const char *source, *key, *value;
    const char *record; /* where the value is from */
} identifier_case;

static const identifier_case cases[] = {
    {"dmi", "product_serial", "Virtualization-db087d0b-d366-40bc-809b-969690dcbe1e",
     "tests/fixtures/apple-virtualization (Apple Virtualization.framework guest)"},
    {"dmi", "product_uuid", "0b7d08db-66d3-bc40-809b-969690dcbe1e", "tests/fixtures/apple-virtualization"},
    {"dmi", "board_serial", "0000-0010-4737-0707-0684-2660-76", "tests/fixtures/azure"},
    {"dmi", "board_asset_tag", "i-04f9b1c56b3c301b5", "tests/machines/cloud/virt-what-aws-c5-large.json"},
    {"dmi", "chassis_serial", "9531-7949-1919-0512-8596-0146-27", "tests/machines/guests/virt-what-hyperv-2008-guest.json"},
    {"dmi", "chassis_asset_tag", "7092459", "tests/machines/bare-metal/glpi-oracle-database-appliance-x5-2.json"},
    /* The raw SMBIOS table's copy of the same fields (read as root). */
    {"smbios", "product_serial", "Virtualization-db087d0b-d366-40bc-809b-969690dcbe1e",
     "tests/fixtures/apple-virtualization"},
    {"smbios", "product_uuid", "0b7d08db-66d3-bc40-809b-969690dcbe1e", "tests/fixtures/apple-virtualization"},
    {"platform", "sys/hypervisor/uuid", "ec2cefac-dce1-eed5-4e48-83ad3ef51bfb", "tests/fixtures/aws-ec2-xen"},
    {"platform", "proc/device-tree/ibm,partition-name", "lpar01", "tests/fixtures/powervm-lpar"},
    {"platform", "proc/sysinfo.VM00 Name", "rhel8-1", "tests/machines/arch/ul-s390x-kvm-in-zvm-2964.json"},
    {"platform", "proc/sysinfo.VM00 Extended Name", "rhel8-1", "tests/machines/arch/ul-s390x-kvm-in-zvm-2964.json"},
    {"platform", "proc/sysinfo.VM00 UUID", "209c8e3b-7191-4338-97a2-67685e5232be",
     "tests/machines/arch/ul-s390x-kvm-in-zvm-2964.json"},
    {"platform", "proc/sysinfo.LPAR Name", "L16", "tests/machines/arch/ul-s390x-kvm-in-zvm-2964.json"},
    {"platform", "proc/sysinfo.LPAR UUID", "209c8e3b-7191-4338-97a2-67685e5232be",
     "the line linux arch/s390/kernel/sysinfo.c prints; no recorded LPAR shows one, so the UUID is the recorded guest's"},
    {"windows", "guest_parameters.HostName", "BL2AAP011140122", "tests/fixtures-windows/windows-azure"},
    {"windows", "guest_parameters.PhysicalHostName", "BL2AAP011140122", "tests/fixtures-windows/windows-azure"},
    {"windows", "guest_parameters.PhysicalHostNameFullyQualified", "BL2AAP011140122",
     "tests/fixtures-windows/windows-azure"},
    {"windows", "guest_parameters.VirtualMachineName", "7b4c2d51-9e3a-4f60-8d2b-1a5e6c7f8091",
     "tests/fixtures-windows/windows-azure"},
    {"windows", "guest_parameters.VirtualMachineId", "0C1F3D4A-5B6E-4F70-8A9B-C0D1E2F30415",
     "tests/fixtures-windows/windows-azure"},
};

/* The formats that list observations: JSON (evidence), verbose text, the case report and its HTML page. */
static const hvd_format observation_formats[] = {HVD_FORMAT_JSON, HVD_FORMAT_TEXT, HVD_FORMAT_CASE, HVD_FORMAT_HTML};

/* The HTML report offers line breaks after a long token's separators (<wbr>): the text a reader sees is without
 * them. */
static void drop_break_opportunities(char *report)
{
    char *out = report;
    for (const char *in = report; *in;)
        if (strncmp(in, "<wbr>", 5) == 0)
            in += 5;
        else
            *out++ = *in++;
    *out = '\0';
}

static char *render_with_status(const identifier_case *c, hvd_status status, hvd_format format, unsigned flags)
{
    hvd_vendor_db *db = NULL;
    hvd_evidence *evidence = NULL;
    hvd_result *result = NULL;
    hvd_policy_result *policy = NULL;
    hvd_policy_options options = HVD_POLICY_OPTIONS_INIT;
    ck_assert_int_eq(hvd_vendor_db_load_default(&db), HVD_OK);
    ck_assert_int_eq(hvd_evidence_new(&evidence), HVD_OK);
    ck_assert_int_eq(hvd_evidence_add(evidence, c->source, c->key, c->value, status, NULL), HVD_OK);
    ck_assert_int_eq(hvd_identify(&result, evidence, db), HVD_OK);
    ck_assert_int_eq(hvd_policy_evaluate(&policy, result, db, &options), HVD_OK);
    char *report = NULL;
    ck_assert_int_eq(hvd_report_render(&report, format, flags | HVD_REPORT_VERBOSE | HVD_REPORT_NO_TIMESTAMP, result,
                                       policy, evidence),
                     HVD_OK);
    hvd_policy_result_free(policy);
    hvd_result_free(result);
    hvd_evidence_free(evidence);
    hvd_vendor_db_free(db);
    drop_break_opportunities(report);
    return report;
}

static char *render(const identifier_case *c, hvd_format format, unsigned flags)
{
    return render_with_status(c, HVD_STATUS_OK, format, flags);
}

START_TEST(test_identifier_is_redacted)
{
    const identifier_case *c = &cases[_i];
    for (size_t f = 0; f < sizeof(observation_formats) / sizeof(observation_formats[0]); f++) {
        char *report = render(c, observation_formats[f], 0);
        ck_assert_msg(strstr(report, c->value) == NULL, "%s %s (%s) shown in format %d", c->source, c->key,
                      c->record, (int)observation_formats[f]);
        /* The Markdown case report escapes the brackets, which would otherwise start a link. */
        ck_assert_msg(strstr(report, "[redacted]") != NULL || strstr(report, "\\[redacted\\]") != NULL,
                      "%s %s: format %d says nothing was redacted", c->source, c->key, (int)observation_formats[f]);
        hvd_free(report);
        report = render(c, observation_formats[f], HVD_REPORT_NO_REDACT);
        ck_assert_msg(strstr(report, c->value) != NULL, "%s %s: missing with --no-redact in format %d", c->source,
                      c->key, (int)observation_formats[f]);
        hvd_free(report);
    }
}
END_TEST

/* What redaction keeps: a platform's public constant in full, and VMware's vCenter serial prefix, which tells the
 * product apart and identifies no machine ("VMware-42 " then the machine's own digits). */
typedef struct kept_case {
    const char *source, *key, *value;
    const char *shown;  /* what a redacted report shows */
    const char *hidden; /* what it must not show, or NULL */
    const char *record;
} kept_case;

static const kept_case kept[] = {
    {"dmi", "chassis_asset_tag", "7783-7084-3265-9085-8269-3286-77", "7783-7084-3265-9085-8269-3286-77", NULL,
     "tests/machines/cloud/lore-azure-ds3-v2-gen2.json (every Azure VM's chassis asset tag)"},
    {"dmi", "product_serial", "VMware-42 17 4c 3e ec 05 e3 23-fd 4b 7d 0e 7e 9b bc d0", "VMware-42 [redacted]",
     "17 4c 3e", "tests/fixtures/vmware-esxi"},
    /* A value that merely starts like VMware's: nothing of it is kept, so no character is cut in two (the input
     * tests/fuzz/crashes/fuzz_render-3 found a '\xe2' left before "[redacted]"). */
    {"dmi", "product_serial", "VMware-42\xe2\x82\xac 17 4c", "[redacted]", "VMware-42",
     "tests/fuzz/crashes/fuzz_render-3"},
};

START_TEST(test_what_redaction_keeps)
{
    const kept_case *k = &kept[_i];
    const identifier_case c = {k->source, k->key, k->value, k->record};
    for (size_t f = 0; f < sizeof(observation_formats) / sizeof(observation_formats[0]); f++) {
        char *report = render(&c, observation_formats[f], 0);
        /* The Markdown case report escapes brackets: "[redacted]" is written "\[redacted\]" there. */
        char markdown[128];
        const char *bracket = strchr(k->shown, '[');
        snprintf(markdown, sizeof(markdown), "%.*s\\[redacted\\]", bracket ? (int)(bracket - k->shown) : 0, k->shown);
        ck_assert_msg(strstr(report, k->shown) != NULL || (bracket && strstr(report, markdown) != NULL),
                      "%s %s (%s): format %d does not show %s", k->source, k->key, k->record,
                      (int)observation_formats[f], k->shown);
        ck_assert_msg(!k->hidden || strstr(report, k->hidden) == NULL, "%s %s: format %d shows %s", k->source, k->key,
                      (int)observation_formats[f], k->hidden);
        hvd_free(report);
    }
}
END_TEST

/* An identifier in a key (a VMBus device's instance GUID, the one in tests/fixtures/hyperv) is redacted in every
 * format, the policy's reasoning included, which quotes the strongest evidence: it once showed the key whole. */
START_TEST(test_identifier_in_key_is_redacted)
{
    static const char guid[] = "1a2b3c00-1000-4000-8000-abcdef000000";
    const identifier_case c = {"platform", "sys/bus/vmbus/devices/1a2b3c00-1000-4000-8000-abcdef000000/class_id",
                               "{f8615163-df3e-46c5-913f-f2d2f965ed0e}", "tests/fixtures/hyperv"};
    for (int f = 0; f < (int)HVD_FORMAT_COUNT_; f++) {
        char *report = render(&c, (hvd_format)f, 0);
        ck_assert_msg(strstr(report, guid) == NULL, "format %d shows the device's GUID", f);
        hvd_free(report);
        /* A key that could not be read is listed too ("Not readable: ..."). */
        report = render_with_status(&c, HVD_STATUS_DENIED, (hvd_format)f, 0);
        ck_assert_msg(strstr(report, guid) == NULL, "format %d shows the unreadable device's GUID", f);
        hvd_free(report);
    }
    for (size_t f = 0; f < sizeof(observation_formats) / sizeof(observation_formats[0]); f++) {
        char *report = render(&c, observation_formats[f], HVD_REPORT_NO_REDACT);
        ck_assert_msg(strstr(report, guid) != NULL, "format %d: missing with --no-redact", (int)observation_formats[f]);
        hvd_free(report);
    }
}
END_TEST

/* Whether text is valid UTF-8 (no character cut in two, none of an overlong form). */
static int valid_utf8(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        size_t length = *p < 0x80 ? 1 : *p >= 0xC2 && *p <= 0xDF ? 2 : *p >= 0xE0 && *p <= 0xEF ? 3
                                    : *p >= 0xF0 && *p <= 0xF4 ? 4 : 0;
        if (length == 0)
            return 0;
        for (size_t i = 1; i < length; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += length;
    }
    return 1;
}

/* A redacted key too long to show whole is shortened between two characters and marked "...": a VMBus device key
 * of three-byte characters past the shown length was once cut inside one. Each offset of the characters is tried,
 * so that a cut at any fixed length lands inside one of them. */
START_TEST(test_long_redacted_key_cut_between_characters)
{
    static const char *const pads[] = {"", "a", "aa"};
    for (size_t p = 0; p < sizeof(pads) / sizeof(pads[0]); p++) {
        char key[800];
        int length = snprintf(key, sizeof(key), "sys/bus/vmbus/devices/f8b3781a-1e82-4818-a1c3-63d806ec15bb/%s",
                              pads[p]);
        for (size_t i = 0; i < 200; i++)
            length += snprintf(key + length, sizeof(key) - (size_t)length, "\xe2\x82\xac"); /* the euro sign */
        const identifier_case c = {"platform", key, "ok", "a key longer than any real one, as a hostile bundle holds"};
        char redacted[64], escaped[64];
        snprintf(redacted, sizeof(redacted), "devices/[redacted]/%s\xe2\x82\xac", pads[p]);
        snprintf(escaped, sizeof(escaped), "devices/\\[redacted\\]/%s\xe2\x82\xac", pads[p]); /* Markdown's */
        for (size_t f = 0; f < sizeof(observation_formats) / sizeof(observation_formats[0]); f++) {
            char *report = render(&c, observation_formats[f], 0);
            ck_assert_msg(valid_utf8(report), "pad \"%s\", format %d: not valid UTF-8", pads[p],
                          (int)observation_formats[f]);
            ck_assert_msg(strstr(report, redacted) || strstr(report, escaped), "pad \"%s\", format %d: not redacted",
                          pads[p], (int)observation_formats[f]);
            ck_assert_msg(strstr(report, "\xe2\x82\xac...") != NULL, "pad \"%s\", format %d: the cut is not marked",
                          pads[p], (int)observation_formats[f]);
            hvd_free(report);
        }
    }
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("redaction");
    TCase *tc = tcase_create("identifiers");
    tcase_add_loop_test(tc, test_identifier_is_redacted, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_loop_test(tc, test_what_redaction_keeps, 0, (int)(sizeof(kept) / sizeof(kept[0])));
    tcase_add_test(tc, test_identifier_in_key_is_redacted);
    tcase_add_test(tc, test_long_redacted_key_cut_between_characters);
    suite_add_tcase(suite, tc);
    return hvd_test_run(suite) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
