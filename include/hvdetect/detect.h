/* SPDX-License-Identifier: MIT */
#ifndef HVDETECT_DETECT_H
#define HVDETECT_DETECT_H

/**
 * @file hvdetect/detect.h
 * @brief The vendor database and the identification engine: from an evidence set to an answer (virtualized or
 * not, technology, product, vendor, cloud, role, layers, containers, confidence) with the evidence for and against.
 * Identification is pure computation on data in memory: it reads no file and executes no CPUID.
 */

#include "hvdetect/common.h"
#include "hvdetect/evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The signatures, products, vendors and relationships of vendors/. Opaque and read-only once loaded. */
typedef struct hvd_vendor_db hvd_vendor_db;

/**
 * Sets *out to the database compiled into the library: static, read-only tables checked when the library was built,
 * so this costs nothing and cannot fail for want of memory. Every call gives the same database, which any number of threads
 * may use at once; hvd_vendor_db_free() on it is allowed and does nothing.
 */
HVD_EXTERN(int) hvd_vendor_db_load_default(hvd_vendor_db **out);

/**
 * Loads every *.json of a directory laid out like vendors/ into *out (NULL on failure), owned by the caller:
 * hvd_vendor_db_free(). On HVD_EBADINPUT, hvd_error_last() names the file, entry and field of the first problem;
 * hvd_vendor_db_check_dir() lists them all.
 */
HVD_EXTERN(int) hvd_vendor_db_load_dir(hvd_vendor_db **out, const char *dir);

/**
 * Validates a directory laid out like vendors/ and returns every problem found, one per line, in *out (owned by
 * the caller: hvd_free(); "" when there is none; NULL when the check could not run). Returns HVD_OK when valid,
 * HVD_EBADINPUT when not.
 */
HVD_EXTERN(int) hvd_vendor_db_check_dir(char **out, const char *dir);

/**
 * Identifies the database's content: 16 hex digits of a hash (FNV-1a, 64 bits) over every file's name and bytes, so
 * that a report says which data decided it. Borrowed from the database: valid until hvd_vendor_db_free().
 */
HVD_EXTERN(const char *) hvd_vendor_db_fingerprint(const hvd_vendor_db *db);

/** Frees a database. NULL is allowed. */
HVD_EXTERN(void) hvd_vendor_db_free(hvd_vendor_db *db);

#define HVD_PRODUCT_INFO_VERSION 1

/**
 * A product as the database describes it, filled in by hvd_vendor_db_product(), hvd_vendor_db_find_product(),
 * hvd_result_product_info() and hvd_result_candidate_info(). The caller owns the struct and sets its version
 * (HVD_PRODUCT_INFO_INIT): a later library fills only the fields that version has, so fields can be added at the
 * end. The strings are borrowed from the database (valid until hvd_vendor_db_free()); unset ones are NULL.
 */
typedef struct hvd_product_info {
    unsigned int version;    /**< HVD_PRODUCT_INFO_VERSION */
    const char *id;          /**< "vmware-esxi" */
    const char *name;        /**< "VMware ESXi" */
    const char *technology;  /**< "vmware" */
    const char *kind;        /**< "server", "desktop", "cloud", "embedded" */
    const char *cloud;       /**< "aws", "azure", ... or NULL */
    const char *vendor;      /**< vendor id, "vmware" */
    const char *vendor_name; /**< "VMware, Inc." */
    const char *vendor_kind; /**< "company" or "community" */
} hvd_product_info;

#define HVD_PRODUCT_INFO_INIT { HVD_PRODUCT_INFO_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

/** Number of products in the database. */
HVD_EXTERN(size_t) hvd_vendor_db_product_count(const hvd_vendor_db *db);
/**
 * Fills *out with the product at index. HVD_ENOTFOUND when out of range; HVD_EINVALID for a NULL argument or a
 * version this library does not know (*out is then unchanged).
 */
