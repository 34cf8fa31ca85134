/* SPDX-License-Identifier: MIT */
/* The case report: Markdown a support engineer attaches to a case as it is. It says what was detected, from what
 * evidence, which tier follows and why, and which tool, database and policy produced it. */

#include <stdio.h>
#include <string.h>

#include "engine/result.h"
#include "db/vendordb.h"
#include "evidence/evidence_json.h"
#include "hvdetect/version.h"
#include "report/report.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/text.h"

/* Table cells hold text, never Markdown: a '|' would end the cell and a newline the row; '\\' would escape the
 * character after it (a value ending in one would swallow the '|' that closes its cell); '<' and '&' would start
 * HTML (<img onerror=...>) or an entity, '[' and ']' a link ([x](javascript:...)), '`', '*', '_' and '~' code or
 * emphasis. Each is backslash-escaped, which CommonMark defines for any ASCII punctuation. */
static void append_text(hvd__strbuf *out, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++) {
        if (strchr("|\\<>&[]`*_~", *p)) {
            char escaped[3] = {'\\', *p, '\0'};
            hvd__strbuf_append(out, escaped);
        } else if (*p == '\n')
            hvd__strbuf_append(out, " ");
        else
            hvd__strbuf_append_n(out, p, 1);
    }
}

static void append_cell(hvd__strbuf *out, const char *text)
{
    hvd__strbuf_append(out, " ");
    append_text(out, text);
    hvd__strbuf_append(out, " |");
}

/* Prose from the database (the policy's words, with their [verified] markers): text, escaped like a cell. */
static void append_paragraph(hvd__strbuf *out, const char *before, const char *text, const char *after)
{
    hvd__strbuf_append(out, before);
    append_text(out, text);
    hvd__strbuf_append(out, after);
}

static void append_row(hvd__strbuf *out, const char *const *cells, size_t count)
{
    hvd__strbuf_append(out, "|");
    for (size_t i = 0; i < count; i++)
        append_cell(out, cells[i]);
    hvd__strbuf_append(out, "\n");
}

/* A Markdown table row; after the header comes the separator row. */
static void markdown_row(hvd__strbuf *out, const char *const *cells, size_t count, int header)
{
    append_row(out, cells, count);
    if (header) {
        hvd__strbuf_append(out, "|");
        for (size_t i = 0; i < count; i++)
            hvd__strbuf_append(out, "---|");
        hvd__strbuf_append(out, "\n");
    }
}

static const char *or_none(const char *text)
{
    return text ? text : "none";
}

static void write_header(hvd__strbuf *out, const hvd__report_input *input)
{
    hvd__strbuf_append(out, "# hvdetect case report\n\n| | |\n|---|---|\n");
    if (!(input->flags & HVD_REPORT_NO_TIMESTAMP)) {
        char timestamp[32];
        hvd__utc_timestamp(timestamp);
        hvd__strbuf_printf(out, "| Generated | %s |\n", timestamp);
    }
    hvd__strbuf_printf(out, "| Tool | hvdetect %s |\n", hvd_version());
    if (input->result)
        hvd__strbuf_printf(out, "| Vendor database | %zu products, fingerprint %s |\n",
                           hvd_vendor_db_product_count(hvd__result_db(input->result)),
                           hvd_vendor_db_fingerprint(hvd__result_db(input->result)));
    if (input->policy) {
        hvd_policy_sources sources = HVD_POLICY_SOURCES_INIT;
        hvd_policy_get_sources(&sources, input->policy);
        hvd_policy_revision_info revision = HVD_POLICY_REVISION_INFO_INIT;
        hvd_policy_get_revision(&revision, input->policy);
        hvd__strbuf_printf(out, "| Policy | %s of %s (revision id %s), %s |\n| Software | %s%s |\n"
                                "| Partner list | %s as of %s: %s |\n",
                           revision.name, revision.date, revision.id, hvd_policy_revision_why(input->policy),
                           hvd_software_name(hvd_policy_software(input->policy)),
                           hvd_policy_software_is_default(input->policy) ? " (assumed)" : "", sources.partner_list,
                           hvd_policy_as_of(input->policy), or_none(sources.partner_list_version));
    }
    if (input->evidence) {
        /* The collection facts come from the bundle, which may be hostile: the row is built, then escaped. */
        const char *root = hvd_evidence_meta(input->evidence, "root");
        hvd__strbuf cell = {0};
        hvd__strbuf_printf(&cell, "%s%s%s, CPUID from %s, collected %s",
                           or_none(hvd_evidence_meta(input->evidence, "mode")), root ? " " : "", root ? root : "",
                           or_none(hvd_evidence_meta(input->evidence, "cpuid_source")),
                           input->flags & HVD_REPORT_NO_TIMESTAMP
                               ? "(time left out)"
                               : or_none(hvd_evidence_meta(input->evidence, "collected_at")));
        const char *cells[] = {"Evidence", cell.data ? cell.data : ""};
        append_row(out, cells, 2);
        hvd__strbuf_free(&cell);
    }
    hvd__strbuf_append(out, "\n");
}

