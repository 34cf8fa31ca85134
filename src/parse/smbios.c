/* SPDX-License-Identifier: MIT */
#include "parse/smbios.h"

#include "evidence/keys.h"
#include "parse/bytes.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---- little helpers ------------------------------------------------------ */

/* An entry point checksum makes the 8-bit sum of the bytes it covers 00h (DSP0134 5.2.1, 5.2.2). */
static int bytes_sum_to_zero(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + p[i]);
    return sum == 0;
}

/* ---- entry point (DSP0134 5.2) ------------------------------------------- */

/* Offsets in the 2.1 (32-bit) entry point, DSP0134 5.2.1 table 1. */
enum {
    EP2_LENGTH = 0x05,
    EP2_MAJOR = 0x06,
    EP2_MINOR = 0x07,
    EP2_INTERMEDIATE_ANCHOR = 0x10,
    EP2_INTERMEDIATE_SIZE = 0x0F, /* "_DMI_" through the BCD revision, covered by its own checksum */
    EP2_TABLE_LENGTH = 0x16,
    EP2_TABLE_ADDRESS = 0x18,
    EP2_STRUCTURE_COUNT = 0x1C,
    EP2_SIZE = 0x1F,
    /* DSP0134 2.1 itself wrongly gave the length as 1Eh, so firmware of that era may say so
       while the structure is still 1Fh bytes; Linux (dmi_scan.c) accepts 1Eh..20h. */
    EP2_LENGTH_MIN = 0x1E,
    EP2_LENGTH_MAX = 0x20
};

/* Offsets in the 3.0 (64-bit) entry point, DSP0134 5.2.2 table 2. */
enum {
    EP3_LENGTH = 0x06,
    EP3_MAJOR = 0x07,
    EP3_MINOR = 0x08,
    EP3_DOCREV = 0x09,
    EP3_TABLE_MAX_SIZE = 0x0C,
    EP3_TABLE_ADDRESS = 0x10,
    EP3_SIZE = 0x18,
    /* Later entry point revisions may append fields covered by the checksum; Linux accepts up
       to 32 bytes and exposes no more than that. */
    EP3_LENGTH_MAX = 0x20
};

typedef struct version_fixup {
    unsigned reported_major, reported_minor, real_major, real_minor;
} version_fixup;

/* Versions that no DSP0134 release has, reported by some firmware; Linux and dmidecode read
   them as below, and the version decides the UUID byte order (DSP0134 7.2.1). */
static const version_fixup version_fixups[] = {
    {2, 0x1F, 2, 3},
    {2, 0x21, 2, 3},
    {2, 0x33, 2, 6},
};

static void apply_version_fixup(hvd__smbios_entry_point *ep)
{
    for (size_t i = 0; i < sizeof version_fixups / sizeof version_fixups[0]; i++) {
        const version_fixup *f = &version_fixups[i];
        if (ep->major == f->reported_major && ep->minor == f->reported_minor) {
            ep->major = f->real_major;
            ep->minor = f->real_minor;
            return;
        }
    }
}

