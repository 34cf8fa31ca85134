/* SPDX-License-Identifier: MIT */
#ifndef HVD_DB_IMAGE_WRITE_H
#define HVD_DB_IMAGE_WRITE_H

#include <stdio.h>

#include "hvdetect/detect.h"

/* Writes db, loaded and checked, to out as C source defining `hvd_vendor_db SYMBOL`: the built-in database the
 * library links in (builtin.c). Returns 0, or -1 when out of memory or the stream failed. */
int hvd__vendor_db_write_image(const hvd_vendor_db *db, FILE *out, const char *symbol);

#endif