HVD_EXTERN(int) hvd_vendor_db_product(hvd_product_info *out, const hvd_vendor_db *db, size_t index);
/** Fills *out with the product of that id; HVD_ENOTFOUND when there is none, HVD_EINVALID as above. */
HVD_EXTERN(int) hvd_vendor_db_find_product(hvd_product_info *out, const hvd_vendor_db *db, const char *id);

/** Whether the machine is virtual. */
typedef enum hvd_virtualized {
    HVD_VIRTUALIZED_UNKNOWN = -1, /**< too little could be read to tell */
    HVD_VIRTUALIZED_NO = 0,
    HVD_VIRTUALIZED_YES = 1
} hvd_virtualized;

/** How sure the engine is of the technology it names. */
typedef enum hvd_confidence {
    HVD_CONFIDENCE_NONE = 0, /**< nothing identified */
    HVD_CONFIDENCE_LOW,
    HVD_CONFIDENCE_MEDIUM,
    HVD_CONFIDENCE_HIGH,
    HVD_CONFIDENCE_COUNT_
} hvd_confidence;

/** Where this machine stands relative to the hypervisor found. */
typedef enum hvd_role {
    HVD_ROLE_NONE = 0, /**< no hypervisor found */
    HVD_ROLE_GUEST,    /**< runs inside a virtual machine */
    HVD_ROLE_HOST,     /**< runs the hypervisor's management partition (Xen dom0, Hyper-V root partition) */
    HVD_ROLE_COUNT_
} hvd_role;

/** Lowercase names: "none"/"low"/"medium"/"high", "none"/"guest"/"host"; static strings, NULL when out of range.
 * The reverse gives -1 for an unknown name. */
HVD_EXTERN(const char *) hvd_confidence_name(hvd_confidence confidence);
HVD_EXTERN(int) hvd_confidence_from_name(const char *name);
HVD_EXTERN(const char *) hvd_role_name(hvd_role role);
HVD_EXTERN(int) hvd_role_from_name(const char *name);

/** What a finding says about the answer. */
typedef enum hvd_finding_kind {
    HVD_FINDING_SUPPORTS = 0,  /**< a signature that points at the answer */
    HVD_FINDING_CONTRADICTS,   /**< a signature that points elsewhere and is not explained */
    HVD_FINDING_EXPLAINED,     /**< points elsewhere, but is explained (e.g. Hyper-V enlightenments on KVM) */
    HVD_FINDING_REASON,        /**< a step of reasoning that is not a signature (e.g. "hypervisor bit clear") */
    HVD_FINDING_KIND_COUNT_
} hvd_finding_kind;

/** Lowercase name of a finding kind ("supports", "contradicts", "explained", "reason"): a static string, NULL when
 * out of range; and the reverse (-1 when unknown). */
HVD_EXTERN(const char *) hvd_finding_kind_name(hvd_finding_kind kind);
HVD_EXTERN(int) hvd_finding_kind_from_name(const char *name);

/**
 * One piece of reasoning, owned by the result (hvd_result_finding()). Strings are borrowed from the result, valid
 * until hvd_result_free(); unset ones are NULL. Fields are only added at the end.
 */
typedef struct hvd_finding {
    hvd_finding_kind kind;
    const char *signature;  /**< id of the vendor-database signature, NULL for a reason */
    const char *points_to;  /**< technology or product the signature names */
    const char *strength;   /**< "definitive", "strong", "medium", "weak" */
    const char *source;     /**< evidence source of the (first) matching observation */
    const char *key;
    const char *value;
    const char *text;       /**< what it means, in words */
} hvd_finding;

/** One virtualization layer visible from inside, owned by the result (hvd_result_layer()); its strings are valid
 * until hvd_result_free(). Fields are only added at the end. */
typedef struct hvd_layer {
    const char *technology; /**< "kvm", "hyperv", ... */
    const char *product;    /**< product id or NULL */
    hvd_role role;          /**< the machine's role towards this layer */
    const char *basis;      /**< what shows this layer: "cpuid", "firmware", "platform" */
} hvd_layer;

/** The engine's answer. Opaque; read with the accessors below. */
typedef struct hvd_result hvd_result;

