/* SPDX-License-Identifier: MIT */
/* The HTML case report: one self-contained page (no script, no external style sheet, image or font) with the
 * answer, the support tier and its reasons, and the evidence, for a case system or a browser. */

#include <stdio.h>
#include <string.h>

#include "engine/result.h"
#include "hvdetect/version.h"
#include "report/report.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Words wrap only between words (overflow-wrap:anywhere cut "supports" into "sup/port/s"); long tokens (keys,
 * paths, signatures) get break opportunities after their separators (<wbr>, see escape_breakable), and a table still
 * wider than a phone's screen scrolls sideways inside its box instead of widening the page. */
static const char style[] =
    "body{font-family:system-ui,sans-serif;margin:2em auto;padding:0 1em;max-width:72em;color:#1d1d1f;"
    "line-height:1.4}"
    "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}"
    ".scroll{overflow-x:auto}"
    "table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border:1px solid #ccc;padding:.3em .5em;"
    "text-align:left;vertical-align:top;overflow-wrap:normal;word-break:normal;hyphens:none}th{background:#f2f2f2}"
    ".tier{font-size:1.2em;padding:.6em 1em;border-left:.4em solid #3366cc;background:#eef3fb}"
    "code{font-family:ui-monospace,monospace}";

static void escape(hvd__strbuf *out, const char *text)
{
    static const struct {
        char c;
        const char *entity;
    } entities[] = {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}};
    for (const char *p = text ? text : ""; *p; p++) {
        const char *entity = NULL;
        for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]) && !entity; i++)
            if (*p == entities[i].c)
                entity = entities[i].entity;
        if (entity)
            hvd__strbuf_append(out, entity);
        else
            hvd__strbuf_append_n(out, p, 1);
    }
}

static void element(hvd__strbuf *out, const char *tag, const char *text)
{
    hvd__strbuf_printf(out, "<%s>", tag);
    escape(out, text);
    hvd__strbuf_printf(out, "</%s>", tag);
}

/* A table cell's text with a break opportunity after each separator of a long token ("0x40000000.signature",
 * "sys/class/dmi/id/product_name", "[MS_VM_CERT/SHA1/27d6...]"), so that it wraps there and nowhere inside a word;
 * a short token ("product_serial") is left whole, and a long one with no separator (a hash) gets one every so often. */
static void escape_breakable(hvd__strbuf *out, const char *text)
{
    enum { LONG_TOKEN = 24, UNBROKEN_MAX = 32 };
    text = text ? text : "";
    while (*text) {
        size_t token = strcspn(text, " ");
        size_t run = 0;
        for (size_t i = 0; i < token; i++) {
            char one[2] = {text[i], '\0'};
            escape(out, one);
            run++;
            /* Never between the bytes of one UTF-8 character: the next byte must start a character. */
            int last = i + 1 == token, inside_character = ((unsigned char)text[i + 1] & 0xC0) == 0x80;
            if (!last && !inside_character && token > LONG_TOKEN &&
                (strchr("/._,=:", text[i]) || run >= UNBROKEN_MAX)) {
                hvd__strbuf_append(out, "<wbr>");
                run = 0;
            }
        }
        text += token;
        while (*text == ' ')
            hvd__strbuf_append_n(out, text++, 1);
    }
}

static void row(hvd__strbuf *out, const char *cell_tag, const char *const *cells, size_t count)
{
    hvd__strbuf_append(out, "<tr>");
    for (size_t i = 0; i < count; i++) {
        hvd__strbuf_printf(out, "<%s>", cell_tag);
        escape_breakable(out, cells[i]);
        hvd__strbuf_printf(out, "</%s>", cell_tag);
    }
    hvd__strbuf_append(out, "</tr>\n");
}

