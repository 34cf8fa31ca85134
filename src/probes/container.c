/* SPDX-License-Identifier: MIT */
/* The container probe: the files container managers leave behind. A container shares its host's kernel, so these
 * are reported beside the hypervisor found from CPUID and firmware, never instead of it. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/probe.h"

/* Files whose presence is the evidence. */
static const hvd__key_id marker_files[] = {HVD__K_CONTAINER_DOCKERENV, HVD__K_CONTAINER_CONTAINERENV,
                                           HVD__K_CONTAINER_PROC_VZ, HVD__K_CONTAINER_PROC_BC};

/* Files whose content is. */
static const hvd__key_id content_files[] = {HVD__K_CONTAINER_SYSTEMD, HVD__K_CONTAINER_CGROUP,
                                            HVD__K_CONTAINER_SELF_CGROUP, HVD__K_CONTAINER_HOST_MANAGER};

/* Lines of /proc/self/status that container kernels add: Linux-VServer's context (VxID, s_context before 2.2) and
 * OpenVZ's container id. */
static const hvd__key_id status_lines[] = {HVD__K_CONTAINER_VXID, HVD__K_CONTAINER_S_CONTEXT, HVD__K_CONTAINER_ENVID};

/* The line after line's newline, or NULL after the last. */
static const char *next_line(const char *line)
{
    const char *newline = strchr(line, '\n');
    return newline ? newline + 1 : NULL;
}

/* Reads a container source whose content is kept only in part (lines, variables, mounts), and records that it was
 * read: finding nothing in it is then an answer, "no container", where a file that is not there says nothing. */
static int read_content_source(hvd__probe_context *context, hvd__key_id id, hvd__file *out)
{
    if (!hvd__probe_read_text(context, hvd__key_source(id), hvd__key(id), hvd__key(id), 0, out))
        return 0;
    hvd__probe_record_key(context, id, NULL, "read", HVD_STATUS_OK, NULL);
    return 1;
}

/* The process tracing this one, by its command name. PRoot runs its "container" as a ptrace'd process tree, with no
 * file of its own inside it: the tracer's name is what shows it (systemd's detect_container does the same). A pid is
 * the machine's, so only the name is kept. */
static void probe_tracer(hvd__probe_context *context, const char *status)
{
    const char *line = strstr(status, "\nTracerPid:");
    if (!line)
        return;
    long pid = strtol(line + strlen("\nTracerPid:"), NULL, 10);
    if (pid <= 0)
        return;
    char path[64];
    snprintf(path, sizeof(path), "proc/%ld/comm", pid);
    hvd__probe_record_file(context, hvd__key_source(HVD__K_CONTAINER_TRACER_COMM),
                           hvd__key(HVD__K_CONTAINER_TRACER_COMM), path, 0);
}

