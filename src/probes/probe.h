/* SPDX-License-Identifier: MIT */
#ifndef HVD_PROBES_PROBE_H
#define HVD_PROBES_PROBE_H

#include "evidence/keys.h"
#include "hvdetect/evidence.h"
#include "io/root.h"
#include "parse/smbios.h"

/* What every probe works with. Probes only record what they read; none of them judges it. */
typedef struct hvd__probe_context {
    hvd__root root;
    hvd_evidence *evidence;
    const char *cpuid_dump; /* a file on the analyst's machine, not under the root */
    hvd__file cpuid_dump_file; /* its content, read before any probe runs (hvd__probe_cpuid_read_dump) */
    int live;               /* reading the machine this process runs on (CPUID included) */
    int out_of_memory;
} hvd__probe_context;

/* The default size limit for a text file: sysfs attributes are at most a page, /proc files a few kilobytes. */
enum { HVD__TEXT_FILE_MAX = 64 * 1024 };

void hvd__probe_cpuid(hvd__probe_context *context);
/* Reads context->cpuid_dump into context->cpuid_dump_file. A dump the user named is input, not evidence: one that
 * cannot be read fails the collection (naming the file), rather than leaving an answer from the tree alone. */
int hvd__probe_cpuid_read_dump(hvd__probe_context *context);
void hvd__probe_smbios(hvd__probe_context *context);
void hvd__probe_pci(hvd__probe_context *context);
void hvd__probe_acpi(hvd__probe_context *context);
void hvd__probe_net(hvd__probe_context *context);
void hvd__probe_platform(hvd__probe_context *context);
void hvd__probe_container(hvd__probe_context *context);
void hvd__probe_identity(hvd__probe_context *context);

/* Where the live machine's evidence does not come from files under the root (Windows: firmware tables, SetupAPI,
 * the network adapter list, the registry), the system's own probe for that HVD_PROBE_* bit runs instead of the
 * file-based one, recording the same kinds of observations. Returns 1 when it ran. A saved root is always read with
 * the file-based probes. One implementation per system: live_posix.c (none), platform/windows/probes_win.c. */
int hvd__probe_live_system(hvd__probe_context *context, unsigned int probe_bit);

/* Decodes a raw SMBIOS structure table (entry_point may be NULL) into "smbios" observations; where names the table
 * in problems. */
void hvd__probe_smbios_table(hvd__probe_context *context, const uint8_t *table, size_t length,
                             const hvd__smbios_entry_point *entry_point, const char *where);

/* Records the DMI fields a raw SMBIOS table holds as "dmi" observations with that detail, for systems whose kernel
 * does not decode them (Windows). Problems are left to hvd__probe_smbios_table() on the same table. */
void hvd__probe_smbios_table_as_dmi(hvd__probe_context *context, const uint8_t *table, size_t length,
                                    const hvd__smbios_entry_point *entry_point, const char *detail);

/* Records the header fields of one ACPI table (at least its first 36 bytes) under "acpi" as name.field; where names
 * the table in problems. */
void hvd__probe_acpi_header(hvd__probe_context *context, const char *name, const uint8_t *data, size_t length,
                            const char *where);

/* Where a parser's problems with one file go: each becomes an error observation under source/key whose detail
 * names the file. At most a few per file are kept, so a hostile file cannot flood the evidence. */
typedef struct hvd__problem_sink {
    hvd__probe_context *context;
    const char *source;
    const char *key;
    const char *path;
    size_t count;
} hvd__problem_sink;

/* A hvd__problem_fn for parsers; ctx is a hvd__problem_sink. */
void hvd__probe_report_problem(void *ctx, const char *message);
/* Records how many problems were left out, if any. */
void hvd__probe_finish_problems(hvd__problem_sink *sink);

/* Records an observation; remembers an allocation failure instead of returning it. */
void hvd__probe_record(hvd__probe_context *context, const char *source, const char *key, const char *value,
                       hvd_status status, const char *detail);

/* Records an observation under a key of the vocabulary (evidence/keys.h); part fills the key's '*', if it has one. */
void hvd__probe_record_key(hvd__probe_context *context, hvd__key_id id, const char *part, const char *value,
                           hvd_status status, const char *detail);

/* Maps a read outcome to an observation status. */
hvd_status hvd__probe_status(hvd__read_status status);

/* Reads a text file under the root. On success the caller owns out (hvd__file_free). Otherwise, unless the file is
 * simply absent and record_absent is 0, the failure is recorded under source/key with its reason. */
int hvd__probe_read_text(hvd__probe_context *context, const char *source, const char *key, const char *path,
                         int record_absent, hvd__file *out);

/* Reads a text file and records its (trimmed) content as one observation under source/key. Returns 1 if read. */
int hvd__probe_record_file(hvd__probe_context *context, const char *source, const char *key, const char *path,
                           int record_absent);

/* Lists a directory under the root, recording a failure other than absence under source/path, and a note when the
 * listing was cut at max_entries. Returns 1 when listed (the caller frees names), 0 when absent, -1 on a recorded
 * failure. */
int hvd__probe_list(hvd__probe_context *context, const char *source, const char *path, size_t max_entries,
                    char ***names, size_t *count);

/* Lists a directory (a status key of the vocabulary whose key is the directory's path) and visits each entry (at
 * most max_entries), or records the directory as absent with absent_detail. */
void hvd__probe_for_each_entry(hvd__probe_context *context, hvd__key_id directory, size_t max_entries,
                               const char *absent_detail,
                               void (*visit)(hvd__probe_context *context, const char *name));

#endif
