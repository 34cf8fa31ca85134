/* SPDX-License-Identifier: MIT */
/* A minimal inventory agent: built against an installed hvdetect to check the install rules. */
#include <hvdetect.h>
#include <stdio.h>

int main(void)
{
    hvd_vendor_db *db = NULL;
    if (hvd_vendor_db_load_default(&db) != HVD_OK) {
        fprintf(stderr, "%s\n", hvd_error_last());
        return 1;
    }
    /* A struct the library fills carries the version of the installed headers. */
    hvd_product_info first = HVD_PRODUCT_INFO_INIT;
    if (hvd_vendor_db_product(&first, db, 0) != HVD_OK) {
        fprintf(stderr, "%s\n", hvd_error_last());
        hvd_vendor_db_free(db);
        return 1;
    }
    printf("hvdetect %s: %zu products, the first %s\n", hvd_version(), hvd_vendor_db_product_count(db), first.id);
    hvd_vendor_db_free(db);
    return 0;
}
