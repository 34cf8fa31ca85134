/* SPDX-License-Identifier: MIT */
/* The text report: a few lines an admin can read at a glance, then (verbose) the reasoning and the evidence. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/evidence_json.h"
#include "evidence/keys.h"
#include "report/report.h"
#include "util/error.h"
#include "util/strbuf.h"

/* The candidate products, each with its tier under its name when the tier depends on which it is. */
static void write_candidates(hvd__strbuf *out, const hvd_result *result, const hvd_policy_result *policy)
{
    hvd_product_info info = HVD_PRODUCT_INFO_INIT;
    for (size_t i = 0; i < hvd_result_candidate_count(result); i++) {
        hvd_result_candidate_info(&info, result, i);
        hvd__strbuf_printf(out, "                - %s (%s, %s)\n", info.name,
                           info.vendor_name ? info.vendor_name : "no vendor", info.kind);
        const hvd_policy_candidate *candidate = NULL;
        for (size_t c = 0; policy && c < hvd_policy_candidate_count(policy) && !candidate; c++)
            if (strcmp(hvd_policy_candidate_at(policy, c)->product, info.id) == 0)
                candidate = hvd_policy_candidate_at(policy, c);
        if (candidate && hvd_policy_tier(policy) == HVD_TIER_UNDETERMINED)
            hvd__strbuf_printf(out, "                  tier: %s (with Premier: %s)\n",
                               hvd_tier_name(candidate->if_standard), hvd_tier_name(candidate->if_premier));
    }
}

static void write_platform(hvd__strbuf *out, const hvd_result *result, const hvd_policy_result *policy)
{
    hvd_product_info info = HVD_PRODUCT_INFO_INIT;
    const char *technology = hvd_result_technology(result);
    const char *product = hvd_result_product(result);
    if (product)
        hvd_result_product_info(&info, result);
    if (!technology) {
        if (hvd_result_virtualized(result) == HVD_VIRTUALIZED_YES && hvd_result_candidate_count(result) > 0) {
            hvd__strbuf_append(out, "Hypervisor:   cannot be told apart from inside; one of:\n");
            write_candidates(out, result, policy);
        } else if (hvd_result_virtualized(result) == HVD_VIRTUALIZED_YES) {
            hvd__strbuf_append(out, "Hypervisor:   unknown (hidden, or not in the vendor database)\n");
        }
        if (hvd_result_cloud(result))
            hvd__strbuf_printf(out, "Cloud:        %s (bare-metal instance)\n", hvd_result_cloud(result));
        return;
    }
    hvd__strbuf_printf(out, "Hypervisor:   %s", technology);
    if (product)
        hvd__strbuf_printf(out, ", %s (%s)", info.name, info.vendor_name ? info.vendor_name : "no vendor");
    hvd__strbuf_printf(out, "; %s confidence%s\n", hvd_confidence_name(hvd_result_confidence(result)),
                       hvd_result_concealed(result) ? ", hidden from CPUID" : "");
    if (!product && hvd_result_candidate_count(result) > 0) {
        hvd__strbuf_append(out, "Product:      cannot be pinned from inside; one of:\n");
        write_candidates(out, result, policy);
    }
    if (hvd_result_cloud(result))
        hvd__strbuf_printf(out, "Cloud:        %s\n", hvd_result_cloud(result));
    if (hvd_result_guest_type(result))
        hvd__strbuf_printf(out, "Guest type:   %s\n", hvd_result_guest_type(result));
    /* Shown only in a confidential VM: "none" would be one more line on every other machine. */
    if (strcmp(hvd_result_confidential(result), "none") != 0)
        hvd__strbuf_printf(out, "Confidential: %s%s (%s confidence; claimed, not attested: the host supplies the "
                                "firmware strings)\n",
                           hvd_result_confidential(result), hvd_result_paravisor(result) ? " with a paravisor" : "",
                           hvd_confidence_name(hvd_result_confidential_confidence(result)));
}

static void write_layers(hvd__strbuf *out, const hvd_result *result)
{
    if (hvd_result_layer_count(result) < 2 && hvd_result_container_count(result) == 0)
        return;
    hvd__strbuf_append(out, "Layers:       ");
    for (size_t i = 0; i < hvd_result_container_count(result); i++)
        hvd__strbuf_printf(out, "%s (container) inside ", hvd_result_container(result, i));
    for (size_t i = 0; i < hvd_result_layer_count(result); i++) {
        const hvd_layer *layer = hvd_result_layer(result, i);
        hvd__strbuf_printf(out, "%s%s (%s)", i ? " inside " : "", layer->technology, hvd_role_name(layer->role));
    }
    hvd__strbuf_append(out, "\n");
}

/* Shown only when the containers found may not be all there are: "no container" would be one more line on every
 * other machine. */
static void write_containers_unknown(hvd__strbuf *out, const hvd_result *result)
{
    if (hvd_result_containers_known(result))
        return;
    hvd__strbuf_append(out, "Containers:   ");
    for (size_t i = 0; i < hvd_result_container_count(result); i++)
        hvd__strbuf_printf(out, "%s%s", i ? ", " : "", hvd_result_container(result, i));
    hvd__strbuf_printf(out, "%s\n", hvd__report_containers_words(result));
}

