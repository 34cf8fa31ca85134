/* SPDX-License-Identifier: MIT */
/* The text report: a few lines an admin can read at a glance, then (verbose) the reasoning and the evidence. */

#include <stdio.h>
#include <string.h>

#include "evidence/evidence_json.h"
#include "report/report.h"
#include "util/error.h"
#include "util/strbuf.h"

static const char *yes_no_unknown(hvd_virtualized virtualized)
{
    switch (virtualized) {
    case HVD_VIRTUALIZED_YES:
        return "yes";
    case HVD_VIRTUALIZED_NO:
        return "no";
    case HVD_VIRTUALIZED_UNKNOWN:
        break;
    }
    return "cannot tell";
}

static void write_platform(hvd__strbuf *out, const hvd_result *result)
{
    hvd_product_info info;
    const char *technology = hvd_result_technology(result);
    const char *product = hvd_result_product(result, &info);
    if (!technology) {
        if (hvd_result_virtualized(result) == HVD_VIRTUALIZED_YES)
            hvd__strbuf_append(out, "Hypervisor:   unknown (hidden, or not in the vendor database)\n");
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
        for (size_t i = 0; i < hvd_result_candidate_count(result); i++) {
            hvd_result_candidate(result, i, &info);
            hvd__strbuf_printf(out, "                - %s (%s, %s)\n", info.name,
                               info.vendor_name ? info.vendor_name : "no vendor", info.kind);
        }
    }
    if (hvd_result_cloud(result))
        hvd__strbuf_printf(out, "Cloud:        %s\n", hvd_result_cloud(result));
    if (hvd_result_guest_type(result))
        hvd__strbuf_printf(out, "Guest type:   %s\n", hvd_result_guest_type(result));
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
        if (finding->source)
            hvd__strbuf_printf(out, "%s %s = \"%s\": ", finding->source, finding->key, value ? value : "");
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
            hvd__strbuf_printf(out, "%s%s %s", denied ? ", " : "Not readable: ", item->source, item->key);
            denied++;
        }
    }
    if (denied)
        hvd__strbuf_append(out, " (permission denied; run as root to read them)\n");
    if (!(flags & HVD_REPORT_VERBOSE))
        return;
    hvd__strbuf_append(out, "\nObservations:\n");
    for (size_t i = 0; i < hvd_evidence_count(evidence); i++) {
        const hvd_observation *item = hvd_evidence_at(evidence, i);
        char buffer[64];
        const char *value = hvd__evidence_shown_value(item->source, item->key, item->value,
                                                      !(flags & HVD_REPORT_NO_REDACT), buffer, sizeof(buffer));
        hvd__strbuf_printf(out, "  %-9s %-40s %s%s%s%s\n", item->source, item->key,
                           item->status == HVD_STATUS_OK ? value : hvd_status_name(item->status),
                           item->detail[0] ? " (" : "", item->detail, item->detail[0] ? ")" : "");
    }
}

static void write_policy(hvd__strbuf *out, const hvd_policy_result *policy, unsigned int flags)
{
    hvd_tier tier = hvd_policy_tier(policy);
    hvd_policy_revision_info revision;
    hvd_policy_get_revision(policy, &revision);
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
    if (tier == HVD_TIER_UNDETERMINED)
        for (size_t i = 0; i < hvd_policy_candidate_count(policy); i++) {
            const hvd_policy_candidate *candidate = hvd_policy_candidate_at(policy, i);
            hvd__strbuf_printf(out, "              - %s: %s (with Premier: %s)\n", candidate->product_name,
                               hvd_tier_name(candidate->if_standard), hvd_tier_name(candidate->if_premier));
        }
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

int hvd__report_text(char **out, const hvd__report_input *input)
{
    hvd__strbuf text = {0};
    unsigned int flags = input->flags;
    const hvd_result *result = input->result;
    const hvd_evidence *evidence = input->evidence;
    if (result) {
        hvd_role role = hvd_result_role(result);
        hvd__strbuf_printf(&text, "Virtualized:  %s%s\n", yes_no_unknown(hvd_result_virtualized(result)),
                           role == HVD_ROLE_HOST ? " (this machine is a hypervisor host)" : "");
        write_platform(&text, result);
        write_layers(&text, result);
    }
    if (input->policy)
        write_policy(&text, input->policy, flags);
    if (result)
        write_findings(&text, result, flags);
    if (evidence)
        write_unread(&text, evidence, result ? flags : flags | HVD_REPORT_VERBOSE);
    *out = hvd__strbuf_detach(&text);
    return *out ? HVD_OK : hvd__error(HVD_ENOMEM, "report: out of memory");
}
