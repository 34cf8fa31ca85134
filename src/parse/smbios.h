/* SPDX-License-Identifier: MIT */
#ifndef HVD_PARSE_SMBIOS_H
#define HVD_PARSE_SMBIOS_H

/*
 * SMBIOS (DMTF DSP0134) entry point and structure table parsing.
 *
 * Input is what Linux exposes under /sys/firmware/dmi/tables/
 * (smbios_entry_point and DMI), what Windows returns for the 'RSMB' firmware
 * table provider, or a copy of either; every byte is treated as hostile.
 */

#include <stddef.h>
#include <stdint.h>

#include "parse/problem.h"

typedef struct hvd__smbios_entry_point {
    unsigned major, minor, docrev;
    int is_64bit;                 /* "_SM3_" entry point */
    uint64_t table_address;
    uint32_t table_length;        /* 2.x: structure table length; 3.x: structure table maximum size */
    unsigned structure_count;     /* 2.x only; 0 when unknown */
} hvd__smbios_entry_point;

/*
 * 0 on success; -1 with a message in err (always NUL-terminated) when buf is
 * not a valid 2.x ("_SM_" + "_DMI_") or 3.x ("_SM3_") entry point, including
 * checksum and length checks.
 *
 * err may be NULL or err_size 0 (then no message is written). On failure
 * *out is zeroed. The 2.x versions 2.31/2.33/2.51 that some firmware reports
 * by mistake are corrected to 2.3/2.3/2.6, as Linux and dmidecode do, so the
 * version can be compared.
 */
int hvd__smbios_parse_entry_point(const uint8_t *buf, size_t len, hvd__smbios_entry_point *out,
                                  char *err, size_t err_size);

/*
 * Windows' GetSystemFirmwareTable('RSMB') gives a RawSMBIOSData header instead
 * of an entry point: Used20CallingMethod, SMBIOSMajorVersion,
 * SMBIOSMinorVersion, DmiRevision (a byte each), Length (32-bit
 * little-endian), then Length bytes of structure table. This fills *out with
 * the entry-point facts the header gives (version, with the same 2.31/2.33/2.51
 * corrections; 64-bit when the major version is 3 or more; the table length; no
 * address; structure count unknown) and says where the table lies in buf.
 *
 * Returns 0 on success; 1 when Length runs past the end of buf (the table is
 * then cut to what buf holds, and err says so); -1 with err when buf is shorter
 * than the header. On -1, *out is zeroed.
 */
int hvd__smbios_parse_raw_header(const uint8_t *buf, size_t len, hvd__smbios_entry_point *out,
                                 size_t *table_offset, size_t *table_length, char *err, size_t err_size);

/*
 * Called once per decoded field. key is one of the names Linux uses under
 * /sys/class/dmi/id (bios_vendor, bios_version, bios_date, sys_vendor,
 * product_name, product_version, product_serial, product_uuid, product_sku,
 * product_family, board_vendor, board_name, board_version, board_serial,
 * board_asset_tag, chassis_vendor, chassis_type, chassis_version,
 * chassis_serial, chassis_asset_tag) or "oem_string.N" (N from 1) or
 * "vm_bit" ("1"/"0"). value is NUL-terminated and may hold any non-NUL bytes
 * (the caller sanitizes).
 *
 * oem_string.N numbers the strings of all type 11 structures in table order,
 * so a table with two type 11 structures of 2 strings each yields
 * oem_string.1 .. oem_string.4.
 */
typedef void (*hvd__smbios_field_fn)(void *ctx, const char *key, const char *value);

/*
 * Walks the structure table (DSP0134 6.1.2/6.1.3): types 0, 1, 2, 3 (first
 * instance of each) and 11 (all). Stops at type 127, at the end of buf, after
 * ep->structure_count structures when known, or at a hard cap of 65536
 * structures. Reports each problem through on_problem (may be NULL) and keeps
 * going where it safely can. Returns the number of structures walked, or -1
 * if buf is NULL. ep may be NULL (the table is then assumed to be SMBIOS 2.6
 * or later for the UUID byte order). on_field may be NULL.
 *
 * When ep gives a table length smaller than len, only that many bytes are
 * walked (the entry point bounds the table).
 */
int hvd__smbios_parse_table(const uint8_t *buf, size_t len, const hvd__smbios_entry_point *ep,
                            hvd__smbios_field_fn on_field, hvd__problem_fn on_problem, void *ctx);

#endif /* HVD_PARSE_SMBIOS_H */
