/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "hvdetect/collect.h"
#include "hvdetect/version.h"
#include "evidence/evidence_internal.h"
#include "io/host.h"
#include "probes/probe.h"
#include "util/error.h"
#include "util/text.h"

void hvd__probe_record(hvd__probe_context *context, const char *source, const char *key, const char *value,
                       hvd_status status, const char *detail)
{
    if (hvd_evidence_add(context->evidence, source, key, value, status, detail) == HVD_ENOMEM)
        context->out_of_memory = 1;
}

void hvd__probe_record_key(hvd__probe_context *context, hvd__key_id id, const char *part, const char *value,
                           hvd_status status, const char *detail)
{
    char key[768];
    hvd__probe_record(context, hvd__key_source(id), hvd__key_format(id, part, key, sizeof(key)), value, status,
                      detail);
}

enum { PROBLEMS_PER_FILE = 16 };

void hvd__probe_report_problem(void *ctx, const char *message)
{
    hvd__problem_sink *sink = ctx;
    if (sink->count++ >= PROBLEMS_PER_FILE)
        return;
    char detail[768];
    snprintf(detail, sizeof(detail), "%s: %s", sink->path, message);
    hvd__probe_record(sink->context, sink->source, sink->key, NULL, HVD_STATUS_ERROR, detail);
}

void hvd__probe_finish_problems(hvd__problem_sink *sink)
{
    if (sink->count <= PROBLEMS_PER_FILE)
        return;
    char detail[600];
    snprintf(detail, sizeof(detail), "%s: %zu more problems not recorded", sink->path,
             sink->count - PROBLEMS_PER_FILE);
    hvd__probe_record(sink->context, sink->source, sink->key, NULL, HVD_STATUS_ERROR, detail);
}

hvd_status hvd__probe_status(hvd__read_status status)
{
    switch (status) {
    case HVD__READ_OK:
        return HVD_STATUS_OK;
    case HVD__READ_ABSENT:
        return HVD_STATUS_ABSENT;
    case HVD__READ_DENIED:
        return HVD_STATUS_DENIED;
    case HVD__READ_ERROR:
    case HVD__READ_DIRECTORY:
        return HVD_STATUS_ERROR;
    }
    return HVD_STATUS_ERROR;
}

int hvd__probe_read_text(hvd__probe_context *context, const char *source, const char *key, const char *path,
                         int record_absent, hvd__file *out)
{
    char reason[512] = "";
    hvd__read_status status = hvd__root_read(&context->root, path, HVD__TEXT_FILE_MAX, 0, out, reason,
                                             sizeof(reason));
    if (status == HVD__READ_OK)
        return 1;
    if (status != HVD__READ_ABSENT || record_absent)
        hvd__probe_record(context, source, key, NULL, hvd__probe_status(status), reason);
    return 0;
}

int hvd__probe_record_file(hvd__probe_context *context, const char *source, const char *key, const char *path,
                           int record_absent)
{
    hvd__file file;
    if (!hvd__probe_read_text(context, source, key, path, record_absent, &file))
        return 0;
    /* Device-tree strings are NUL-separated lists; a comma keeps them readable and matchable. Elsewhere a NUL is
     * an anomaly worth seeing, and is kept. */
    if (strncmp(path, "proc/device-tree/", 17) == 0)
        for (size_t i = 0; i + 1 < file.length; i++)
            if (file.data[i] == '\0')
                file.data[i] = ',';
    if (hvd__evidence_add_bytes(context->evidence, source, key, file.data, file.length, HVD_STATUS_OK, NULL) ==
        HVD_ENOMEM)
        context->out_of_memory = 1;
    hvd__file_free(&file);
    return 1;
}

int hvd__probe_list(hvd__probe_context *context, const char *source, const char *path, size_t max_entries,
                    char ***names, size_t *count)
{
    char reason[512] = "";
    int more = 0;
    hvd__read_status status = hvd__root_list(&context->root, path, max_entries, names, count, &more, reason,
                                             sizeof(reason));
    if (status == HVD__READ_ABSENT)
        return 0;
    if (status != HVD__READ_OK) {
        hvd__probe_record(context, source, path, NULL, hvd__probe_status(status), reason);
        return -1;
    }
    if (more) {
        char detail[160];
        snprintf(detail, sizeof(detail), "more than %zu entries; the rest were skipped", max_entries);
        hvd__probe_record(context, source, path, NULL, HVD_STATUS_ERROR, detail);
    }
    return 1;
}

void hvd__probe_for_each_entry(hvd__probe_context *context, hvd__key_id directory, size_t max_entries,
                               const char *absent_detail,
                               void (*visit)(hvd__probe_context *context, const char *name))
{
    char **names;
    size_t count;
    const char *source = hvd__key_source(directory), *path = hvd__key(directory);
    int listed = hvd__probe_list(context, source, path, max_entries, &names, &count);
    if (listed == 0)
        hvd__probe_record(context, source, path, NULL, HVD_STATUS_ABSENT, absent_detail);
    if (listed <= 0)
        return;
    for (size_t i = 0; i < count && !context->out_of_memory; i++)
        visit(context, names[i]);
    hvd__names_free(names, count);
}

