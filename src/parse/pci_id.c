/* SPDX-License-Identifier: MIT */
#include "parse/pci_id.h"

#include <string.h>

enum { FIELDS_MAX = 16, FIELD_NAME_MAX = 8 };

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Exactly digits hex digits in text[0..length). */
static int parse_hex(const char *text, size_t length, size_t digits, uint32_t *value)
{
    if (length != digits)
        return 0;
    uint32_t result = 0;
    for (size_t i = 0; i < length; i++) {
        int digit = hex_digit(text[i]);
        if (digit < 0)
            return 0;
        result = result << 4 | (uint32_t)digit;
    }
    *value = result;
    return 1;
}

static int upper_equal(const char *text, size_t length, const char *name)
{
    size_t name_length = strlen(name);
    if (length != name_length)
        return 0;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c != name[i])
            return 0;
    }
    return 1;
}

int hvd__pci_parse_id(const char *text, hvd__pci_ids *ids)
{
    if (text == NULL || ids == NULL || !(text[0] && text[1] && text[2] && text[3]) || !upper_equal(text, 4, "PCI\\"))
        return 0;
    hvd__pci_ids found = *ids;
    const char *field = text + 4;
    int fields = 0;
    while (*field != '\0') {
        if (++fields > FIELDS_MAX)
            return 0;
        const char *end = strchr(field, '&');
        size_t length = end ? (size_t)(end - field) : strlen(field);
        const char *underscore = memchr(field, '_', length);
        if (underscore == NULL || (size_t)(underscore - field) > FIELD_NAME_MAX)
            return 0;
        size_t name_length = (size_t)(underscore - field);
        const char *value = underscore + 1;
        size_t value_length = length - name_length - 1;
        uint32_t number;
        if (upper_equal(field, name_length, "VEN")) {
            if (!parse_hex(value, value_length, 4, &number))
                return 0;
            if (!found.has_vendor)
                found.vendor = (uint16_t)number, found.has_vendor = 1;
        } else if (upper_equal(field, name_length, "DEV")) {
            if (!parse_hex(value, value_length, 4, &number))
                return 0;
            if (!found.has_device)
                found.device = (uint16_t)number, found.has_device = 1;
        } else if (upper_equal(field, name_length, "SUBSYS")) {
            if (!parse_hex(value, value_length, 8, &number))
                return 0;
            if (!found.has_subsystem) {
                found.subsystem_device = (uint16_t)(number >> 16);
                found.subsystem_vendor = (uint16_t)(number & 0xFFFFu);
                found.has_subsystem = 1;
            }
        } else if (upper_equal(field, name_length, "REV")) {
            if (!parse_hex(value, value_length, 2, &number))
                return 0;
            if (!found.has_revision)
                found.revision = (uint8_t)number, found.has_revision = 1;
        } else if (upper_equal(field, name_length, "CC")) {
            if (parse_hex(value, value_length, 6, &number)) {
                if (!found.has_class)
                    found.class_code = number, found.has_class = 1;
            } else if (!parse_hex(value, value_length, 4, &number)) {
                return 0;
            }
        }
        if (!end)
            break;
        field = end + 1;
        if (*field == '\0')
            return 0; /* a trailing '&' */
    }
    if (fields == 0)
        return 0;
    *ids = found;
    return 1;
}
