/* SPDX-License-Identifier: MIT */
/* The built-in vendor database: vendors/ as static tables, loaded, checked and fingerprinted at build time
 * (image_compile.c), so that loading it costs nothing. Every caller shares the one read-only copy; freeing it is a
 * no-op (hvd_vendor_db_free). */

#include "db/vendordb.h"
#include "util/error.h"

extern hvd_vendor_db hvd__builtin_vendor_db;

int hvd_vendor_db_load_default(hvd_vendor_db **out)
{
    if (!out)
        return hvd__error(HVD_EINVALID, "hvd_vendor_db_load_default: out is NULL");
    *out = &hvd__builtin_vendor_db;
    return HVD_OK;
}