static int parse_entry_point_32(const uint8_t *buf, size_t len, hvd__smbios_entry_point *out,
                                char *err, size_t err_size)
{
    if (len <= EP2_LENGTH) {
        hvd__parse_set_error(err, err_size, "SMBIOS 2.x entry point truncated: %zu bytes, need %d", len, EP2_SIZE);
        return -1;
    }
    unsigned declared = buf[EP2_LENGTH];
    if (declared < EP2_LENGTH_MIN || declared > EP2_LENGTH_MAX) {
        hvd__parse_set_error(err, err_size, "SMBIOS 2.x entry point length %u is invalid (expected %d)", declared,
                  EP2_SIZE);
        return -1;
    }
    size_t needed = declared > EP2_SIZE ? declared : EP2_SIZE;
    if (len < needed) {
        hvd__parse_set_error(err, err_size, "SMBIOS 2.x entry point truncated: %zu bytes, need %zu", len, needed);
        return -1;
    }
    if (!bytes_sum_to_zero(buf, declared)) {
        hvd__parse_set_error(err, err_size, "SMBIOS 2.x entry point checksum is wrong");
        return -1;
    }
    if (memcmp(buf + EP2_INTERMEDIATE_ANCHOR, "_DMI_", 5) != 0) {
        hvd__parse_set_error(err, err_size, "SMBIOS 2.x entry point lacks the \"_DMI_\" intermediate anchor at 0x10");
        return -1;
    }
    if (!bytes_sum_to_zero(buf + EP2_INTERMEDIATE_ANCHOR, EP2_INTERMEDIATE_SIZE)) {
        hvd__parse_set_error(err, err_size, "SMBIOS 2.x intermediate entry point checksum is wrong");
        return -1;
    }
    out->major = buf[EP2_MAJOR];
    out->minor = buf[EP2_MINOR];
    out->docrev = 0; /* 2.x entry points have no docrev field */
    out->is_64bit = 0;
    out->table_length = hvd__read_u16le(buf + EP2_TABLE_LENGTH);
    out->table_address = hvd__read_u32le(buf + EP2_TABLE_ADDRESS);
    out->structure_count = hvd__read_u16le(buf + EP2_STRUCTURE_COUNT);
    apply_version_fixup(out);
    return 0;
}

static int parse_entry_point_64(const uint8_t *buf, size_t len, hvd__smbios_entry_point *out,
                                char *err, size_t err_size)
{
    if (len <= EP3_LENGTH) {
        hvd__parse_set_error(err, err_size, "SMBIOS 3.x entry point truncated: %zu bytes, need %d", len, EP3_SIZE);
        return -1;
    }
    unsigned declared = buf[EP3_LENGTH];
    if (declared < EP3_SIZE || declared > EP3_LENGTH_MAX) {
        hvd__parse_set_error(err, err_size, "SMBIOS 3.x entry point length %u is invalid (expected %d)", declared,
                  EP3_SIZE);
        return -1;
    }
    if (len < declared) {
        hvd__parse_set_error(err, err_size, "SMBIOS 3.x entry point truncated: %zu bytes, need %u", len, declared);
        return -1;
    }
    if (!bytes_sum_to_zero(buf, declared)) {
        hvd__parse_set_error(err, err_size, "SMBIOS 3.x entry point checksum is wrong");
        return -1;
    }
    out->major = buf[EP3_MAJOR];
    out->minor = buf[EP3_MINOR];
    out->docrev = buf[EP3_DOCREV];
    out->is_64bit = 1;
    out->table_length = hvd__read_u32le(buf + EP3_TABLE_MAX_SIZE);
    out->table_address = hvd__read_u64le(buf + EP3_TABLE_ADDRESS);
    out->structure_count = 0; /* 3.x dropped the count; the table ends at type 127 */
    return 0;
}

typedef int (*entry_point_parser)(const uint8_t *, size_t, hvd__smbios_entry_point *, char *, size_t);

typedef struct entry_point_kind {
    const char *anchor;
    size_t anchor_len;
    entry_point_parser parse;
} entry_point_kind;

/* The anchors are distinct at byte 3 ('3' vs '_'), so the order does not matter. */
static const entry_point_kind entry_point_kinds[] = {
    {"_SM3_", 5, parse_entry_point_64},
    {"_SM_", 4, parse_entry_point_32},
};

int hvd__smbios_parse_entry_point(const uint8_t *buf, size_t len, hvd__smbios_entry_point *out,
                                  char *err, size_t err_size)
{
    hvd__parse_set_error(err, err_size, "%s", "");
    if (out != NULL)
        memset(out, 0, sizeof *out);
    if (buf == NULL || out == NULL) {
        hvd__parse_set_error(err, err_size, "no SMBIOS entry point given");
        return -1;
    }
    for (size_t i = 0; i < sizeof entry_point_kinds / sizeof entry_point_kinds[0]; i++) {
        const entry_point_kind *kind = &entry_point_kinds[i];
        if (len >= kind->anchor_len && memcmp(buf, kind->anchor, kind->anchor_len) == 0) {
            int rc = kind->parse(buf, len, out, err, err_size);
            if (rc != 0)
                memset(out, 0, sizeof *out);
            return rc;
        }
    }
    hvd__parse_set_error(err, err_size, "no \"_SM_\" or \"_SM3_\" anchor at the start of the SMBIOS entry point (%zu bytes)",
              len);
    return -1;
}