/**
 * Identifies the platform from an evidence set. Pure: no I/O. *out (NULL on failure) is owned by the caller:
 * hvd_result_free(). The result keeps no pointer into evidence; it does borrow strings from db, which must outlive
 * it. Every string an hvd_result_* accessor returns is borrowed the same way: valid until the result is freed.
 */
HVD_EXTERN(int) hvd_identify(hvd_result **out, const hvd_evidence *evidence, const hvd_vendor_db *db);

/** Frees a result. NULL is allowed. */
HVD_EXTERN(void) hvd_result_free(hvd_result *result);

HVD_EXTERN(hvd_virtualized) hvd_result_virtualized(const hvd_result *result);
HVD_EXTERN(hvd_role) hvd_result_role(const hvd_result *result);

/**
 * The step of the decision that gave the answer: "host-partition", "firmware", "vendor-bare-metal", "platform",
 * "cpuid", "interface", "hypervisor-bit", "virtual-hardware", "cpuid-clear", "physical-firmware" or "cannot-tell"
 * (libhvdetect(3) explains each). A static string; NULL for a NULL result.
 */
HVD_EXTERN(const char *) hvd_result_basis(const hvd_result *result);
HVD_EXTERN(hvd_confidence) hvd_result_confidence(const hvd_result *result);
/** 1 when the hypervisor hid its CPUID bit or signature and was found from other evidence. */
HVD_EXTERN(int) hvd_result_concealed(const hvd_result *result);

/**
 * Technology id of the innermost hypervisor, or NULL: in a virtual machine, NULL means either that nothing names the
 * hypervisor or, with candidates listed, that the evidence names several technologies alike (Microsoft's virtual
 * machine firmware alone: Hyper-V or Virtual PC). Borrowed: valid until hvd_result_free().
 */
HVD_EXTERN(const char *) hvd_result_technology(const hvd_result *result);
/**
 * The product id, or NULL when the evidence does not pin one: then hvd_result_candidate_count() > 0 and the
 * candidates are listed. Borrowed: valid until hvd_result_free().
 */
HVD_EXTERN(const char *) hvd_result_product(const hvd_result *result);
/**
 * Fills *out with the product as the database describes it; HVD_ENOTFOUND when the evidence pins none,
 * HVD_EINVALID for a NULL argument or an unknown out->version.
 */
HVD_EXTERN(int) hvd_result_product_info(hvd_product_info *out, const hvd_result *result);
/** Vendor id of the product (or of every candidate, when they share one), or NULL. Borrowed, as above. */
HVD_EXTERN(const char *) hvd_result_vendor(const hvd_result *result);
/**
 * How the guest is virtualized where the hypervisor tells it (Xen: "pv", "hvm" or "pvh", from
 * /sys/hypervisor/guest_type), or NULL. Borrowed: valid until hvd_result_free().
 */
HVD_EXTERN(const char *) hvd_result_guest_type(const hvd_result *result);
/** Cloud id ("aws", "azure", ...) when the product is a cloud's, or NULL. Borrowed, as above. */
HVD_EXTERN(const char *) hvd_result_cloud(const hvd_result *result);

HVD_EXTERN(size_t) hvd_result_candidate_count(const hvd_result *result);
/** Candidate product id at index; NULL when out of range. Borrowed: valid until hvd_result_free(). */
HVD_EXTERN(const char *) hvd_result_candidate(const hvd_result *result, size_t index);
/** Fills *out with the candidate at index; HVD_ENOTFOUND when out of range, HVD_EINVALID as above. */
HVD_EXTERN(int) hvd_result_candidate_info(hvd_product_info *out, const hvd_result *result, size_t index);

HVD_EXTERN(size_t) hvd_result_layer_count(const hvd_result *result);
/** Layer at index, innermost first; NULL when out of range. Borrowed: valid until hvd_result_free(). */
HVD_EXTERN(const hvd_layer *) hvd_result_layer(const hvd_result *result, size_t index);

