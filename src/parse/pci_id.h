/* SPDX-License-Identifier: MIT */
#ifndef HVD_PARSE_PCI_ID_H
#define HVD_PARSE_PCI_ID_H

/*
 * Windows PCI hardware and compatible ids, as SetupAPI and the Configuration
 * Manager give them: "PCI\VEN_15AD&DEV_0405&SUBSYS_040515AD&REV_00",
 * "PCI\VEN_15AD&DEV_0405&CC_030000", "PCI\CC_0300". Every byte is treated as
 * hostile (the strings come from the registry).
 */

#include <stdint.h>

typedef struct hvd__pci_ids {
    int has_vendor, has_device, has_subsystem, has_revision, has_class;
    uint16_t vendor, device;
    uint16_t subsystem_vendor, subsystem_device; /* SUBSYS_ddddvvvv: device in the high half, vendor in the low */
    uint8_t revision;
    uint32_t class_code; /* 24 bits, as Linux's class attribute: class, subclass, programming interface */
} hvd__pci_ids;

/*
 * Merges what one id names into *ids (fields already set are kept). Fields are
 * VEN_ (4 hex digits), DEV_ (4), SUBSYS_ (8), REV_ (2) and CC_ (6; the 4-digit
 * form lacks the programming interface and is not used), separated by '&', in
 * any case; other fields are ignored. Returns 1 when text is a well-formed PCI
 * id ("PCI\" and fields), 0 otherwise (ids is then unchanged).
 */
int hvd__pci_parse_id(const char *text, hvd__pci_ids *ids);

#endif /* HVD_PARSE_PCI_ID_H */