/* ---- Windows' RawSMBIOSData header ----------------------------------------- */

enum { RAW_HEADER_SIZE = 8 };

int hvd__smbios_parse_raw_header(const uint8_t *buf, size_t len, hvd__smbios_entry_point *out,
                                 size_t *table_offset, size_t *table_length, char *err, size_t err_size)
{
    hvd__parse_set_error(err, err_size, "%s", "");
    if (out != NULL)
        memset(out, 0, sizeof *out);
    if (table_offset != NULL)
        *table_offset = 0;
    if (table_length != NULL)
        *table_length = 0;
    if (buf == NULL || out == NULL || table_offset == NULL || table_length == NULL) {
        hvd__parse_set_error(err, err_size, "no RawSMBIOSData given");
        return -1;
    }
    if (len < RAW_HEADER_SIZE) {
        hvd__parse_set_error(err, err_size, "RawSMBIOSData is %zu bytes, shorter than its 8-byte header", len);
        return -1;
    }
    out->major = buf[1];
    out->minor = buf[2];
    out->docrev = 0; /* DmiRevision is not the 3.x docrev; nothing reads it */
    out->is_64bit = buf[1] >= 3;
    uint32_t declared = (uint32_t)buf[4] | (uint32_t)buf[5] << 8 | (uint32_t)buf[6] << 16 | (uint32_t)buf[7] << 24;
    out->table_length = declared;
    apply_version_fixup(out);
    *table_offset = RAW_HEADER_SIZE;
    size_t available = len - RAW_HEADER_SIZE;
    if (declared > available) {
        *table_length = available;
        out->table_length = (uint32_t)available;
        hvd__parse_set_error(err, err_size,
                             "RawSMBIOSData declares a %" PRIu32 "-byte table but holds %zu bytes; "
                             "only those are read", declared, available);
        return 1;
    }
    *table_length = declared;
    return 0;
}

/* ---- structure table (DSP0134 6.1) --------------------------------------- */

enum {
    HEADER_SIZE = 4,            /* type, length, handle: DSP0134 6.1.2 */
    END_OF_TABLE_TYPE = 127,    /* DSP0134 "End-of-Table (Type 127)" */
    MAX_STRUCTURES = 65536,     /* a 16-bit handle space cannot name more */
    UUID_SIZE = 16
};

typedef struct walk {
    const uint8_t *buf;
    size_t len;
    hvd__smbios_field_fn on_field;
    hvd__problem_fn on_problem;
    void *ctx;
    int uuid_little_endian;
    unsigned oem_strings_emitted;
    unsigned char decoded_type[256];
} walk;

typedef struct structure {
    unsigned number;      /* 1-based position in the table, for messages */
    size_t offset;        /* of the header */
    uint8_t type;
    uint8_t length;       /* formatted area including the header */
    size_t strings_start;
    size_t strings_limit; /* string bytes are [strings_start, strings_limit) */
    unsigned string_count;
    int strings_terminated;
    size_t next;          /* offset of the following structure */
} structure;

/* A problem of the table being walked (its messages say where: structure and offset). */
#define REPORT(w, ...) hvd__problem_report((w)->on_problem, (w)->ctx, 0, __VA_ARGS__)

static void emit(const walk *w, const char *key, const char *value)
{
    if (w->on_field != NULL)
        w->on_field(w->ctx, key, value);
}

static const uint8_t *field(const walk *w, const structure *s, uint8_t offset)
{
    return w->buf + s->offset + offset;
}

static int has_field(const structure *s, unsigned offset, unsigned size)
{
    return offset + size <= s->length;
}

