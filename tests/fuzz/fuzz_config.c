/* SPDX-License-Identifier: MIT */
/*
 * hvd_policy_options_read_config on an arbitrary file (the configuration an inventory agent deploys, for example
 * /etc/hvdetect.conf), written to a temporary file under $TMPDIR.
 *
 * Checked besides memory safety: the result is HVD_OK or HVD_EBADINPUT; on HVD_EBADINPUT the options are unchanged
 * and the message names the file; on HVD_OK the agreement is one of the three and the date empty or YYYY-MM-DD.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "hvdetect.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof(path), "%s/hvd-fuzz-config.XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    if (size && write(fd, data, size) != (ssize_t)size)
        abort();
    close(fd);

    hvd_policy_options before = HVD_POLICY_OPTIONS_INIT;
    before.agreement = HVD_AGREEMENT_STANDARD;
    memcpy(before.as_of, "2020-02-02", 11);
    hvd_policy_options options = before;
    int rc = hvd_policy_options_read_config(&options, path);
    FUZZ_CHECK(rc == HVD_OK || rc == HVD_EBADINPUT);
    if (rc != HVD_OK) {
        FUZZ_CHECK(memcmp(&options, &before, sizeof(options)) == 0);
        FUZZ_CHECK(strstr(hvd_error_last(), path) != NULL);
    } else {
        FUZZ_CHECK(hvd_agreement_name(options.agreement) != NULL);
        FUZZ_CHECK(options.as_of[0] == '\0' || hvd__text_valid_date(options.as_of));
    }
    unlink(path);
    return 0;
}