/* Without --verbose: the three strongest findings of each kind, so that what decided the answer and anything
 * that argued against it (an explained "Microsoft Hv", a contradicting DMI string) both show. */
static void write_findings(hvd__strbuf *out, const hvd_result *result, unsigned int flags)
{
    enum { SHORT_LIST = 3 };
    size_t shown = 0, shown_of_kind[HVD_FINDING_KIND_COUNT_] = {0};
    for (size_t i = 0; i < hvd_result_finding_count(result); i++) {
        const hvd_finding *finding = hvd_result_finding(result, i);
        if (!(flags & HVD_REPORT_VERBOSE) && shown_of_kind[finding->kind]++ >= SHORT_LIST)
            continue;
        char buffer[64];
        const char *value = hvd__evidence_shown_value(finding->source, finding->key, finding->value,
                                                      !(flags & HVD_REPORT_NO_REDACT), buffer, sizeof(buffer));
        hvd__strbuf_printf(out, "%s %-12s ", shown ? "             " : "Evidence:    ",
                           hvd_finding_kind_name(finding->kind));
        char key[256];
        if (finding->source)
            hvd__strbuf_printf(out, "%s %s = \"%s\": ", finding->source,
                               hvd__key_shown(finding->source, finding->key, !(flags & HVD_REPORT_NO_REDACT), key,
                                              sizeof(key)),
                               value ? value : "");
        hvd__strbuf_printf(out, "%s\n", finding->text ? finding->text : "");
        shown++;
    }
}

/* Probes that could not read what they wanted, so an admin knows what running as root would add. */
static void write_unread(hvd__strbuf *out, const hvd_evidence *evidence, unsigned int flags)
{
    size_t denied = 0;
    for (size_t i = 0; i < hvd_evidence_count(evidence); i++) {
        const hvd_observation *item = hvd_evidence_at(evidence, i);
        if (item->status == HVD_STATUS_DENIED) {
            char key[256];
            hvd__strbuf_printf(out, "%s%s %s", denied ? ", " : "Not readable: ", item->source,
                               hvd__key_shown(item->source, item->key, !(flags & HVD_REPORT_NO_REDACT), key,
                                              sizeof(key)));
            denied++;
        }
    }
    /* Running as root helps only a run that was not already root; root is denied by a container or a security
     * module (a container hides /proc/1/environ from root too). */
    const char *privileged = hvd_evidence_meta(evidence, "privileged");
    if (denied && privileged && strcmp(privileged, "true") == 0)
        hvd__strbuf_append(out, " (permission denied to root: a container or security module withholds them)\n");
    else if (denied)
        hvd__strbuf_append(out, " (permission denied; run as root to read them)\n");
    if (!(flags & HVD_REPORT_VERBOSE))
        return;
    hvd__strbuf_append(out, "\nObservations:\n");
    for (size_t i = 0; i < hvd_evidence_count(evidence); i++) {
        const hvd_observation *item = hvd_evidence_at(evidence, i);
        char buffer[64], key[256];
        const char *value = hvd__evidence_shown_value(item->source, item->key, item->value,
                                                      !(flags & HVD_REPORT_NO_REDACT), buffer, sizeof(buffer));
        hvd__strbuf_printf(out, "  %-9s %-40s %s%s%s%s\n", item->source,
                           hvd__key_shown(item->source, item->key, !(flags & HVD_REPORT_NO_REDACT), key, sizeof(key)),
                           item->status == HVD_STATUS_OK ? value : hvd_status_name(item->status),
                           item->detail[0] ? " (" : "", item->detail, item->detail[0] ? ")" : "");
    }
}