/* ---- string sets (DSP0134 6.1.3) ------------------------------------------ */

/* The set ends at the first pair of NULs; an empty set is just that pair. Linux and dmidecode
   resynchronise the same way, so a table both of them read is read identically here. */
static size_t find_double_nul(const uint8_t *buf, size_t from, size_t end)
{
    for (size_t i = from; i + 1 < end; i++) {
        if (buf[i] == 0 && buf[i + 1] == 0)
            return i;
    }
    return end;
}

/* Returns the start of the next string, or NULL when pos holds no complete string: an empty
   string (a lone NUL) ends the set, and a string cut off by the end of the table is not one. */
static const uint8_t *next_string(const walk *w, const structure *s, size_t *pos)
{
    if (*pos >= s->strings_limit || w->buf[*pos] == 0)
        return NULL;
    const uint8_t *start = w->buf + *pos;
    const uint8_t *nul = memchr(start, 0, s->strings_limit - *pos);
    if (nul == NULL)
        return NULL;
    *pos = (size_t)(nul - w->buf) + 1;
    return start;
}

static unsigned count_strings(const walk *w, const structure *s)
{
    unsigned count = 0;
    size_t pos = s->strings_start;
    while (next_string(w, s, &pos) != NULL)
        count++;
    return count;
}

static void measure_string_set(const walk *w, structure *s)
{
    s->strings_start = s->offset + s->length;
    size_t pair = find_double_nul(w->buf, s->strings_start, w->len);
    s->strings_terminated = pair < w->len;
    s->strings_limit = s->strings_terminated ? pair + 1 : w->len;
    s->next = s->strings_terminated ? pair + 2 : w->len;
    s->string_count = count_strings(w, s);
}

/* String numbers are 1-based; 0 means "no string" (DSP0134 6.1.3). */
static const char *string_by_number(const walk *w, const structure *s, unsigned number, unsigned field_offset)
{
    size_t pos = s->strings_start;
    for (unsigned n = 1; n <= number; n++) {
        const uint8_t *str = next_string(w, s, &pos);
        if (str == NULL)
            break;
        if (n == number)
            return (const char *)str;
    }
    REPORT(w, "structure %u (type %u) at offset 0x%zx: field 0x%02x refers to string %u, but the structure has %u",
           s->number, s->type, s->offset, field_offset, number, s->string_count);
    return NULL;
}

/* ---- field decoders ------------------------------------------------------- */

typedef struct string_field {
    uint8_t offset;
    hvd__key_id key;
} string_field;

/* DSP0134 7.1 (type 0, BIOS Information) */
static const string_field bios_strings[] = {
    {0x04, HVD__K_DMI_BIOS_VENDOR},
    {0x05, HVD__K_DMI_BIOS_VERSION},
    {0x08, HVD__K_DMI_BIOS_DATE},
};

/* DSP0134 7.2 (type 1, System Information); SKU and family arrived in 2.4 */
static const string_field system_strings[] = {
    {0x04, HVD__K_DMI_SYS_VENDOR},      {0x05, HVD__K_DMI_PRODUCT_NAME}, {0x06, HVD__K_DMI_PRODUCT_VERSION},
    {0x07, HVD__K_DMI_PRODUCT_SERIAL},  {0x19, HVD__K_DMI_PRODUCT_SKU},  {0x1A, HVD__K_DMI_PRODUCT_FAMILY},
};

/* DSP0134 7.3 (type 2, Baseboard Information) */
static const string_field board_strings[] = {
    {0x04, HVD__K_DMI_BOARD_VENDOR}, {0x05, HVD__K_DMI_BOARD_NAME},      {0x06, HVD__K_DMI_BOARD_VERSION},
    {0x07, HVD__K_DMI_BOARD_SERIAL}, {0x08, HVD__K_DMI_BOARD_ASSET_TAG},
};

