/* SPDX-License-Identifier: MIT */
#ifndef HVD_DB_VENDORDB_EMBEDDED_H
#define HVD_DB_VENDORDB_EMBEDDED_H

#include <stddef.h>

/* One file of vendors/, compiled into the library by cmake/embed-vendors.cmake. */
typedef struct hvd__embedded_file {
    const char *name;
    const unsigned char *data;
    size_t length;
} hvd__embedded_file;

extern const hvd__embedded_file hvd__embedded_vendor_files[];
extern const size_t hvd__embedded_vendor_file_count;

#endif
