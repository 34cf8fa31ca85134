/* SPDX-License-Identifier: MIT */
#ifndef HVD_DB_VENDORDB_H
#define HVD_DB_VENDORDB_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "hvdetect/detect.h"
#include "db/confidential_table.h"
#include "db/policy_table.h"
#include "db/signature_index.h"

/* The in-memory form of vendors/. Every string is borrowed from the parsed JSON documents the database keeps. */

typedef enum hvd__match_op {
    HVD__OP_EXACT,
    HVD__OP_PREFIX,
    HVD__OP_SUFFIX,
    HVD__OP_CONTAINS,
    HVD__OP_EXISTS,
    HVD__OP_BIT,
    HVD__OP_BITCLEAR,
    HVD__OP_LINE,     /* a line of the value matches a pattern (util/pattern.h) */
    HVD__OP_COUNT_
} hvd__match_op;

typedef enum hvd__key_match {
    HVD__KEY_EXACT,
    HVD__KEY_PREFIX, /* "oem_string.*" */
    HVD__KEY_SUFFIX, /* "*.oem_id" */
    HVD__KEY_ANY     /* "*" */
} hvd__key_match;

typedef struct hvd__condition {
    const char *source;
    int source_index;      /* hvd__source of evidence/keys.h */
    const char *key;       /* without the '*' */
    size_t key_length;
    hvd__key_match key_match;
    hvd__match_op op;
    const char *value;
    size_t value_length;
    int nocase;
    int negated;           /* "not": true: holds when no fact satisfies the comparison (never the first condition) */
    char bit_register;     /* 'a', 'b', 'c', 'd' for eax..edx */
    unsigned bit;
} hvd__condition;

/* Weights of the strengths: a definitive signature outweighs any two strong ones. */
typedef enum hvd__strength {
    HVD__STRENGTH_WEAK = 1,
    HVD__STRENGTH_MEDIUM = 2,
    HVD__STRENGTH_STRONG = 4,
    HVD__STRENGTH_DEFINITIVE = 8
} hvd__strength;

typedef struct hvd__signature {
    const char *id;
    hvd__condition *conditions;
    size_t condition_count;
    size_t *products;      /* indices into db->products */
    size_t product_count;
    long technology;       /* index into db->technologies, or -1 */
    hvd__strength strength;
    int interface;
    int role_host;
    int role_physical;     /* the evidence shows physical hardware (hardware.json); it names no technology */
    int outer_layer;       /* > 0: the evidence shows a layer outside the guest, this many levels out (IBM Z's VM01) */
    int role_virtual;      /* the evidence shows a virtual machine without naming its hypervisor (hardware.json) */
    int bare_metal_too;    /* the evidence also appears on a cloud's bare-metal machines (EC2 .metal, OCI BM) */
    int role_any;          /* the machine runs on this hypervisor whatever its role: as a guest or as the host (sun4v) */
    const char *why;
    const char *ref;
    const char *file;             /* where it was defined, for messages */
    const cJSON *products_json;   /* resolved into products once every file is read */
    const char *technology_name;
} hvd__signature;

typedef struct hvd__product {
    hvd_product_info info;
    long technology;       /* index into db->technologies */
    long parent;           /* index into db->products, or -1 */
    size_t vendor;         /* index into db->vendors */
    const char *note;
    const char *systemd_id;  /* overrides the technology's (systemd names some clouds: "amazon", "google") */
    const char *file;
    const char *technology_name;
    const char *parent_name;
} hvd__product;

typedef struct hvd__vendor_name {
    const char *name;
    const char *since;     /* ISO date or NULL */
    const char *until;
} hvd__vendor_name;

typedef struct hvd__relationship {
    const char *kind;      /* "joint-support" or "svvp" */
    const char *since;
    const char *until;     /* NULL while it holds */
    size_t *covers;        /* indices into db->products */
    size_t cover_count;
    const char *confidence;
    const char *until_confidence; /* how sure the end date is, when it differs from confidence; or NULL */
    const char *source;
    const char *note;
    const cJSON *validated;  /* SVVP listings per product version, where known: array of objects, or NULL */
    const cJSON *covers_json;
} hvd__relationship;

typedef struct hvd__vendor {
    const char *id;
    const char *name;
    const char *kind;
    hvd__vendor_name *names;
    size_t name_count;
    hvd__relationship *relationships;
    size_t relationship_count;
    const char *file;
} hvd__vendor;

typedef struct hvd__technology {
    const char *id;
    const char *name;
    size_t *unpinned;      /* indices into db->products */
    size_t unpinned_count;
    int has_cpuid_signature; /* some signature shows it in CPUID: its absence there means it was hidden */
    const char *systemd_id;  /* what systemd-detect-virt prints for it */
    const char *note;
    const cJSON *unpinned_json;
} hvd__technology;

typedef struct hvd__container_signature {
    const char *id;
    hvd__condition *conditions;
    size_t condition_count;
    const char *why;
    const char *systemd_id; /* what systemd-detect-virt prints, when not the id itself */
} hvd__container_signature;

struct hvd_vendor_db {
    int builtin;            /* the static tables of builtin.c: shared, never freed */
    cJSON **documents;
    size_t document_count;
    hvd__vendor *vendors;
    size_t vendor_count;
    hvd__product *products;
    size_t product_count;
    hvd__signature *signatures;
    size_t signature_count;
    hvd__signature_index signature_index; /* built once the signatures are loaded */
    hvd__technology *technologies;
    size_t technology_count;
    hvd__container_signature *containers;
    size_t container_count;
    hvd__policy_table policy;
    hvd__cvm_table confidential;
    char fingerprint[17];
};

const char *hvd__strength_name(hvd__strength strength);
long hvd__vendor_db_product_index(const hvd_vendor_db *db, const char *id);
/* Fills a caller's hvd_product_info (whose version is checked) with the product at index, which must exist. */
int hvd__vendor_db_fill_product(hvd_product_info *out, const hvd_vendor_db *db, size_t index);
long hvd__vendor_db_vendor_index(const hvd_vendor_db *db, const char *id);

/* A signature's "when" conditions and its "strength", parsed as every file of vendors/ writes them. */
int hvd__vendor_db_parse_conditions(hvd__checker *check, const cJSON *object, hvd__condition **out, size_t *count);
int hvd__vendor_db_parse_strength(hvd__checker *check, const cJSON *object);

#endif