/* DSP0134 7.4 (type 3, System Enclosure or Chassis); offset 0x05 is the type byte */
static const string_field chassis_strings[] = {
    {0x04, HVD__K_DMI_CHASSIS_VENDOR}, {0x06, HVD__K_DMI_CHASSIS_VERSION}, {0x07, HVD__K_DMI_CHASSIS_SERIAL},
    {0x08, HVD__K_DMI_CHASSIS_ASSET_TAG},
};

static void emit_string_fields(const walk *w, const structure *s, const string_field *fields, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (!has_field(s, fields[i].offset, 1))
            continue;
        unsigned number = *field(w, s, fields[i].offset);
        if (number == 0)
            continue;
        const char *value = string_by_number(w, s, number, fields[i].offset);
        if (value != NULL)
            emit(w, hvd__key(fields[i].key), value);
    }
}

enum {
    BIOS_CHARACTERISTICS_EXT2 = 0x13, /* DSP0134 7.1, present from 2.4 */
    BIOS_EXT2_VIRTUAL_MACHINE = 0x10, /* DSP0134 7.1.2.2, bit 4 */
    SYSTEM_UUID = 0x08,               /* DSP0134 7.2 */
    CHASSIS_TYPE = 0x05,              /* DSP0134 7.4 */
    CHASSIS_TYPE_MASK = 0x7F,         /* DSP0134 7.4.1: bit 7 is "chassis lock present" */
    OEM_STRING_COUNT = 0x04           /* DSP0134 7.12 */
};

static void decode_vm_bit(walk *w, const structure *s)
{
    if (!has_field(s, BIOS_CHARACTERISTICS_EXT2, 1))
        return;
    int is_vm = (*field(w, s, BIOS_CHARACTERISTICS_EXT2) & BIOS_EXT2_VIRTUAL_MACHINE) != 0;
    emit(w, hvd__key(HVD__K_SMBIOS_VM_BIT), is_vm ? "1" : "0");
}

/* DSP0134 7.2.1: all 00h means "not present", all FFh "present but not set". */
static int uuid_is_placeholder(const uint8_t *uuid)
{
    int all_zero = 1, all_ones = 1;
    for (size_t i = 0; i < UUID_SIZE; i++) {
        all_zero &= uuid[i] == 0x00;
        all_ones &= uuid[i] == 0xFF;
    }
    return all_zero || all_ones;
}

/* DSP0134 7.2.1: from 2.6 the first three fields are little-endian (RFC 4122 wire order
   before). Byte index in the structure for each printed position. */
