/* SPDX-License-Identifier: MIT */
/* The configuration file an inventory agent can deploy fleet-wide (for example /etc/hvdetect.conf):
 *
 *     # our support agreement
 *     agreement = premier
 *     as_of = 2026-01-01
 */

#include <stdio.h>
#include <string.h>

#include "hvdetect/policy.h"
#include "io/root.h"
#include "util/error.h"
#include "util/text.h"

enum { CONFIG_FILE_MAX = 64 * 1024, CONFIG_LINE_MAX = 1024 };

static char *trim(char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    text[hvd__text_trimmed_length(text, strlen(text))] = '\0';
    return text;
}

static int apply_setting(hvd_policy_options *opts, const char *key, const char *value, const char *path,
                         size_t line)
{
    if (strcmp(key, "agreement") == 0) {
        int agreement = hvd_agreement_from_name(value);
        if (agreement < 0)
            return hvd__error(HVD_EBADINPUT, "%s: line %zu: agreement \"%s\" is not premier, standard or unknown",
                              path, line, value);
        opts->agreement = (hvd_agreement)agreement;
        return HVD_OK;
    }
    if (strcmp(key, "as_of") == 0) {
        if (hvd_policy_options_set_date(opts, value) != HVD_OK)
            return hvd__error(HVD_EBADINPUT, "%s: line %zu: as_of \"%s\" is not a date (YYYY-MM-DD)", path, line,
                              value);
        return HVD_OK;
    }
    return hvd__error(HVD_EBADINPUT, "%s: line %zu: unknown setting \"%s\" (agreement, as_of)", path, line, key);
}

static int parse(hvd_policy_options *opts, char *text, size_t length, const char *path)
{
    if (memchr(text, '\0', length))
        return hvd__error(HVD_EBADINPUT, "%s: contains a NUL byte; not a configuration file", path);
    size_t number = 0;
    for (char *line = text; line && *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        number++;
        if (strlen(line) > CONFIG_LINE_MAX)
            return hvd__error(HVD_EBADINPUT, "%s: line %zu: longer than %d characters", path, number,
                              CONFIG_LINE_MAX);
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *content = trim(line);
        if (*content) {
            char *equals = strchr(content, '=');
            if (!equals)
                return hvd__error(HVD_EBADINPUT, "%s: line %zu: expected \"key = value\"", path, number);
            *equals = '\0';
            int rc = apply_setting(opts, trim(content), trim(equals + 1), path, number);
            if (rc != HVD_OK)
                return rc;
        }
        line = end ? end + 1 : NULL;
    }
    return HVD_OK;
}

int hvd_policy_options_read_config(hvd_policy_options *opts, const char *path)
{
    if (!opts || !path)
        return hvd__error(HVD_EINVALID, "hvd_policy_options_read_config: invalid argument");
    hvd__file file;
    int rc = hvd__read_user_file(path, CONFIG_FILE_MAX, &file);
    if (rc != HVD_OK)
        return rc;
    /* Settings take effect only when the whole file is valid. */
    hvd_policy_options updated = *opts;
    rc = parse(&updated, file.data, file.length, path);
    hvd__file_free(&file);
    if (rc == HVD_OK)
        *opts = updated;
    return rc;
}
