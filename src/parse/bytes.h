/* SPDX-License-Identifier: MIT */
#ifndef HVD_PARSE_BYTES_H
#define HVD_PARSE_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* What the firmware parsers share. SMBIOS (DSP0134) and ACPI (section 5.2) both lay out every multi-byte field
 * little-endian, whatever the host's byte order. */

static inline uint16_t hvd__read_u16le(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t hvd__read_u32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t hvd__read_u64le(const uint8_t *p)
{
    return (uint64_t)hvd__read_u32le(p) | (uint64_t)hvd__read_u32le(p + 4) << 32;
}

/* Writes a formatted message into err (when err is not NULL and has room), always NUL-terminated. */
void hvd__parse_set_error(char *err, size_t err_size, const char *format, ...) HVD__PRINTF(3, 4);

#endif