static const uint8_t uuid_order_little_endian[UUID_SIZE] = {3, 2, 1, 0, 5, 4, 7, 6,
                                                            8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t uuid_order_wire[UUID_SIZE] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

/* 8-4-4-4-12: a dash precedes these byte positions. */
static int uuid_dash_before(size_t position)
{
    return position == 4 || position == 6 || position == 8 || position == 10;
}

static void decode_uuid(walk *w, const structure *s)
{
    if (!has_field(s, SYSTEM_UUID, UUID_SIZE))
        return;
    const uint8_t *uuid = field(w, s, SYSTEM_UUID);
    if (uuid_is_placeholder(uuid))
        return;
    static const char hex_digits[] = "0123456789abcdef";
    const uint8_t *order = w->uuid_little_endian ? uuid_order_little_endian : uuid_order_wire;
    char text[UUID_SIZE * 2 + 4 + 1];
    size_t out = 0;
    for (size_t i = 0; i < UUID_SIZE; i++) {
        if (uuid_dash_before(i))
            text[out++] = '-';
        uint8_t byte = uuid[order[i]];
        text[out++] = hex_digits[byte >> 4];
        text[out++] = hex_digits[byte & 0x0F];
    }
    text[out] = '\0';
    emit(w, hvd__key(HVD__K_DMI_PRODUCT_UUID), text);
}

static void decode_chassis_type(walk *w, const structure *s)
{
    if (!has_field(s, CHASSIS_TYPE, 1))
        return;
    char text[4];
    snprintf(text, sizeof text, "%u", (unsigned)(*field(w, s, CHASSIS_TYPE) & CHASSIS_TYPE_MASK));
    emit(w, hvd__key(HVD__K_DMI_CHASSIS_TYPE), text);
}

static void decode_oem_strings(walk *w, const structure *s)
{
    if (!has_field(s, OEM_STRING_COUNT, 1)) {
        REPORT(w, "structure %u (type 11) at offset 0x%zx: length %u leaves no room for the string count",
               s->number, s->offset, s->length);
        return;
    }
    unsigned announced = *field(w, s, OEM_STRING_COUNT);
    if (announced != s->string_count) {
        REPORT(w, "structure %u (type 11) at offset 0x%zx: announces %u OEM strings, but holds %u",
               s->number, s->offset, announced, s->string_count);
    }
    size_t pos = s->strings_start;
    for (unsigned n = 1; n <= announced; n++) {
        const uint8_t *str = next_string(w, s, &pos);
        if (str == NULL)
            break;
        char number[16], key[32];
        snprintf(number, sizeof number, "%u", ++w->oem_strings_emitted);
        emit(w, hvd__key_format(HVD__K_SMBIOS_OEM_STRING, number, key, sizeof key), (const char *)str);
    }
}

typedef void (*extra_decoder)(walk *, const structure *);

typedef struct type_decoder {
    uint8_t type;
    int every_instance;
    const string_field *strings;
    size_t string_field_count;
    extra_decoder extra;
} type_decoder;

#define FIELDS(array) array, sizeof(array) / sizeof((array)[0])

/* Linux's /sys/class/dmi/id takes the first instance of types 0-3; OEM strings are wanted
   from every type 11 (DSP0134 7.12 allows several). */
static const type_decoder type_decoders[] = {
    {0, 0, FIELDS(bios_strings), decode_vm_bit},
    {1, 0, FIELDS(system_strings), decode_uuid},
    {2, 0, FIELDS(board_strings), NULL},
    {3, 0, FIELDS(chassis_strings), decode_chassis_type},
    {11, 1, NULL, 0, decode_oem_strings},
};

static void decode_structure(walk *w, const structure *s)
{
    for (size_t i = 0; i < sizeof type_decoders / sizeof type_decoders[0]; i++) {
        const type_decoder *d = &type_decoders[i];
        if (d->type != s->type)
            continue;
        if (!d->every_instance && w->decoded_type[s->type])
            return;
        w->decoded_type[s->type] = 1;
        emit_string_fields(w, s, d->strings, d->string_field_count);
        if (d->extra != NULL)
            d->extra(w, s);
        return;
    }
}

/* ---- the walk ------------------------------------------------------------- */

typedef enum structure_status { STRUCTURE_OK, STRUCTURE_NO_MORE_DATA, STRUCTURE_BROKEN } structure_status;

static structure_status read_structure(const walk *w, size_t offset, unsigned number, structure *s)
{
    memset(s, 0, sizeof *s);
    s->number = number;
    s->offset = offset;
    size_t left = w->len - offset;
    if (left == 0)
        return STRUCTURE_NO_MORE_DATA;
    if (left < HEADER_SIZE) {
        REPORT(w, "structure %u at offset 0x%zx: only %zu bytes left, too few for a structure header; stopping",
               number, offset, left);
        return STRUCTURE_BROKEN;
    }
    s->type = w->buf[offset];
    s->length = w->buf[offset + 1];
    if (s->length < HEADER_SIZE) {
        REPORT(w, "structure %u (type %u) at offset 0x%zx: length %u is below the 4-byte header; stopping",
               number, s->type, offset, s->length);
        return STRUCTURE_BROKEN;
    }
    if (s->length > left) {
        REPORT(w, "structure %u (type %u) at offset 0x%zx: formatted area of %u bytes runs past the end "
                  "of the table (%zu bytes left); stopping",
               number, s->type, offset, s->length, left);
        return STRUCTURE_BROKEN;
    }
    measure_string_set(w, s);
    if (!s->strings_terminated) {
        REPORT(w, "structure %u (type %u) at offset 0x%zx: string set is unterminated (no double NUL before "
                  "the end of the table); stopping",
               number, s->type, offset);
    }
    return STRUCTURE_OK;
}

typedef enum stop_reason {
    STOP_END_OF_TABLE,
    STOP_COUNT_REACHED,
    STOP_CAP,
    STOP_NO_MORE_DATA,
    STOP_BROKEN
} stop_reason;

/* The entry point bounds the table (DSP0134 5.2.1 "Structure Table Length", 5.2.2 "Structure
   table maximum size"); only 2.x promises the exact size. */
static size_t bytes_to_walk(const walk *w, size_t len, const hvd__smbios_entry_point *ep)
{
    if (ep == NULL || ep->table_length == 0)
        return len;
    if (len > ep->table_length) {
        REPORT(w, "%zu table bytes given, but the entry point bounds the table at %u; ignoring the rest", len,
               (unsigned)ep->table_length);
        return ep->table_length;
    }
    if (!ep->is_64bit && len < ep->table_length) {
        REPORT(w, "entry point announces a %u-byte table, but only %zu bytes were given",
               (unsigned)ep->table_length, len);
    }
    return len;
}

static unsigned structure_limit(const hvd__smbios_entry_point *ep)
{
    if (ep != NULL && ep->structure_count != 0 && ep->structure_count < MAX_STRUCTURES)
        return ep->structure_count;
    return MAX_STRUCTURES;
}

static int uuid_is_little_endian(const hvd__smbios_entry_point *ep)
{
    /* Without an entry point assume a current table: every 3.x and late 2.x one is. */
    if (ep == NULL || ep->major == 0)
        return 1;
    return ep->major > 2 || (ep->major == 2 && ep->minor >= 6);
}

static void report_stop(const walk *w, stop_reason reason, unsigned walked, const hvd__smbios_entry_point *ep)
{
    unsigned announced = ep != NULL ? ep->structure_count : 0;
    switch (reason) {
    case STOP_NO_MORE_DATA:
        REPORT(w, "table ends after %u structures without an end-of-table structure (type 127)", walked);
        break;
    case STOP_CAP:
        REPORT(w, "stopped after %d structures (hard cap); the rest of the table is ignored", MAX_STRUCTURES);
        return;
    case STOP_END_OF_TABLE:
        break;
    case STOP_COUNT_REACHED:
    case STOP_BROKEN:
        return;
    }
    if (announced != 0 && walked != announced)
        REPORT(w, "entry point announces %u structures, but the table holds %u", announced, walked);
}

int hvd__smbios_parse_table(const uint8_t *buf, size_t len, const hvd__smbios_entry_point *ep,
                            hvd__smbios_field_fn on_field, hvd__problem_fn on_problem, void *ctx)
{
    if (buf == NULL)
        return -1;
    walk w;
    memset(&w, 0, sizeof w);
    w.buf = buf;
    w.on_field = on_field;
    w.on_problem = on_problem;
    w.ctx = ctx;
    w.len = bytes_to_walk(&w, len, ep);
    w.uuid_little_endian = uuid_is_little_endian(ep);

    unsigned limit = structure_limit(ep);
    unsigned walked = 0;
    size_t offset = 0;
    stop_reason reason;
    for (;;) {
        if (walked == limit) {
            reason = limit == MAX_STRUCTURES ? STOP_CAP : STOP_COUNT_REACHED;
            break;
        }
        structure s;
        structure_status status = read_structure(&w, offset, walked + 1, &s);
        if (status != STRUCTURE_OK) {
            reason = status == STRUCTURE_NO_MORE_DATA ? STOP_NO_MORE_DATA : STOP_BROKEN;
            break;
        }
        walked++;
        decode_structure(&w, &s);
        if (s.type == END_OF_TABLE_TYPE) {
            reason = STOP_END_OF_TABLE;
            break;
        }
        if (!s.strings_terminated) {
            reason = STOP_BROKEN;
            break;
        }
        offset = s.next;
    }
    report_stop(&w, reason, walked, ep);
    return (int)walked;
}
