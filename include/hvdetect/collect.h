/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_COLLECT_H
#define HVDETECT_COLLECT_H

/**
 * @file hvdetect/collect.h
 * @brief Gathering evidence, from the live machine or from a saved root directory and CPUID dump.
 */

#include "hvdetect/common.h"
#include "hvdetect/evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The probes, as bits of hvd_collect_options.probes. */
enum {
    HVD_PROBE_CPUID = 1u << 0,     /**< CPUID leaves, hypervisor bases 0x40000000..0x4000FF00 */
    HVD_PROBE_SMBIOS = 1u << 1,    /**< /sys/class/dmi/id and the raw SMBIOS table */
    HVD_PROBE_PCI = 1u << 2,       /**< /sys/bus/pci/devices */
    HVD_PROBE_ACPI = 1u << 3,      /**< ACPI table headers */
    HVD_PROBE_NET = 1u << 4,       /**< NIC MAC address prefixes */
    HVD_PROBE_PLATFORM = 1u << 5,  /**< /sys/hypervisor, /proc/xen, VMBus, device tree, /proc/cpuinfo, ... */
    HVD_PROBE_CONTAINER = 1u << 6, /**< container and WSL hints */
    HVD_PROBE_IDENTITY = 1u << 7,  /**< what names the machine: host name, machine id (Windows: machine GUID) */
    HVD_PROBE_ALL = 0xFFu
};

#define HVD_COLLECT_OPTIONS_VERSION 1

/** Options for hvd_collect(). Initialise with HVD_COLLECT_OPTIONS_INIT or hvd_collect_options_init(). */
typedef struct hvd_collect_options {
    unsigned int version; /**< HVD_COLLECT_OPTIONS_VERSION */
    /**
     * Directory to read every file-based probe under instead of "/". When set, nothing is read from the live
     * machine: files resolve inside it (symlinks included) and CPUID comes only from cpuid_dump.
     */
    const char *root;
    /** A file in the format of `cpuid -r -1`, used instead of executing CPUID. One that cannot be read (absent,
     *  denied, too large) makes hvd_collect() fail; one that can be read but holds no leaves is an observation. */
    const char *cpuid_dump;
    /** Bits of HVD_PROBE_*; 0 means all. */
    unsigned int probes;
} hvd_collect_options;

#define HVD_COLLECT_OPTIONS_INIT { HVD_COLLECT_OPTIONS_VERSION, NULL, NULL, 0 }

/** Initialises opts to the defaults for the given version. */
HVD_EXTERN(int) hvd_collect_options_init(hvd_collect_options *opts, unsigned int version);

/**
 * Runs the probes and returns their observations in *out (owned by the caller: hvd_evidence_free()).
 * Problems with single files (absent, denied, malformed) are observations, not failures; the function fails only
 * when it cannot work at all (invalid options, a root that is not a directory, a cpuid_dump that cannot be read:
 * HVD_ENOTFOUND / HVD_EPERM / HVD_EBADINPUT naming the file, out of memory).
 */
HVD_EXTERN(int) hvd_collect(hvd_evidence **out, const hvd_collect_options *opts);

#ifdef __cplusplus
}
#endif

#endif
