/* SPDX-License-Identifier: MIT */
/* The PCI probe: vendor, device, subsystem and class of every device under /sys/bus/pci/devices. */

#include <stdio.h>
#include <string.h>

#include "probes/probe.h"
#include "util/text.h"

/* A real machine has at most a few hundred functions; the cap keeps a hostile tree from costing unbounded time. */
enum { PCI_DEVICES_MAX = 4096 };


/* Reads one hex attribute of a device; 1 on success. Failures other than absence are recorded. */
static int read_id(hvd__probe_context *context, const char *slot, const char *attribute, uint32_t *value)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s/%s", hvd__key(HVD__K_PCI_DIRECTORY), slot, attribute);
    hvd__file file;
    /* A failure is told under the device's key followed by the attribute file's name ("0000:00:02.0.vendor"). */
    char part[300];
    snprintf(part, sizeof(part), "%s.%s", slot, attribute);
    if (!hvd__probe_read_text(context, hvd__key_source(HVD__K_PCI_DEVICE), part, path, 0, &file))
        return 0;
    int ok = hvd__text_parse_hex32(file.data, value);
    if (!ok)
        hvd__probe_record_key(context, HVD__K_PCI_DEVICE, part, NULL, HVD_STATUS_ERROR, "not a hexadecimal id");
    hvd__file_free(&file);
    return ok;
}

static void probe_device(hvd__probe_context *context, const char *slot)
{
    uint32_t vendor, device, subsystem_vendor, subsystem_device, class_code;
    char value[32];
    if (!read_id(context, slot, "vendor", &vendor) || !read_id(context, slot, "device", &device))
        return;
    snprintf(value, sizeof(value), "%04x:%04x", vendor & 0xFFFFu, device & 0xFFFFu);
    hvd__probe_record_key(context, HVD__K_PCI_DEVICE, slot, value, HVD_STATUS_OK, NULL);
    if (read_id(context, slot, "subsystem_vendor", &subsystem_vendor) &&
        read_id(context, slot, "subsystem_device", &subsystem_device)) {
        snprintf(value, sizeof(value), "%04x:%04x", subsystem_vendor & 0xFFFFu, subsystem_device & 0xFFFFu);
        hvd__probe_record_key(context, HVD__K_PCI_SUBSYSTEM, slot, value, HVD_STATUS_OK, NULL);
    }
    if (read_id(context, slot, "class", &class_code)) {
        snprintf(value, sizeof(value), "%06x", class_code & 0xFFFFFFu);
        hvd__probe_record_key(context, HVD__K_PCI_CLASS, slot, value, HVD_STATUS_OK, NULL);
    }
}

void hvd__probe_pci(hvd__probe_context *context)
{
    hvd__probe_for_each_entry(context, HVD__K_PCI_DIRECTORY, PCI_DEVICES_MAX, "no PCI bus in sysfs", probe_device);
}