static void probe_status_lines(hvd__probe_context *context)
{
    hvd__file file;
    if (!read_content_source(context, HVD__K_CONTAINER_STATUS, &file))
        return;
    for (size_t i = 0; i < sizeof(status_lines) / sizeof(status_lines[0]); i++) {
        const char *name = strchr(hvd__key(status_lines[i]), '.') + 1; /* "VxID" of "proc/self/status.VxID" */
        size_t length = strlen(name);
        for (const char *line = file.data; line && *line; line = next_line(line)) {
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
    probe_tracer(context, file.data);
    hvd__file_free(&file);
}

/* The ids of OpenVZ's /proc/user_beancounters, one a line: the file lists, after its header, each container's resource
 * counters under its id ("852638:  kmemsize ..."), and the hardware node's under 0 besides. Only the ids are kept,
 * the first BEANCOUNTER_IDS_MAX of them: a container's file has one, a node's several (it may run hundreds of
 * containers), which is what tells them apart. */
enum { BEANCOUNTER_IDS_MAX = 32, BEANCOUNTER_ID_DIGITS = 10 };

static void probe_beancounters(hvd__probe_context *context)
{
    hvd__file file;
    const char *path = hvd__key(HVD__K_CONTAINER_BEANCOUNTERS);
    if (!hvd__probe_read_text(context, hvd__key_source(HVD__K_CONTAINER_BEANCOUNTERS), path, path, 0, &file))
        return;
    char ids[BEANCOUNTER_IDS_MAX * (BEANCOUNTER_ID_DIGITS + 1) + 1] = "";
    size_t used = 0, count = 0;
    for (const char *line = file.data; line && *line && count < BEANCOUNTER_IDS_MAX; line = next_line(line)) {
        const char *id = line + strspn(line, " \t");
        size_t digits = strspn(id, "0123456789");
        if (digits == 0 || digits > BEANCOUNTER_ID_DIGITS || id[digits] != ':')
            continue;
        used += (size_t)snprintf(ids + used, sizeof(ids) - used, "%s%.*s", count ? "\n" : "", (int)digits, id);
        count++;
    }
    if (count)
        hvd__probe_record_key(context, HVD__K_CONTAINER_BEANCOUNTER_IDS, NULL, ids, HVD_STATUS_OK, NULL);
    hvd__file_free(&file);
}

/* The variables of PID 1's environment that container managers set; only these are kept, each from its first entry
 * (the one getenv() finds) when an environment repeats it. container=<manager> under systemd-style managers keeps
 * its value; KUBERNETES_SERVICE_HOST, which the kubelet gives every container of a pod, only its presence (the
 * address is the cluster's). */
static const struct {
    const char *prefix;
    hvd__key_id key;
    int keep_value;
} environment_variables[] = {
    {"container=", HVD__K_CONTAINER_ENVIRON_VARIABLE, 1},
    {"KUBERNETES_SERVICE_HOST=", HVD__K_CONTAINER_ENVIRON_KUBERNETES, 0},
};

static void probe_init_environment(hvd__probe_context *context)
{
    hvd__file file;
    if (!read_content_source(context, HVD__K_CONTAINER_ENVIRON, &file))
        return;
    enum { VARIABLES = sizeof(environment_variables) / sizeof(environment_variables[0]) };
    int seen[VARIABLES] = {0};
    for (size_t offset = 0; offset < file.length;) {
        const char *entry = file.data + offset;
        size_t length = strnlen(entry, file.length - offset);
        for (size_t i = 0; i < VARIABLES; i++) {
            size_t prefix = strlen(environment_variables[i].prefix);
            if (seen[i] || length <= prefix || strncmp(entry, environment_variables[i].prefix, prefix) != 0)
                continue;
            seen[i] = 1;
            char value[256];
            snprintf(value, sizeof(value), "%.*s", (int)(length - prefix), entry + prefix);
            hvd__probe_record_key(context, environment_variables[i].key, NULL,
                                  environment_variables[i].keep_value ? value : "present", HVD_STATUS_OK, NULL);
        }
        offset += length + 1;
    }
    hvd__file_free(&file);
}

/* Paths a container manager binds from its own storage (Docker: <data-root>/containers/<id>/hostname; the kubelet:
 * /var/lib/kubelet/pods/<uid>/etc-hosts and the service account's token directory). With a cgroup namespace
 * (cgroup v2) the cgroup files say only "0::/", and these mounts are what still shows the manager. */
static const char *const watched_mounts[] = {"/etc/hostname", "/etc/hosts", "/etc/resolv.conf",
                                             "/run/secrets/kubernetes.io/serviceaccount",
                                             "/var/run/secrets/kubernetes.io/serviceaccount"};

/* The n-th space-separated field of a mountinfo line (from 0), its length in *length; NULL past the line's end. */
static const char *mount_field(const char *line, size_t end, int n, size_t *length)
{
    size_t at = 0;
    for (int field = 0;; field++) {
        size_t size = 0;
        while (at + size < end && line[at + size] != ' ')
            size++;
        if (field == n) {
            *length = size;
            return at < end ? line + at : NULL;
        }
        at += size + 1;
        if (at >= end)
            return NULL;
    }
}

/* proc(5): "id parent major:minor root mount-point options [optional fields] - type source super-options". Records
 * each watched mount point's root, type and source; a mount point mounted over twice shows its last (visible) one. */
static void probe_mounts(hvd__probe_context *context)
{
    hvd__file file;
    if (!read_content_source(context, HVD__K_CONTAINER_MOUNTINFO, &file))
        return;
    enum { WATCHED = sizeof(watched_mounts) / sizeof(watched_mounts[0]) };
    char values[WATCHED][512] = {{0}};
    for (const char *line = file.data; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        size_t end = strcspn(line, "\n"), root_length = 0, point_length = 0, type_length = 0, source_length = 0;
        const char *root = mount_field(line, end, 3, &root_length);
        const char *point = mount_field(line, end, 4, &point_length);
        const char *separator = NULL;
        for (size_t at = 0; !separator && at + 3 <= end; at++) /* within the line: a hostile file has no end to search */
            if (memcmp(line + at, " - ", 3) == 0)
                separator = line + at;
        if (!root || !point || !separator)
            continue;
        size_t rest = end - (size_t)(separator + 3 - line);
        const char *type = mount_field(separator + 3, rest, 0, &type_length);
        const char *source = mount_field(separator + 3, rest, 1, &source_length);
        for (size_t i = 0; type && source && i < WATCHED; i++)
            if (strlen(watched_mounts[i]) == point_length && strncmp(point, watched_mounts[i], point_length) == 0)
                snprintf(values[i], sizeof(values[i]), "%.*s %.*s %.*s", (int)root_length, root, (int)type_length,
                         type, (int)source_length, source);
    }
    for (size_t i = 0; i < WATCHED; i++)
        if (values[i][0])
            hvd__probe_record_key(context, HVD__K_CONTAINER_MOUNT, watched_mounts[i], values[i], HVD_STATUS_OK, NULL);
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
    probe_mounts(context);
    probe_status_lines(context);
    probe_beancounters(context);
}
