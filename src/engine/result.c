/* SPDX-License-Identifier: MIT */
#include "engine/result.h"

#include <stdlib.h>
#include <string.h>

#include "db/vendordb.h"
#include "util/error.h"
#include "util/names.h"
#include "util/text.h"

static const char *const confidence_names[HVD_CONFIDENCE_COUNT_] = {
    [HVD_CONFIDENCE_NONE] = "none", [HVD_CONFIDENCE_LOW] = "low", [HVD_CONFIDENCE_MEDIUM] = "medium",
    [HVD_CONFIDENCE_HIGH] = "high",
};

static const char *const role_names[HVD_ROLE_COUNT_] = {
    [HVD_ROLE_NONE] = "none", [HVD_ROLE_GUEST] = "guest", [HVD_ROLE_HOST] = "host",
};

static const char *const finding_kind_names[HVD_FINDING_KIND_COUNT_] = {
    [HVD_FINDING_SUPPORTS] = "supports", [HVD_FINDING_CONTRADICTS] = "contradicts",
    [HVD_FINDING_EXPLAINED] = "explained", [HVD_FINDING_REASON] = "reason",
};

HVD__NAME_LOOKUPS(hvd_confidence, hvd_confidence, confidence_names, HVD_CONFIDENCE_COUNT_)
HVD__NAME_LOOKUPS(hvd_role, hvd_role, role_names, HVD_ROLE_COUNT_)
HVD__NAME_LOOKUPS(hvd_finding_kind, hvd_finding_kind, finding_kind_names, HVD_FINDING_KIND_COUNT_)

static const char *own_copy(hvd_result *result, const char *text)
{
    if (!text)
        return NULL;
    const char *copy = hvd__arena_copy(&result->strings, text, strlen(text));
    if (!copy)
        result->out_of_memory = 1;
    return copy;
}

const hvd_vendor_db *hvd__result_db(const hvd_result *result)
{
    return result->db;
}

long hvd__result_product_index(const hvd_result *result)
{
    return result->product;
}

size_t hvd__result_candidate_index(const hvd_result *result, size_t i)
{
    return result->candidates[i];
}

void hvd__result_add_finding(hvd_result *result, hvd_finding_kind kind, const char *signature,
                             const char *points_to, hvd__strength strength, const char *source, const char *key,
                             const char *value, const char *text)
{
    if (result->without_findings)
        return;
    if (result->finding_count == result->finding_capacity) {
        size_t grown = result->finding_capacity ? result->finding_capacity * 2 : 16;
        hvd__finding *bigger = realloc(result->findings, grown * sizeof(*bigger));
        if (!bigger) {
            result->out_of_memory = 1;
            return;
        }
        result->findings = bigger;
        result->finding_capacity = grown;
    }
    hvd__finding finding = {{kind, signature, points_to, strength ? hvd__strength_name(strength) : NULL,
                             own_copy(result, source), own_copy(result, key), own_copy(result, value),
                             own_copy(result, text)},
                            strength};
    result->findings[result->finding_count++] = finding;
}

void hvd_result_free(hvd_result *result)
{
    if (!result)
        return;
    hvd__arena_free(&result->strings);
    free(result->findings);
    free(result->candidates);
    free((void *)result->containers);
    free((void *)result->container_systemd_ids);
    free(result);
}

hvd_virtualized hvd_result_virtualized(const hvd_result *result)
{
    return result ? result->virtualized : HVD_VIRTUALIZED_UNKNOWN;
}

const char *hvd_result_basis(const hvd_result *result)
{
    return result ? result->basis : NULL;
}

hvd_role hvd_result_role(const hvd_result *result)
{
    return result ? result->role : HVD_ROLE_NONE;
}

hvd_confidence hvd_result_confidence(const hvd_result *result)
{
    return result ? result->confidence : HVD_CONFIDENCE_NONE;
}

int hvd_result_concealed(const hvd_result *result)
{
    return result ? result->concealed : 0;
}

const char *hvd_result_technology(const hvd_result *result)
{
    if (!result || result->technology < 0)
        return NULL;
    return result->db->technologies[result->technology].id;
}

const char *hvd_result_product(const hvd_result *result)
{
    return result && result->product >= 0 ? result->db->products[result->product].info.id : NULL;
}

int hvd_result_product_info(hvd_product_info *out, const hvd_result *result)
{
    if (!out || !result)
        return hvd__error(HVD_EINVALID, "hvd_result_product_info: invalid argument");
    if (result->product < 0)
        return hvd__error(HVD_ENOTFOUND, "the evidence pins no product (see the candidates)");
    return hvd__vendor_db_fill_product(out, result->db, (size_t)result->product);
}

