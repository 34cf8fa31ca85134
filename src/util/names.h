/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_NAMES_H
#define HVD_UTIL_NAMES_H

#include <stddef.h>

/* The names of an enum's values: one table indexed by the value (designated initializers, sized by the enum's
 * _COUNT_), and the two lookups every public pair (hvd_tier_name / hvd_tier_from_name, ...) is made of, so that all
 * pairs behave alike at their edges: a value out of range has no name (NULL), and an unknown or NULL name has no
 * value (-1). tests/test_tables.c checks every pair round trip. */

/* names[value] when 0 <= value < count, else NULL. */
const char *hvd__name_of(const char *const *names, size_t count, int value);

/* The value whose name is name (exact, case-sensitive), or -1. */
int hvd__value_of(const char *const *names, size_t count, const char *name);

/* Defines prefix_name(type) and prefix_from_name(const char *) over names[0 .. count). */
#define HVD__NAME_LOOKUPS(prefix, type, names, count)                                                            \
    const char *prefix##_name(type value)                                                                        \
    {                                                                                                             \
        return hvd__name_of(names, count, (int)value);                                                           \
    }                                                                                                             \
    int prefix##_from_name(const char *name)                                                                     \
    {                                                                                                             \
        return hvd__value_of(names, count, name);                                                                \
    }

#endif