int hvd_collect_options_init(hvd_collect_options *opts, unsigned int version)
{
    if (!opts)
        return hvd__error(HVD_EINVALID, "hvd_collect_options_init: opts is NULL");
    if (version != HVD_COLLECT_OPTIONS_VERSION)
        return hvd__error(HVD_EINVALID, "hvd_collect_options_init: unsupported version %u", version);
    hvd_collect_options defaults = HVD_COLLECT_OPTIONS_INIT;
    *opts = defaults;
    return HVD_OK;
}

/* Each probe with its bit; run in this order so that the evidence reads from the CPU outwards. */
static const struct {
    unsigned int bit;
    void (*run)(hvd__probe_context *context);
} probes[] = {
    {HVD_PROBE_CPUID, hvd__probe_cpuid},       {HVD_PROBE_SMBIOS, hvd__probe_smbios},
    {HVD_PROBE_PCI, hvd__probe_pci},           {HVD_PROBE_ACPI, hvd__probe_acpi},
    {HVD_PROBE_NET, hvd__probe_net},           {HVD_PROBE_PLATFORM, hvd__probe_platform},
    {HVD_PROBE_CONTAINER, hvd__probe_container}, {HVD_PROBE_IDENTITY, hvd__probe_identity},
};

static void record_collection_facts(hvd_evidence *evidence, const hvd_collect_options *opts)
{
    char timestamp[32];
    hvd__utc_timestamp(timestamp);
    hvd_evidence_set_meta(evidence, "tool_version", HVD_VERSION_STRING);
    hvd_evidence_set_meta(evidence, "collected_at", timestamp);
    hvd_evidence_set_meta(evidence, "mode", opts->root ? "root" : "live");
    if (opts->root)
        hvd_evidence_set_meta(evidence, "root", opts->root);
    hvd_evidence_set_meta(evidence, "cpuid_source",
                          opts->cpuid_dump ? "dump" : opts->root ? "none" : "live");
    if (opts->cpuid_dump)
        hvd_evidence_set_meta(evidence, "cpuid_dump", opts->cpuid_dump);
    /* The analysing machine's kernel says nothing about a saved root, so it is recorded for live runs only. */
    char os[128], arch[128];
    if (!opts->root && hvd__host_identity(os, sizeof(os), arch, sizeof(arch))) {
        hvd_evidence_set_meta(evidence, "os", os);
        hvd_evidence_set_meta(evidence, "arch", arch);
    }
    /* Whether "permission denied" can be helped by running as root (text report). */
    if (!opts->root && hvd__host_is_privileged() >= 0)
        hvd_evidence_set_meta(evidence, "privileged", hvd__host_is_privileged() ? "true" : "false");
}

int hvd_collect(hvd_evidence **out, const hvd_collect_options *opts)
{
    if (!out)
        return hvd__error(HVD_EINVALID, "hvd_collect: out is NULL");
    *out = NULL;
    hvd_collect_options defaults = HVD_COLLECT_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (opts->version != HVD_COLLECT_OPTIONS_VERSION)
        return hvd__error(HVD_EINVALID, "hvd_collect: unsupported options version %u", opts->version);

    hvd__probe_context context;
    memset(&context, 0, sizeof(context));
    context.live = opts->root == NULL;
    context.cpuid_dump = opts->cpuid_dump;
    int rc = context.cpuid_dump ? hvd__probe_cpuid_read_dump(&context) : HVD_OK;
    if (rc != HVD_OK)
        return rc;
    rc = hvd__root_open(&context.root, opts->root);
    if (rc != HVD_OK) {
        hvd__file_free(&context.cpuid_dump_file);
        return rc;
    }
    rc = hvd_evidence_new(&context.evidence);
    if (rc != HVD_OK) {
        hvd__file_free(&context.cpuid_dump_file);
        hvd__root_close(&context.root);
        return rc;
    }
    record_collection_facts(context.evidence, opts);
    unsigned int selected = opts->probes ? opts->probes : HVD_PROBE_ALL;
    for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]) && !context.out_of_memory; i++)
        if ((selected & probes[i].bit) && !(context.live && hvd__probe_live_system(&context, probes[i].bit)))
            probes[i].run(&context);
    hvd__root_close(&context.root);
    hvd__file_free(&context.cpuid_dump_file);
    if (context.out_of_memory) {
        hvd_evidence_free(context.evidence);
        return hvd__error(HVD_ENOMEM, "collecting evidence: out of memory");
    }
    *out = context.evidence;
    return HVD_OK;
}