const char *hvd_result_guest_type(const hvd_result *result)
{
    return result && result->guest_type[0] ? result->guest_type : NULL;
}

const char *hvd_result_vendor(const hvd_result *result)
{
    return result ? result->vendor : NULL;
}

const char *hvd_result_cloud(const hvd_result *result)
{
    return result ? result->cloud : NULL;
}

size_t hvd_result_candidate_count(const hvd_result *result)
{
    return result ? result->candidate_count : 0;
}

const char *hvd_result_candidate(const hvd_result *result, size_t index)
{
    return result && index < result->candidate_count ? result->db->products[result->candidates[index]].info.id : NULL;
}

int hvd_result_candidate_info(hvd_product_info *out, const hvd_result *result, size_t index)
{
    if (!out || !result)
        return hvd__error(HVD_EINVALID, "hvd_result_candidate_info: invalid argument");
    if (index >= result->candidate_count)
        return hvd__error(HVD_ENOTFOUND, "no candidate at index %lu (%lu candidates)", (unsigned long)index,
                          (unsigned long)result->candidate_count);
    return hvd__vendor_db_fill_product(out, result->db, result->candidates[index]);
}

size_t hvd_result_layer_count(const hvd_result *result)
{
    return result ? result->layer_count : 0;
}

const hvd_layer *hvd_result_layer(const hvd_result *result, size_t index)
{
    return result && index < result->layer_count ? &result->layers[index] : NULL;
}

size_t hvd_result_container_count(const hvd_result *result)
{
    return result ? result->container_count : 0;
}

const char *hvd_result_container(const hvd_result *result, size_t index)
{
    return result && index < result->container_count ? result->containers[index] : NULL;
}

int hvd_result_containers_known(const hvd_result *result)
{
    return result ? result->containers_known : 0;
}

/* The id systemd-detect-virt prints for a product: its own, else its technology's. */
static const char *product_systemd_id(const hvd_vendor_db *db, size_t product)
{
    const char *own = db->products[product].systemd_id;
    return own ? own : db->technologies[db->products[product].technology].systemd_id;
}

const char *hvd_result_systemd_id(const hvd_result *result)
{
    if (!result)
        return "none";
    if (result->container_count > 0)
        return result->container_systemd_ids[0];
    if (result->virtualized != HVD_VIRTUALIZED_YES || result->role != HVD_ROLE_GUEST)
        return "none";
    if (result->technology >= 0)
        return result->product >= 0 ? product_systemd_id(result->db, (size_t)result->product)
                                    : result->db->technologies[result->technology].systemd_id;
    /* Candidates of technologies the evidence could not tell apart may still share an id (Hyper-V's and Virtual
     * PC's are both "microsoft"). */
    const char *shared = NULL;
    for (size_t i = 0; i < result->candidate_count; i++) {
        const char *id = product_systemd_id(result->db, result->candidates[i]);
        if (shared && strcmp(shared, id) != 0)
            return "vm-other";
        shared = id;
    }
    return shared ? shared : "vm-other";
}

size_t hvd_result_finding_count(const hvd_result *result)
{
    return result ? result->finding_count : 0;
}

const hvd_finding *hvd_result_finding(const hvd_result *result, size_t index)
{
    return result && index < result->finding_count ? &result->findings[index].shown : NULL;
}

const char *hvd_result_confidential(const hvd_result *result)
{
    if (!result)
        return NULL;
    return result->cvm_kind >= 0 ? result->db->confidential.kinds[result->cvm_kind].id : "none";
}

hvd_confidence hvd_result_confidential_confidence(const hvd_result *result)
{
    return result && result->cvm_kind >= 0 ? result->cvm_confidence : HVD_CONFIDENCE_NONE;
}

int hvd_result_paravisor(const hvd_result *result)
{
    return result ? result->paravisor : 0;
}

const char *hvd_result_cvm_systemd_id(const hvd_result *result)
{
    if (!result)
        return NULL;
    const char *id = result->cvm_kind >= 0 ? result->db->confidential.kinds[result->cvm_kind].systemd_id : NULL;
    return id ? id : "none";
}

size_t hvd_vendor_db_cvm_count(const hvd_vendor_db *db)
{
    return db ? db->confidential.kind_count : 0;
}

const char *hvd_vendor_db_cvm_id(const hvd_vendor_db *db, size_t index)
{
    return db && index < db->confidential.kind_count ? db->confidential.kinds[index].id : NULL;
}

const char *hvd_vendor_db_cvm_systemd_id(const hvd_vendor_db *db, size_t index)
{
    return db && index < db->confidential.kind_count ? db->confidential.kinds[index].systemd_id : NULL;
}