static void write_answer(hvd__strbuf *out, const hvd_result *result)
{
    hvd_product_info info = HVD_PRODUCT_INFO_INIT;
    const char *product = hvd_result_product(result);
    if (product)
        hvd_result_product_info(&info, result);
    hvd__strbuf_append(out, "## Platform\n\n");
    hvd__strbuf_printf(out, "- Virtualized: **%s**\n",
                       hvd__report_virtualized_words(hvd_result_virtualized(result)));
    hvd__strbuf_printf(out, "- Role: %s\n", hvd_role_name(hvd_result_role(result)));
    hvd__strbuf_printf(out, "- Technology: %s (%s confidence%s)\n", hvd__report_technology_words(result),
                       hvd_confidence_name(hvd_result_confidence(result)),
                       hvd_result_concealed(result) ? ", hidden from CPUID" : "");
    if (product)
        hvd__strbuf_printf(out, "- Product: %s (`%s`, %s)\n", info.name, info.id, info.kind);
    else
        hvd__strbuf_printf(out, "- Product: not pinned (%zu candidates)\n", hvd_result_candidate_count(result));
    hvd__strbuf_printf(out, "- Vendor: %s\n", or_none(hvd_result_vendor(result)));
    hvd__strbuf_printf(out, "- Cloud: %s\n", or_none(hvd_result_cloud(result)));
    if (hvd_result_guest_type(result))
        hvd__strbuf_printf(out, "- Guest type: %s\n", hvd_result_guest_type(result));
    hvd__strbuf_append(out, "- Layers (innermost first):");
    for (size_t i = 0; i < hvd_result_layer_count(result); i++) {
        const hvd_layer *layer = hvd_result_layer(result, i);
        hvd__strbuf_printf(out, "%s %s %s", i ? "," : "", layer->technology, hvd_role_name(layer->role));
    }
    hvd__strbuf_append(out, hvd_result_layer_count(result) ? "\n" : " none\n");
    hvd__strbuf_append(out, "- Containers: ");
    for (size_t i = 0; i < hvd_result_container_count(result); i++)
        hvd__strbuf_printf(out, "%s%s", i ? ", " : "", hvd_result_container(result, i));
    hvd__strbuf_printf(out, "%s\n", hvd__report_containers_words(result));
    hvd__strbuf_append(out, "- Confidential VM: ");
    hvd__report_confidential_kind(out, result);
    hvd__strbuf_append(out, "\n\n");
    if (strcmp(hvd_result_confidential(result), "none") != 0)
        hvd__strbuf_printf(out, "> **Untrusted firmware:** %s\n\n", hvd__report_untrusted_firmware);
}