static void write_platform(hvd__strbuf *out, const hvd__report_input *input)
{
    const hvd_result *result = input->result;
    hvd_product_info info = HVD_PRODUCT_INFO_INIT;
    const char *product = hvd_result_product(result);
    if (product)
        hvd_result_product_info(&info, result);
    /* Names, not database ids: the vendor's name comes from the product, or from the candidates, which share the
     * vendor whenever the result names one. */
    const char *vendor_name = product ? info.vendor_name : NULL;
    /* Built whole (a fixed buffer would drop candidates, or cut a name inside a UTF-8 character); a failed
     * allocation fails the output buffer, so the report fails with it. */
    hvd__strbuf candidates = {0}, layers = {0}, containers = {0}, confidential = {0};
    for (size_t i = 0; i < hvd_result_candidate_count(result); i++) {
        hvd_product_info candidate = HVD_PRODUCT_INFO_INIT;
        hvd_result_candidate_info(&candidate, result, i);
        hvd__strbuf_printf(&candidates, "%s%s", i ? "; " : "", candidate.name);
        if (!vendor_name && hvd_result_vendor(result))
            vendor_name = candidate.vendor_name;
    }
    for (size_t i = 0; i < hvd_result_layer_count(result); i++) {
        const hvd_layer *layer = hvd_result_layer(result, i);
        hvd__strbuf_printf(&layers, "%s%s (%s)", i ? " inside " : "", layer->technology, hvd_role_name(layer->role));
    }
    for (size_t i = 0; i < hvd_result_container_count(result); i++)
        hvd__strbuf_printf(&containers, "%s%s", i ? ", " : "", hvd_result_container(result, i));
    hvd__strbuf_append(&containers, hvd__report_containers_words(result));
    hvd__report_confidential_kind(&confidential, result);
    out->failed |= candidates.failed | layers.failed | containers.failed | confidential.failed;
    const char *candidate_names = candidates.length ? candidates.data : NULL;
    const char *vendor = hvd_result_vendor(result);
    const char *rows[][2] = {
        {"Virtualized", hvd__report_virtualized_words(hvd_result_virtualized(result))},
        {"Role", hvd_role_name(hvd_result_role(result))},
        {"Technology", hvd__report_technology_words(result)},
        {"Product", product ? info.name : candidate_names ? "cannot be pinned from inside; one of the candidates below"
                                                          : "none"},
        {"Candidates", candidate_names ? candidate_names : "none"},
        {"Vendor", vendor_name ? vendor_name : vendor ? vendor : "none"},
        {"Cloud", hvd_result_cloud(result) ? hvd_result_cloud(result) : "none"},
        {"Confidence", hvd_confidence_name(hvd_result_confidence(result))},
        {"Layers (innermost first)", layers.length ? layers.data : "none"},
        {"Containers", containers.length ? containers.data : ""},
        {"Confidential VM", confidential.data ? confidential.data : ""},
    };
    hvd__strbuf_append(out, "<h2>Platform</h2>\n<div class=\"scroll\"><table>\n");
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        row(out, "td", rows[i], 2);
    hvd__strbuf_free(&candidates);
    hvd__strbuf_free(&layers);
    hvd__strbuf_free(&containers);
    hvd__strbuf_free(&confidential);
    hvd__strbuf_append(out, "</table></div>\n");
    if (strcmp(hvd_result_confidential(result), "none") != 0) {
        hvd__strbuf_append(out, "<p><strong>Untrusted firmware:</strong> ");
        escape(out, hvd__report_untrusted_firmware);
        hvd__strbuf_append(out, "</p>\n");
    }
}

