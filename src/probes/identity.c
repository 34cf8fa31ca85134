/* SPDX-License-Identifier: MIT */
/* The identity probe: what names this machine in a fleet, so that a bundle or a fleet row is known by more than its
 * file name. The host name the kernel holds and the machine id systemd and D-Bus give every installation
 * (machine-id(5): 32 hexadecimal digits, stable across reboots, set at installation). Both identify the machine,
 * not its platform: reports redact them unless asked not to (evidence/evidence_json.c). On Windows the host name
 * and the machine GUID are read by the Windows probes instead (src/platform/windows/probes_win.c). */

#include <string.h>

#include "probes/probe.h"

/* The file and the key it is recorded under; /var/lib/dbus/machine-id is D-Bus's copy on systems without systemd. */
static const struct {
    const char *path;
    hvd__key_id key;
} identity_files[] = {
    {"proc/sys/kernel/hostname", HVD__K_HOST_NAME},
    {"etc/machine-id", HVD__K_HOST_MACHINE_ID},
    {"var/lib/dbus/machine-id", HVD__K_HOST_MACHINE_ID},
};

void hvd__probe_identity(hvd__probe_context *context)
{
    for (size_t i = 0; i < sizeof(identity_files) / sizeof(identity_files[0]); i++) {
        const char *source = hvd__key_source(identity_files[i].key), *key = hvd__key(identity_files[i].key);
        if (hvd_evidence_find(context->evidence, source, key))
            continue;
        hvd__probe_record_file(context, source, key, identity_files[i].path, 0);
    }
}
