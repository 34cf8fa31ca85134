/* SPDX-License-Identifier: MIT */
#ifndef HVD_TESTS_KEEP_OUTPUT_H
#define HVD_TESTS_KEEP_OUTPUT_H

/* Every JSON document a test makes is kept in $HVD_TEST_OUTPUT_DIR (when set), one file each, so that
 * tests/check-schemas.py can validate all of them against the published schemas once the suite has run. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void keep_json_output(const char *what, const char *text)
{
    static unsigned long counter;
    const char *directory = getenv("HVD_TEST_OUTPUT_DIR");
    if (!directory || !text)
        return;
    while (*text == ' ' || *text == '\n' || *text == '\t')
        text++;
    if (*text != '{' && *text != '[')
        return; /* not JSON: text, Markdown, HTML, CSV, metrics */
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s-%ld-%lu.json", directory, what, (long)getpid(), counter++);
    FILE *file = fopen(path, "w");
    if (!file)
        return;
    fputs(text, file);
    fclose(file);
}

#endif
