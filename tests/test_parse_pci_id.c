/* SPDX-License-Identifier: MIT */
/* Unit tests for the Windows PCI hardware id parser. */

#include <check.h>

#include "check_run.h"
#include <stdlib.h>
#include <string.h>

#include "parse/pci_id.h"

START_TEST(test_hardware_id_full)
{
    hvd__pci_ids ids;
    memset(&ids, 0, sizeof(ids));
    ck_assert_int_eq(hvd__pci_parse_id("PCI\\VEN_15AD&DEV_0405&SUBSYS_040515AD&REV_00", &ids), 1);
    ck_assert(ids.has_vendor && ids.has_device && ids.has_subsystem && ids.has_revision && !ids.has_class);
    ck_assert_uint_eq(ids.vendor, 0x15AD);
    ck_assert_uint_eq(ids.device, 0x0405);
    ck_assert_uint_eq(ids.subsystem_vendor, 0x15AD);
    ck_assert_uint_eq(ids.subsystem_device, 0x0405);
    ck_assert_uint_eq(ids.revision, 0);
}
END_TEST

START_TEST(test_subsystem_halves)
{
    hvd__pci_ids ids;
    memset(&ids, 0, sizeof(ids));
    /* SUBSYS_ddddvvvv: Hyper-V's legacy network adapter under a Microsoft subsystem, in lower case. */
    ck_assert_int_eq(hvd__pci_parse_id("pci\\ven_1af4&dev_1000&subsys_00011af4&rev_00", &ids), 1);
    ck_assert_uint_eq(ids.subsystem_device, 0x0001);
    ck_assert_uint_eq(ids.subsystem_vendor, 0x1AF4);
}
END_TEST

START_TEST(test_class_merged_from_compatible_ids)
{
    hvd__pci_ids ids;
    memset(&ids, 0, sizeof(ids));
    ck_assert_int_eq(hvd__pci_parse_id("PCI\\VEN_80EE&DEV_BEEF&SUBSYS_00000000&REV_00", &ids), 1);
    ck_assert_int_eq(hvd__pci_parse_id("PCI\\VEN_80EE&DEV_BEEF&CC_0300", &ids), 1);
    ck_assert_int_eq(ids.has_class, 0); /* four digits lack the programming interface */
    ck_assert_int_eq(hvd__pci_parse_id("PCI\\VEN_80EE&DEV_BEEF&CC_030000", &ids), 1);
    ck_assert_int_eq(hvd__pci_parse_id("PCI\\CC_010601", &ids), 1);
    ck_assert_uint_eq(ids.class_code, 0x030000);  /* the first one seen is kept */
    ck_assert_uint_eq(ids.vendor, 0x80EE);
}
END_TEST

START_TEST(test_rejected)
{
    static const char *const bad[] = {
        "", "P", "PCI", "PCI\\", "USB\\VID_0627&PID_0001", "PCI\\VEN_15A&DEV_0405", "PCI\\VEN_15ADX&DEV_0405",
        "PCI\\VEN_15AD&DEV_04G5", "PCI\\VEN_15AD&", "PCI\\VEN_15AD&&DEV_0405", "PCI\\VENDOR15AD",
        "PCI\\VEN_15AD&SUBSYS_1234", "PCI\\VEN_15AD&DEV_0405&SUBSYSTEMS_040515AD", "PCI\\VEN_15AD&CC_03", "PCI\\VEN_15AD&REV_100",
        "PCI\\A_1&B_2&C_3&D_4&E_5&F_6&G_7&H_8&I_9&J_10&K_11&L_12&M_13&N_14&O_15&P_16&Q_17",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        hvd__pci_ids ids;
        memset(&ids, 0, sizeof(ids));
        ids.vendor = 0x1234;
        ck_assert_msg(hvd__pci_parse_id(bad[i], &ids) == 0, "accepted \"%s\"", bad[i]);
        ck_assert_uint_eq(ids.vendor, 0x1234);
        ck_assert_int_eq(ids.has_vendor, 0);
    }
    ck_assert_int_eq(hvd__pci_parse_id(NULL, NULL), 0);
}
END_TEST

START_TEST(test_unknown_fields_ignored)
{
    hvd__pci_ids ids;
    memset(&ids, 0, sizeof(ids));
    ck_assert_int_eq(hvd__pci_parse_id("PCI\\VEN_8086&DEV_7010&ROOT_1&REV_01", &ids), 1);
    ck_assert_uint_eq(ids.revision, 1);
}
END_TEST

/* pci_id.h: "Merges what one id names into *ids (fields already set are kept)": the device's own hardware id, listed
 * first by Windows, is not overwritten by a later one. */
START_TEST(test_fields_already_set_are_kept)
{
    hvd__pci_ids ids;
    memset(&ids, 0, sizeof(ids));
    ck_assert_int_eq(hvd__pci_parse_id("PCI\\VEN_15AD&DEV_0405&SUBSYS_040515AD&REV_00", &ids), 1);
    ck_assert_int_eq(hvd__pci_parse_id("PCI\\VEN_80EE&DEV_BEEF&SUBSYS_00000000&REV_01", &ids), 1);
    ck_assert_uint_eq(ids.vendor, 0x15AD);
    ck_assert_uint_eq(ids.device, 0x0405);
    ck_assert_uint_eq(ids.subsystem_vendor, 0x15AD);
    ck_assert_uint_eq(ids.revision, 0);
}
END_TEST

START_TEST(test_every_prefix_of_an_id)
{
    static const char id[] = "PCI\\VEN_15AD&DEV_0405&SUBSYS_040515AD&REV_00";
    for (size_t n = 0; n <= sizeof(id) - 1; n++) {
        char *copy = malloc(n + 1);
        ck_assert_ptr_nonnull(copy);
        memcpy(copy, id, n);
        copy[n] = '\0';
        hvd__pci_ids ids;
        memset(&ids, 0, sizeof(ids));
        int parsed = hvd__pci_parse_id(copy, &ids);
        ck_assert(parsed == 0 || parsed == 1);
        free(copy);
    }
}
END_TEST

static Suite *pci_id_suite(void)
{
    Suite *s = suite_create("parse_pci_id");
    TCase *ids = tcase_create("ids");
    tcase_add_test(ids, test_hardware_id_full);
    tcase_add_test(ids, test_subsystem_halves);
    tcase_add_test(ids, test_class_merged_from_compatible_ids);
    tcase_add_test(ids, test_rejected);
    tcase_add_test(ids, test_unknown_fields_ignored);
    tcase_add_test(ids, test_fields_already_set_are_kept);
    tcase_add_test(ids, test_every_prefix_of_an_id);
    suite_add_tcase(s, ids);
    return s;
}

int main(void)
{
    int failed = hvd_test_run(pci_id_suite());
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
