/* SPDX-License-Identifier: MIT */
/* The configuration file an inventory agent can deploy fleet-wide (for example /etc/hvdetect.conf):
 *
 *     # our support agreement
 *     agreement = premier
 *     as_of = 2026-01-01
 *     software = server-app
 *     policy_revision = 3.0
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

/* "a, b or c" from a name table such as hvd_agreement_name(), so that messages follow the library's tables. */
static void names_of(char *out, size_t size, const char *(*name)(int), int count)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < count && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i == 0 ? "" : i == count - 1 ? " or " : ", ",
                                 name(i));
}

static const char *agreement_name_at(int i)
{
    return hvd_agreement_name((hvd_agreement)i);
}

/* Software names a user may give: "unspecified" is the absence of the setting, not a value to write. */
static const char *software_name_at(int i)
{
    return hvd_software_name((hvd_software)(i + HVD_SOFTWARE_WINDOWS_SERVER));
}

static int apply_setting(hvd_policy_options *opts, const char *key, const char *value, const char *path,
                         size_t line)
{
    char names[128];
    if (strcmp(key, "agreement") == 0) {
        int agreement = hvd_agreement_from_name(value);
        if (agreement < 0) {
            names_of(names, sizeof(names), agreement_name_at, HVD_AGREEMENT_COUNT_);
            return hvd__error(HVD_EBADINPUT, "%s: line %zu: agreement \"%s\" is not %s", path, line, value, names);
        }
        opts->agreement = (hvd_agreement)agreement;
        return HVD_OK;
    }
    if (strcmp(key, "software") == 0) {
        int software = hvd_software_from_name(value);
        if (software <= HVD_SOFTWARE_UNSPECIFIED) {
            names_of(names, sizeof(names), software_name_at, HVD_SOFTWARE_COUNT_ - HVD_SOFTWARE_WINDOWS_SERVER);
            return hvd__error(HVD_EBADINPUT, "%s: line %zu: software \"%s\" is not %s", path, line, value, names);
        }
        opts->software = (hvd_software)software;
        return HVD_OK;
    }
    if (strcmp(key, "policy_revision") == 0) {
        if (hvd_policy_options_set_revision(opts, value) != HVD_OK)
            return hvd__error(HVD_EBADINPUT, "%s: line %zu: policy_revision \"%s\" is not a revision id", path, line,
                              value);
        return HVD_OK;
    }
    if (strcmp(key, "as_of") == 0) {
        if (hvd_policy_options_set_date(opts, value) != HVD_OK)
            return hvd__error(HVD_EBADINPUT, "%s: line %zu: as_of \"%s\" is not a date (YYYY-MM-DD)", path, line,
                              value);
        return HVD_OK;
    }
    return hvd__error(HVD_EBADINPUT, "%s: line %zu: unknown setting \"%s\" (agreement, as_of, software, "
                      "policy_revision)", path, line, key);
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