static void write_policy(hvd__strbuf *out, const hvd_policy_result *policy, unsigned int flags)
{
    hvd_tier tier = hvd_policy_tier(policy);
    hvd_policy_revision_info revision = HVD_POLICY_REVISION_INFO_INIT;
    hvd_policy_get_revision(&revision, policy);
    hvd__strbuf_printf(out, "Support tier: %s", hvd_tier_name(tier));
    if (tier == HVD_TIER_UNDETERMINED && hvd_policy_floor(policy) != HVD_TIER_UNDETERMINED)
        hvd__strbuf_printf(out, " (at least %s for every candidate)", hvd_tier_name(hvd_policy_floor(policy)));
    hvd__strbuf_printf(out, "\n              (%s of %s, %s; partner list as of %s)\n", revision.name, revision.date,
                       hvd_policy_revision_why(policy), hvd_policy_as_of(policy));
    hvd__strbuf_printf(out, "Software:     %s%s\n", hvd_software_name(hvd_policy_software(policy)),
                       hvd_policy_software_is_default(policy) ? " (assumed; see --software)" : "");
    if (hvd_policy_agreement(policy) == HVD_AGREEMENT_UNKNOWN) {
        static const struct {
            hvd_agreement agreement;
            const char *label;
        } others[] = {{HVD_AGREEMENT_PREMIER, "With Premier: "}, {HVD_AGREEMENT_STANDARD, "With agreement:"}};
        for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
            if (hvd_policy_tier_for(policy, others[i].agreement) != tier)
                hvd__strbuf_printf(out, "%s%s\n", others[i].label,
                                   hvd_tier_name(hvd_policy_tier_for(policy, others[i].agreement)));
    }
    /* An undetermined tier's candidates are listed with their tiers under Product (write_platform), once. */
    hvd__strbuf_printf(out, "Meaning:      %s\n", hvd_policy_meaning(policy));
    hvd__strbuf_printf(out, "What to do:   %s\n", hvd_policy_what_to_do(policy));
    hvd__strbuf_printf(out, "Baseline:     a reproduction may be asked for %s\n", revision.baseline);
    if (hvd_policy_exclusions_apply(policy)) {
        hvd__strbuf_append(out, "Excluded:     ");
        for (size_t i = 0; i < hvd_policy_exclusion_count(policy); i++)
            hvd__strbuf_printf(out, "%s%s", i ? "; " : "", hvd_policy_exclusion(policy, i));
        hvd__strbuf_append(out, " (not supported by Microsoft under SVVP: the SVVP vendor supports them)\n");
    }
    if (hvd_policy_to_decide(policy))
        hvd__strbuf_printf(out, "To decide:    %s\n", hvd_policy_to_decide(policy));
    if (!(flags & HVD_REPORT_VERBOSE))
        return;
    for (size_t i = 0; i < hvd_policy_reason_count(policy); i++)
        hvd__strbuf_printf(out, "%s%s\n", i ? "              " : "Reasoning:    ", hvd_policy_reason(policy, i));
    for (size_t i = 0; i < hvd_policy_caveat_count(policy); i++)
        hvd__strbuf_printf(out, "%s%s\n", i ? "              " : "Caveats:      ", hvd_policy_caveat(policy, i));
}

/* Lines longer than the width are wrapped at spaces; a continuation starts under the value ("Meaning:      ...")
 * or under the text of a list item ("- ..."). A word longer than the line stays whole. */
enum { TEXT_WIDTH = 80 };

static size_t continuation_indent(const char *line, size_t length)
{
    size_t indent = 0;
    while (indent < length && line[indent] == ' ')
        indent++;
    if (indent + 1 < length && line[indent] == '-' && line[indent + 1] == ' ')
        return indent + 2;
    if (indent == 0) {
        const char *colon = memchr(line, ':', length);
        size_t value = colon ? (size_t)(colon - line) + 1 : 0;
        while (colon && value < length && line[value] == ' ')
            value++;
        return colon && value < TEXT_WIDTH / 2 ? value : 0;
    }
    /* An indented line under a label ("              (KB 897615 ...)") continues where it starts. */
    return indent < TEXT_WIDTH / 2 ? indent : 0;
}

static char *wrap(const char *text)
{
    hvd__strbuf out = {0};
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        size_t indent = continuation_indent(line, length), start = 0, first = 1;
        while (length - start > (first ? TEXT_WIDTH : TEXT_WIDTH - indent)) {
            size_t room = first ? TEXT_WIDTH : TEXT_WIDTH - indent, cut = start + room;
            while (cut > start && line[cut] != ' ')
                cut--;
            if (cut == start || (first && cut <= indent)) {
                /* A word longer than the line: whole, on a line of its own, and the rest wrapped after it. */
                const char *space = memchr(line + start + (first ? indent : 0), ' ',
                                           length - start - (first ? indent : 0));
                if (!space)
                    break;
                cut = (size_t)(space - line);
            }
            if (!first)
                hvd__strbuf_printf(&out, "%*s", (int)indent, "");
            hvd__strbuf_append_n(&out, line + start, cut - start);
            hvd__strbuf_append(&out, "\n");
            start = cut + 1;
            first = 0;
        }
        if (!first)
            hvd__strbuf_printf(&out, "%*s", (int)indent, "");
        hvd__strbuf_append_n(&out, line + start, length - start);
        hvd__strbuf_append(&out, end ? "\n" : "");
        line = end ? end + 1 : line + length;
    }
    return hvd__strbuf_detach(&out);
}

int hvd__report_text(char **out, const hvd__report_input *input)
{
    hvd__strbuf text = {0};
    unsigned int flags = input->flags;
    const hvd_result *result = input->result;
    const hvd_evidence *evidence = input->evidence;
    if (result) {
        hvd_role role = hvd_result_role(result);
        hvd__strbuf_printf(&text, "Virtualized:  %s%s\n",
                           hvd__report_virtualized_words(hvd_result_virtualized(result)), role == HVD_ROLE_HOST ? " (this machine is a hypervisor host)" : "");
        write_platform(&text, result, input->policy);
        write_layers(&text, result);
        write_containers_unknown(&text, result);
    }
    if (input->policy)
        write_policy(&text, input->policy, flags);
    if (result)
        write_findings(&text, result, flags);
    if (evidence)
        write_unread(&text, evidence, result ? flags : flags | HVD_REPORT_VERBOSE);
    char *unwrapped = hvd__strbuf_detach(&text);
    *out = unwrapped ? wrap(unwrapped) : NULL;
    free(unwrapped);
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "report: out of memory");
}
