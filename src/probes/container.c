/* SPDX-License-Identifier: MIT */
/* The container probe: the files container managers leave behind. A container shares its host's kernel, so these
 * are reported beside the hypervisor found from CPUID and firmware, never instead of it. */

#include <stdio.h>
#include <string.h>

#include "probes/probe.h"

static const hvd__key_id marker_files[] = {HVD__K_CONTAINER_DOCKERENV, HVD__K_CONTAINER_CONTAINERENV};

/* PID 1's environment holds container=<manager> under systemd-style managers; only that variable is kept. */
static void probe_init_environment(hvd__probe_context *context)
{
    hvd__file file;
    const char *path = hvd__key(HVD__K_CONTAINER_ENVIRON);
    if (!hvd__probe_read_text(context, hvd__key_source(HVD__K_CONTAINER_ENVIRON), path, path, 0, &file))
        return;
    for (size_t offset = 0; offset < file.length;) {
        const char *entry = file.data + offset;
        size_t length = strnlen(entry, file.length - offset);
        if (length > 10 && strncmp(entry, "container=", 10) == 0) {
            char value[256];
            snprintf(value, sizeof(value), "%.*s", (int)(length - 10), entry + 10);
            hvd__probe_record_key(context, HVD__K_CONTAINER_ENVIRON_VARIABLE, NULL, value, HVD_STATUS_OK, NULL);
        }
        offset += length + 1;
    }
    hvd__file_free(&file);
}

void hvd__probe_container(hvd__probe_context *context)
{
    char reason[256];
    for (size_t i = 0; i < sizeof(marker_files) / sizeof(marker_files[0]); i++)
        if (hvd__root_exists(&context->root, hvd__key(marker_files[i]), reason, sizeof(reason)) == HVD__READ_OK)
            hvd__probe_record_key(context, marker_files[i], NULL, "present", HVD_STATUS_OK, NULL);
    static const hvd__key_id content_files[] = {HVD__K_CONTAINER_SYSTEMD, HVD__K_CONTAINER_CGROUP};
    for (size_t i = 0; i < sizeof(content_files) / sizeof(content_files[0]); i++)
        hvd__probe_record_file(context, hvd__key_source(content_files[i]), hvd__key(content_files[i]),
                               hvd__key(content_files[i]), 0);
    probe_init_environment(context);
}
