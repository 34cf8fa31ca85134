/* SPDX-License-Identifier: MIT */
/*
 * hvd__pci_parse_id on arbitrary text (a Windows PCI hardware or compatible id from the registry).
 *
 * Checked besides memory safety: the result is 0 or 1; on 0 the ids are unchanged; fields already set are kept;
 * a field is set only when the text names it, so text without "PCI\" (in any case) sets nothing; parsing the same
 * text twice changes nothing more.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "parse/pci_id.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy_string(data, size);

    hvd__pci_ids empty, ids;
    memset(&empty, 0, sizeof(empty));
    ids = empty;
    int rc = hvd__pci_parse_id(text, &ids);
    FUZZ_CHECK(rc == 0 || rc == 1);
    if (rc == 0)
        FUZZ_CHECK(memcmp(&ids, &empty, sizeof(ids)) == 0);
    if (hvd__text_ncasecmp(text, "PCI\\", 4) != 0)
        FUZZ_CHECK(rc == 0);
    FUZZ_CHECK(ids.class_code <= 0xFFFFFFu);

    /* A second parse of the same text into the result changes nothing: every field it names is already set. */
    hvd__pci_ids again = ids;
    FUZZ_CHECK(hvd__pci_parse_id(text, &again) == rc);
    FUZZ_CHECK(memcmp(&again, &ids, sizeof(ids)) == 0);

    /* Fields already set are kept, whatever the text says. */
    hvd__pci_ids set;
    memset(&set, 0, sizeof(set));
    set.has_vendor = set.has_device = set.has_subsystem = set.has_revision = set.has_class = 1;
    set.vendor = 0x1234;
    set.device = 0x5678;
    set.subsystem_vendor = 0x9abc;
    set.subsystem_device = 0xdef0;
    set.revision = 0x42;
    set.class_code = 0x030000;
    hvd__pci_ids kept = set;
    hvd__pci_parse_id(text, &kept);
    FUZZ_CHECK(memcmp(&kept, &set, sizeof(set)) == 0);

    free(text);
    return 0;
}