static void write_policy(hvd__strbuf *out, const hvd_policy_result *policy)
{
    hvd_tier tier = hvd_policy_tier(policy);
    hvd_policy_revision_info revision = HVD_POLICY_REVISION_INFO_INIT;
    hvd_policy_get_revision(&revision, policy);
    const char *defined_by = hvd_policy_tier_defined_by(policy, tier);
    hvd__strbuf_printf(out, "## Support tier: `%s`\n\n", hvd_tier_name(tier));
    if (defined_by)
        hvd__strbuf_printf(out, "A tier of KB 897615 since revision %s; applied here: %s.\n\n", defined_by,
                           revision.name);
    append_paragraph(out, "", hvd_policy_meaning(policy), "\n\n");
    append_paragraph(out, "**What to do:** ", hvd_policy_what_to_do(policy), "\n\n");
    append_paragraph(out, "**Baseline:** a reproduction may be asked for ", revision.baseline, ".\n\n");
    if (tier == HVD_TIER_UNDETERMINED && hvd_policy_floor(policy) != HVD_TIER_UNDETERMINED)
        hvd__strbuf_printf(out, "Every candidate gets at least `%s`.\n\n", hvd_tier_name(hvd_policy_floor(policy)));
    if (hvd_policy_to_decide(policy))
        append_paragraph(out, "**To decide:** ", hvd_policy_to_decide(policy), "\n\n");
    hvd__strbuf_printf(out, "Agreement: %s. With a Premier-level agreement: `%s`; with another agreement: `%s`; with "
                            "none: `%s`.\n\n",
                       hvd_agreement_name(hvd_policy_agreement(policy)),
                       hvd_tier_name(hvd_policy_tier_for(policy, HVD_AGREEMENT_PREMIER)),
                       hvd_tier_name(hvd_policy_tier_for(policy, HVD_AGREEMENT_STANDARD)),
                       hvd_tier_name(hvd_policy_tier_for(policy, HVD_AGREEMENT_NONE)));
    hvd__strbuf_append(out, "### Reasoning\n\n");
    for (size_t i = 0; i < hvd_policy_reason_count(policy); i++) {
        hvd__strbuf_printf(out, "%zu. ", i + 1);
        append_paragraph(out, "", hvd_policy_reason(policy, i), "\n");
    }
    if (hvd_policy_candidate_count(policy) > 0) {
        hvd__strbuf_append(out, "\n### Products and their tiers\n\n");
        static const char *const header[] = {"product", "vendor", "without Premier", "with Premier",
                                             "no agreement", "relationship"};
        markdown_row(out, header, 6, 1);
        for (size_t i = 0; i < hvd_policy_candidate_count(policy); i++) {
            const hvd_policy_candidate *candidate = hvd_policy_candidate_at(policy, i);
            char relationship[256] = "none";
            if (candidate->relationship)
                snprintf(relationship, sizeof(relationship), "%s since %s (%s)", candidate->relationship->kind,
                         candidate->relationship->since, candidate->relationship->confidence);
            const char *cells[] = {candidate->product_name, candidate->vendor_name,
                                   hvd_tier_name(candidate->if_standard), hvd_tier_name(candidate->if_premier),
                                   hvd_tier_name(candidate->if_none), relationship};
            append_row(out, cells, 6);
        }
    }
    hvd__strbuf_append(out, "\n### Caveats\n\n");
    for (size_t i = 0; i < hvd_policy_caveat_count(policy); i++)
        append_paragraph(out, "- ", hvd_policy_caveat(policy, i), "\n");
    hvd_policy_sources sources = HVD_POLICY_SOURCES_INIT;
    hvd_policy_get_sources(&sources, policy);
    hvd__strbuf_printf(out, "\n### Sources\n\n- %s, \"%s\": %s of %s (%s); %s\n- Partner list %s as it stood on %s: "
                            "%s\n- %s\n\n",
                       sources.article, sources.title, revision.name, revision.date, revision.confidence,
                       revision.source, sources.partner_list, hvd_policy_as_of(policy),
                       or_none(sources.partner_list_version), sources.source);
}

static void write_findings(hvd__strbuf *out, const hvd_result *result, unsigned int flags)
{
    hvd__strbuf_append(out, "## Evidence for and against\n\n");
    hvd__report_finding_rows(result, flags, markdown_row, out);
    hvd__strbuf_append(out, "\n");
}

static void write_observations(hvd__strbuf *out, const hvd_evidence *evidence, unsigned int flags)
{
    hvd__strbuf_printf(out, "## Observations (%zu)\n\n", hvd_evidence_count(evidence));
    hvd__report_observation_rows(evidence, flags, markdown_row, out);
    if (!(flags & HVD_REPORT_NO_REDACT))
        hvd__strbuf_append(out, "\nSerial numbers, UUIDs and similar identifiers are redacted.\n");
}

int hvd__report_case(char **out, const hvd__report_input *input)
{
    hvd__strbuf text = {0};
    write_header(&text, input);
    if (input->result)
        write_answer(&text, input->result);
    if (input->policy)
        write_policy(&text, input->policy);
    if (input->result)
        write_findings(&text, input->result, input->flags);
    if (input->evidence)
        write_observations(&text, input->evidence, input->flags);
    *out = hvd__strbuf_detach(&text);
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "report: out of memory");
}
