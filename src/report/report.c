/* SPDX-License-Identifier: MIT */
/* The reports' front door: the formats by name, the renderer of each, and writing a report to a file. Each
 * renderer lives in the file named for its format (text.c, json.c, case.c, html.c, facts.c). */

#include <string.h>

#include "io/output.h"
#include "report/report.h"
#include "util/error.h"
#include "util/names.h"

static const char *const format_names[HVD_FORMAT_COUNT_] = {
    [HVD_FORMAT_TEXT] = "text",   [HVD_FORMAT_JSON] = "json",     [HVD_FORMAT_CASE] = "case",
    [HVD_FORMAT_FACTS] = "facts", [HVD_FORMAT_PROMETHEUS] = "prometheus", [HVD_FORMAT_HTML] = "html",
};

/* The renderer of each format. */
static int (*const renderers[HVD_FORMAT_COUNT_])(char **, const hvd__report_input *) = {
    [HVD_FORMAT_TEXT] = hvd__report_text,   [HVD_FORMAT_JSON] = hvd__report_json,
    [HVD_FORMAT_CASE] = hvd__report_case,   [HVD_FORMAT_FACTS] = hvd__report_facts,
    [HVD_FORMAT_PROMETHEUS] = hvd__report_prometheus, [HVD_FORMAT_HTML] = hvd__report_html,
};

HVD__NAME_LOOKUPS(hvd_format, hvd_format, format_names, HVD_FORMAT_COUNT_)

int hvd_report_render(char **out, hvd_format format, unsigned int flags, const hvd_result *result,
                      const hvd_policy_result *policy, const hvd_evidence *evidence)
{
    if (!out || (!result && !policy && !evidence))
        return hvd__error(HVD_EINVALID, "hvd_report_render: invalid argument");
    *out = NULL;
    if ((int)format < 0 || format >= HVD_FORMAT_COUNT_)
        return hvd__error(HVD_EINVALID, "hvd_report_render: unknown format %d", (int)format);
    hvd__report_input input = {flags, result, policy, evidence};
    return renderers[format](out, &input);
}

int hvd_report_write(const char *path, const char *text)
{
    if (!path || !text)
        return hvd__error(HVD_EINVALID, "hvd_report_write: invalid argument");
    return hvd__write_file_atomic(path, text, strlen(text), HVD__MODE_REPORT);
}