HVD_EXTERN(size_t) hvd_result_container_count(const hvd_result *result);
/** Container id at index ("docker", "podman", "wsl", ...); NULL when out of range. Borrowed, as above. */
HVD_EXTERN(const char *) hvd_result_container(const hvd_result *result, size_t index);
/**
 * 1 when the containers found are all there are: PID 1's environment and this process's mounts were both read
 * (cgroups alone do not tell: in its own cgroup namespace a container's cgroups read like a host's). Only then does a
 * count of 0 mean "no container". 0 means hvdetect cannot tell whether there is a container, or, with some found (by
 * a marker file), whether there are others: an unprivileged run, since PID 1's environment is root's only; a saved
 * tree or bundle without /proc; a bundle made on Windows; a NULL result.
 */
HVD_EXTERN(int) hvd_result_containers_known(const hvd_result *result);

/**
 * The single id systemd-detect-virt prints for the same machine (for scripts migrating from it): the innermost
 * container's ("docker", "wsl", ...) when there is one, else the virtual machine's ("kvm", "microsoft", "oracle",
 * "amazon", ..., "vm-other" for a hypervisor not known or candidates that systemd would name differently), else
 * "none". Borrowed: valid until hvd_result_free().
 */
HVD_EXTERN(const char *) hvd_result_systemd_id(const hvd_result *result);

/** Number of distinct ids hvd_result_systemd_id() can give with db ("none", "kvm", ..., "vm-other"). */
HVD_EXTERN(size_t) hvd_vendor_db_systemd_id_count(const hvd_vendor_db *db);
/** The id at index (0 .. count - 1), borrowed from db (valid until hvd_vendor_db_free()); NULL when out of range. */
HVD_EXTERN(const char *) hvd_vendor_db_systemd_id(const hvd_vendor_db *db, size_t index);

/**
 * The kind of confidential VM this guest is (vendors/confidential.json): "sev", "sev-es", "sev-snp", "tdx", "cca",
 * "protvirt", "hyperv-vbs", "hyperv-snp", "hyperv-tdx", or "none" (always for a machine that is no guest). It is what
 * the machine claims, from evidence its host supplies or could fake; only attestation proves it. Borrowed: valid
 * until hvd_result_free(); NULL for a NULL result.
 */
HVD_EXTERN(const char *) hvd_result_confidential(const hvd_result *result);
/** How sure the engine is of that kind; HVD_CONFIDENCE_NONE when it is "none". */
HVD_EXTERN(hvd_confidence) hvd_result_confidential_confidence(const hvd_result *result);
/** 1 when a paravisor runs inside the confidential VM (Hyper-V isolation's "paravisor present"), else 0. */
HVD_EXTERN(int) hvd_result_paravisor(const hvd_result *result);
/**
 * What systemd-detect-virt --cvm prints for the same machine: "sev", "sev-es", "sev-snp", "tdx", "cca", "protvirt",
 * or "none" (also for the kinds it does not report, such as Hyper-V's VBS isolation). Borrowed: valid until
 * hvd_result_free(); NULL for NULL.
 */
HVD_EXTERN(const char *) hvd_result_cvm_systemd_id(const hvd_result *result);
/** Number of confidential-VM kinds in db. */
HVD_EXTERN(size_t) hvd_vendor_db_cvm_count(const hvd_vendor_db *db);
/** The kind id at index (0 .. count - 1), borrowed from db (valid until hvd_vendor_db_free()); NULL when out of
 * range. */
HVD_EXTERN(const char *) hvd_vendor_db_cvm_id(const hvd_vendor_db *db, size_t index);
/** What systemd-detect-virt --cvm prints for the kind at index, borrowed from db (valid until
 * hvd_vendor_db_free()); NULL when it reports none. */
HVD_EXTERN(const char *) hvd_vendor_db_cvm_systemd_id(const hvd_vendor_db *db, size_t index);

HVD_EXTERN(size_t) hvd_result_finding_count(const hvd_result *result);
/** Finding at index; NULL when out of range. Borrowed: valid until hvd_result_free(). */
HVD_EXTERN(const hvd_finding *) hvd_result_finding(const hvd_result *result, size_t index);

#ifdef __cplusplus
}
#endif

#endif
