/* SPDX-License-Identifier: MIT */
/* The container probe: the files container managers leave behind. A container shares its host's kernel, so these
 * are reported beside the hypervisor found from CPUID and firmware, never instead of it. */

#include <stdio.h>
#include <string.h>

#include "probes/probe.h"

/* Files whose presence is the evidence. */
static const hvd__key_id marker_files[] = {HVD__K_CONTAINER_DOCKERENV, HVD__K_CONTAINER_CONTAINERENV,
                                           HVD__K_CONTAINER_PROC_VZ, HVD__K_CONTAINER_PROC_BC};

/* Files whose content is. */
static const hvd__key_id content_files[] = {HVD__K_CONTAINER_SYSTEMD, HVD__K_CONTAINER_CGROUP,
                                            HVD__K_CONTAINER_SELF_CGROUP, HVD__K_CONTAINER_HOST_MANAGER};

/* Lines of /proc/self/status that container kernels add: Linux-VServer's context and OpenVZ's container id. */
static const hvd__key_id status_lines[] = {HVD__K_CONTAINER_VXID, HVD__K_CONTAINER_ENVID};

static void probe_status_lines(hvd__probe_context *context)
{
    hvd__file file;
    char path[64]; /* the file the keys name lines of: "proc/self/status" of "proc/self/status.VxID" */
    const char *key = hvd__key(HVD__K_CONTAINER_VXID);
    snprintf(path, sizeof(path), "%.*s", (int)(strrchr(key, '.') - key), key);
    if (!hvd__probe_read_text(context, hvd__key_source(HVD__K_CONTAINER_VXID), path, path, 0, &file))
        return;
    for (size_t i = 0; i < sizeof(status_lines) / sizeof(status_lines[0]); i++) {
        const char *name = strchr(hvd__key(status_lines[i]), '.') + 1; /* "VxID" of "proc/self/status.VxID" */
        size_t length = strlen(name);
        for (const char *line = file.data; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
            if (strncmp(line, name, length) != 0 || line[length] != ':')
                continue;
            char value[64];
            const char *start = line + length + 1;
            start += strspn(start, " \t");
            snprintf(value, sizeof(value), "%.*s", (int)strcspn(start, "\n"), start);
            hvd__probe_record_key(context, status_lines[i], NULL, value, HVD_STATUS_OK, NULL);
            break;
        }
    }
    hvd__file_free(&file);
}

/* PID 1's environment holds container=<manager> under systemd-style managers; only that variable is kept, from its
 * first entry (the one getenv() finds) when an environment repeats it. */
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
            break;
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
    for (size_t i = 0; i < sizeof(content_files) / sizeof(content_files[0]); i++)
        hvd__probe_record_file(context, hvd__key_source(content_files[i]), hvd__key(content_files[i]),
                               hvd__key(content_files[i]), 0);
    probe_init_environment(context);
    probe_status_lines(context);
}
