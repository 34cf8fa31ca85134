/* SPDX-License-Identifier: MIT */
/* hvd-vendordb-compile VENDOR_DIR OUTPUT.c: the build step that turns vendors/ into the library's built-in database.
 * It loads the directory with the run-time loader (every check `--check-vendors` makes; any problem stops the
 * build, naming the file, the entry and the field) and writes the result as static C tables (image_write.c). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/image_write.h"
#include "hvdetect/detect.h"
#include "hvdetect/errors.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s VENDOR_DIR OUTPUT.c\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    const char *output = argv[2];
    hvd_vendor_db *db = NULL;
    if (hvd_vendor_db_load_dir(&db, dir) != HVD_OK) {
        /* Loaded once more for the whole list of problems, not only the first. */
        fprintf(stderr, "%s: the vendor database is not valid: %s\n", dir, hvd_error_last());
        char *problems = NULL;
        hvd_vendor_db_check_dir(&problems, dir);
        fputs(problems ? problems : "", stderr);
        free(problems);
        return 1;
    }
    /* Written beside the output and renamed over it: a failed build never leaves half a table behind. */
    size_t temporary_size = strlen(output) + 5;
    char *temporary = malloc(temporary_size);
    FILE *out = temporary ? (snprintf(temporary, temporary_size, "%s.tmp", output), fopen(temporary, "w")) : NULL;
    int failed = !out || hvd__vendor_db_write_image(db, out, "hvd__builtin_vendor_db") != 0;
    failed |= out && fclose(out) != 0;
    if (!failed && rename(temporary, output) != 0)
        failed = 1;
    if (failed) {
        fprintf(stderr, "%s: cannot write the built-in vendor database\n", output);
        if (temporary)
            remove(temporary);
    }
    free(temporary);
    hvd_vendor_db_free(db);
    return failed ? 1 : 0;
}