static void write_policy(hvd__strbuf *out, const hvd_policy_result *policy)
{
    hvd__strbuf_append(out, "<h2>Support tier</h2>\n<p class=\"tier\"><code>");
    escape(out, hvd_tier_name(hvd_policy_tier(policy)));
    hvd__strbuf_append(out, "</code> ");
    escape(out, hvd_policy_meaning(policy));
    hvd__strbuf_append(out, "</p>\n<p><strong>What to do:</strong> ");
    escape(out, hvd_policy_what_to_do(policy));
    hvd__strbuf_append(out, "</p>\n");
    if (hvd_policy_to_decide(policy)) {
        hvd__strbuf_append(out, "<p><strong>To decide:</strong> ");
        escape(out, hvd_policy_to_decide(policy));
        hvd__strbuf_append(out, "</p>\n");
    }
    hvd__strbuf_append(out, "<h3>Reasoning</h3>\n<ol>\n");
    for (size_t i = 0; i < hvd_policy_reason_count(policy); i++)
        element(out, "li", hvd_policy_reason(policy, i));
    hvd__strbuf_append(out, "</ol>\n<h3>Products and their tiers</h3>\n<div class=\"scroll\"><table>\n");
    static const char *const header[] = {"product", "vendor", "without Premier", "with Premier", "no agreement"};
    row(out, "th", header, 5);
    for (size_t i = 0; i < hvd_policy_candidate_count(policy); i++) {
        const hvd_policy_candidate *candidate = hvd_policy_candidate_at(policy, i);
        const char *cells[] = {candidate->product_name, candidate->vendor_name, hvd_tier_name(candidate->if_standard),
                               hvd_tier_name(candidate->if_premier), hvd_tier_name(candidate->if_none)};
        row(out, "td", cells, 5);
    }
    hvd__strbuf_append(out, "</table></div>\n<h3>Caveats</h3>\n<ul>\n");
    for (size_t i = 0; i < hvd_policy_caveat_count(policy); i++)
        element(out, "li", hvd_policy_caveat(policy, i));
    hvd_policy_sources sources = HVD_POLICY_SOURCES_INIT;
    hvd_policy_get_sources(&sources, policy);
    hvd_policy_revision_info revision = HVD_POLICY_REVISION_INFO_INIT;
    hvd_policy_get_revision(&revision, policy);
    hvd__strbuf source_line = {0}; /* whole: a database's long texts are not cut inside a character */
    hvd__strbuf_printf(&source_line, "%s of %s (revision id %s), %s; software: %s%s; partner list %s as of %s: %s",
                       revision.name, revision.date, revision.id, hvd_policy_revision_why(policy),
                       hvd_software_name(hvd_policy_software(policy)),
                       hvd_policy_software_is_default(policy) ? " (assumed)" : "", sources.partner_list,
                       hvd_policy_as_of(policy), sources.partner_list_version ? sources.partner_list_version : "none");
    out->failed |= source_line.failed;
    hvd__strbuf_append(out, "</ul>\n<p>");
    escape(out, source_line.data ? source_line.data : "");
    hvd__strbuf_append(out, "</p>\n");
    hvd__strbuf_free(&source_line);
}

static void html_row(hvd__strbuf *out, const char *const *cells, size_t count, int header)
{
    row(out, header ? "th" : "td", cells, count);
}

static void write_findings(hvd__strbuf *out, const hvd_result *result, unsigned int flags)
{
    hvd__strbuf_append(out, "<h2>Evidence for and against</h2>\n<div class=\"scroll\"><table>\n");
    hvd__report_finding_rows(result, flags, html_row, out);
    hvd__strbuf_append(out, "</table></div>\n");
}

static void write_observations(hvd__strbuf *out, const hvd_evidence *evidence, unsigned int flags)
{
    hvd__strbuf_append(out, "<h2>Observations</h2>\n<div class=\"scroll\"><table>\n");
    hvd__report_observation_rows(evidence, flags, html_row, out);
    hvd__strbuf_append(out, "</table></div>\n");
}

int hvd__report_html(char **out, const hvd__report_input *input)
{
    hvd__strbuf page = {0};
    hvd__strbuf_printf(&page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                              "<title>hvdetect case report</title>\n<style>%s</style>\n</head>\n<body>\n"
                              "<h1>hvdetect case report</h1>\n<p>hvdetect %s",
                       style, hvd_version());
    if (input->result)
        hvd__strbuf_printf(&page, ", vendor database %s", hvd_vendor_db_fingerprint(hvd__result_db(input->result)));
    if (!(input->flags & HVD_REPORT_NO_TIMESTAMP)) {
        char timestamp[32];
        hvd__utc_timestamp(timestamp);
        hvd__strbuf_printf(&page, ", generated %s", timestamp);
    }
    hvd__strbuf_append(&page, "</p>\n");
    if (input->result)
        write_platform(&page, input);
    if (input->policy)
        write_policy(&page, input->policy);
    if (input->result)
        write_findings(&page, input->result, input->flags);
    if (input->evidence)
        write_observations(&page, input->evidence, input->flags);
    hvd__strbuf_append(&page, "</body>\n</html>\n");
    *out = hvd__strbuf_detach(&page);
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "report: out of memory");
}
