/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_EVIDENCE_H
#define HVDETECT_EVIDENCE_H

/**
 * @file hvdetect/evidence.h
 * @brief The evidence set: every observation the probes made, with the status of each. Probes only add
 * observations; the engine (hvdetect/detect.h) judges them. An evidence set round-trips through JSON, so a
 * machine's evidence can be saved and analysed elsewhere with the same result.
 */

#include "hvdetect/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What became of one attempt to observe something. */
typedef enum hvd_status {
    HVD_STATUS_OK = 0,      /**< read; value holds what was read */
    HVD_STATUS_ABSENT,      /**< does not exist on this machine (no evidence, not an error) */
    HVD_STATUS_DENIED,      /**< exists but could not be read with this process's privileges */
    HVD_STATUS_ERROR,       /**< could not be read or was malformed; detail says why */
    HVD_STATUS_UNAVAILABLE, /**< not collected in this mode (e.g. live CPUID while replaying a saved root) */
    HVD_STATUS_COUNT_       /**< number of statuses, not a status */
} hvd_status;

/** Lowercase name of a status ("ok", "absent", "denied", "error", "unavailable"): a static string, or NULL when out
 * of range. */
HVD_EXTERN(const char *) hvd_status_name(hvd_status status);
/** The status of that name, or -1 when the name is unknown. */
HVD_EXTERN(int) hvd_status_from_name(const char *name);

/**
 * One observation. Every string is borrowed from the evidence set and lives as long as it does. value is "" for
 * statuses other than OK; detail is "" unless there is something to say (why it failed, where it came from).
 * Strings are valid UTF-8: bytes that were not are written as the four characters "\xNN".
 */
typedef struct hvd_observation {
    const char *source; /**< the probe: "cpuid", "dmi", "smbios", "pci", "acpi", "net", "platform", "container", "windows" */
    const char *key;    /**< what was observed, e.g. "sys_vendor", "0x40000000.signature", "0000:00:03.0" */
    const char *value;  /**< what was read */
    hvd_status status;
    const char *detail;
} hvd_observation;

/** An ordered set of observations plus facts about how they were collected. Opaque. */
typedef struct hvd_evidence hvd_evidence;

/** Creates an empty evidence set in *out (NULL on failure). Free it with hvd_evidence_free(). */
HVD_EXTERN(int) hvd_evidence_new(hvd_evidence **out);

/** Frees an evidence set and every string borrowed from it. NULL is allowed. */
HVD_EXTERN(void) hvd_evidence_free(hvd_evidence *evidence);

/**
 * Appends one observation; the strings are copied. value and detail may be NULL (stored as "").
 * @return HVD_OK, HVD_EINVALID (NULL evidence, source or key) or HVD_ENOMEM.
 */
HVD_EXTERN(int) hvd_evidence_add(hvd_evidence *evidence, const char *source, const char *key, const char *value,
                                 hvd_status status, const char *detail);

/** Number of observations. 0 for NULL. */
HVD_EXTERN(size_t) hvd_evidence_count(const hvd_evidence *evidence);

/**
 * The observation at index, borrowed from the set; NULL when index is out of range. Its strings are valid until
 * hvd_evidence_free(); the pointer itself only until the next hvd_evidence_add() (the array may move). Fields of
 * hvd_observation are only added at the end.
 */
HVD_EXTERN(const hvd_observation *) hvd_evidence_at(const hvd_evidence *evidence, size_t index);

/**
 * The first observation with that source and key (any status), borrowed as hvd_evidence_at() is; NULL when there
 * is none.
 */
HVD_EXTERN(const hvd_observation *) hvd_evidence_find(const hvd_evidence *evidence, const char *source,
                                                      const char *key);

/**
 * Sets a fact about the collection itself ("mode" = "live" or "root", "root", "cpuid_source", "collected_at",
 * "tool_version", "os", "arch"). Replaces an earlier value of the same name. At most 256 distinct names are kept:
 * a new name beyond them is refused with HVD_EINVALID.
 * @return HVD_OK, HVD_EINVALID (NULL argument, or too many names) or HVD_ENOMEM.
 */
HVD_EXTERN(int) hvd_evidence_set_meta(hvd_evidence *evidence, const char *name, const char *value);

/** A collection fact set with hvd_evidence_set_meta(), borrowed: valid until that fact is set again or the set is
 * freed; NULL when unset. */
HVD_EXTERN(const char *) hvd_evidence_meta(const hvd_evidence *evidence, const char *name);

/** Number of collection facts, and the name/value of the one at index (borrowed as hvd_evidence_meta() is; NULL when
 * out of range). */
HVD_EXTERN(size_t) hvd_evidence_meta_count(const hvd_evidence *evidence);
HVD_EXTERN(const char *) hvd_evidence_meta_name(const hvd_evidence *evidence, size_t index);
HVD_EXTERN(const char *) hvd_evidence_meta_value(const hvd_evidence *evidence, size_t index);

/**
 * Serialises the evidence set as a JSON document (the "evidence bundle", format 2, schema in README.md). A bundle
 * keeps the observations grouped by source (sources in the order they first appear, observations in their order
 * within a source), so a set whose sources interleave reads back grouped; probes record one source at a time.
 * @param out receives a NUL-terminated string owned by the caller, to be freed with hvd_free() (NULL on failure).
 */
HVD_EXTERN(int) hvd_evidence_to_json(char **out, const hvd_evidence *evidence);

/**
 * Reads an evidence bundle of format 2, or of format 1 (hvdetect 0.1). On failure *out is NULL, the return is HVD_EBADINPUT and hvd_error_last() says what
 * was wrong and where. The result is owned by the caller (hvd_evidence_free()).
 */
HVD_EXTERN(int) hvd_evidence_from_json(hvd_evidence **out, const char *json, size_t length);

/** Reads an evidence bundle from a file (bounded size) into *out (NULL on failure), owned by the caller:
 * hvd_evidence_free(). Errors name the file. */
HVD_EXTERN(int) hvd_evidence_load(hvd_evidence **out, const char *path);

/**
 * Writes the evidence bundle to path atomically: a temporary file in the same directory renamed into place, so
 * the target is either the old file or the complete new one. Refuses to replace anything but a regular file.
 */
HVD_EXTERN(int) hvd_evidence_save(const hvd_evidence *evidence, const char *path);

/**
 * Appends the evidence bundle to path as one line of JSON (NDJSON: one bundle a line, which hvd_fleet_add_path
 * reads from a file named *.ndjson), creating path, readable by its owner only, when it is absent. The line is
 * written in one write to a file opened for appending, so that machines appending to one shared file at once never
 * interleave their lines; a cut line at the end of the file (a crash, a full disk) is ended first, so that it
 * stays alone on its line and this one is whole. Refuses anything but a regular file.
 */
HVD_EXTERN(int) hvd_evidence_append(const hvd_evidence *evidence, const char *path);

#ifdef __cplusplus
}
#endif

#endif
