/* SPDX-License-Identifier: MIT */
/* The container probe: the files container managers leave behind. A container shares its host's kernel, so these
 * are reported beside the hypervisor found from CPUID and firmware, never instead of it. */

#include <stdio.h>
#include <string.h>

#include "probes/probe.h"

static const char *const marker_files[] = {".dockerenv", "run/.containerenv"};

/* PID 1's environment holds container=<manager> under systemd-style managers; only that variable is kept. */
static void probe_init_environment(hvd__probe_context *context)
{
    hvd__file file;
    if (!hvd__probe_read_text(context, "container", "proc/1/environ", "proc/1/environ", 0, &file))
        return;
    for (size_t offset = 0; offset < file.length;) {
        const char *entry = file.data + offset;
        size_t length = strnlen(entry, file.length - offset);
        if (length > 10 && strncmp(entry, "container=", 10) == 0) {
            char value[256];
            snprintf(value, sizeof(value), "%.*s", (int)(length - 10), entry + 10);
            hvd__probe_record(context, "container", "proc/1/environ.container", value, HVD_STATUS_OK, NULL);
        }
        offset += length + 1;
    }
    hvd__file_free(&file);
}

void hvd__probe_container(hvd__probe_context *context)
{
    char reason[256];
    for (size_t i = 0; i < sizeof(marker_files) / sizeof(marker_files[0]); i++)
        if (hvd__root_exists(&context->root, marker_files[i], reason, sizeof(reason)) == HVD__READ_OK)
            hvd__probe_record(context, "container", marker_files[i], "present", HVD_STATUS_OK, NULL);
    hvd__probe_record_file(context, "container", "run/systemd/container", "run/systemd/container", 0);
    hvd__probe_record_file(context, "container", "proc/1/cgroup", "proc/1/cgroup", 0);
    probe_init_environment(context);
}
