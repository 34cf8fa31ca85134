/* SPDX-License-Identifier: MIT */
/* The identification engine: from the facts of one machine to the answer. The precedence is written here once:
 *
 * 1. Every signature of the vendor database is matched; a match ("hit") speaks for a technology and/or products,
 *    with a strength. Probes never judge; this is the only place evidence is weighed.
 * 2. A host signature (Xen's control_d, Hyper-V's CreatePartitions privilege) means this machine runs the
 *    hypervisor's management partition: the innermost layer is that hypervisor, in the host role. The firmware
 *    (DMI, ACPI, PCI) then tells whether that host is itself a virtual machine (a nested Hyper-V root in VMware).
 *    CPUID cannot: in a root partition it describes the hypervisor the host runs, not the one it runs in.
 * 3. Otherwise the technology is the one with the most weight, counting each kind of evidence (CPUID, DMI, ACPI,
 *    PCI, MAC, platform files) once at its strongest, so ten virtio devices do not outvote a DMI string. CPUID
 *    signatures that other hypervisors also present ("Microsoft Hv" on enlightened KVM, Xen, VirtualBox and
 *    Nutanix; "KVMKVMKVM" on VirtualBox and Parallels) are weak or interface signatures: a product-specific DMI
 *    string or a non-Microsoft signature at a higher base outweighs them, and they are then reported as explained
 *    rather than as contradictions. Evidence for another technology that is not explained is reported as such.
 *    Technologies the deciding step's evidence names alike are never told apart by the database's order: the one
 *    that all the others' evidence names too, with more of its own, is the answer; failing that, none is, and the
 *    products of all of them are the candidates (Microsoft's virtual machine firmware alone: Hyper-V or Virtual PC).
 * 4. The product is the most specific one the hits name (a refinement such as azure beats its parent hyperv); a
 *    product named only by weak hints is not pinned. When the evidence cannot pin one, the candidates are the
 *    products the hits leave possible, or the technology's list of unpinned products: never a guess.
 * 5. With nothing identified, a set hypervisor bit still means "virtual, unknown hypervisor"; a clear bit or
 *    physical firmware means "not virtual"; nothing readable at all means "cannot tell". */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/facts.h"
#include "engine/identify.h"
#include "engine/result.h"
#include "db/vendordb.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/text.h"

/* The kinds of evidence: each counts once per technology, at its strongest. */
typedef enum category {
    CATEGORY_CPUID,
    CATEGORY_FIRMWARE,
    CATEGORY_ACPI,
    CATEGORY_PCI,
    CATEGORY_NET,
    CATEGORY_PLATFORM,
    CATEGORY_COUNT
} category;

static const category source_categories[HVD__SOURCE_COUNT_] = {
    [HVD__SOURCE_CPUID] = CATEGORY_CPUID,       [HVD__SOURCE_CPUID_SIGNATURE] = CATEGORY_CPUID,
    [HVD__SOURCE_DMI] = CATEGORY_FIRMWARE,      [HVD__SOURCE_SMBIOS] = CATEGORY_FIRMWARE,
    [HVD__SOURCE_ACPI] = CATEGORY_ACPI,         [HVD__SOURCE_PCI] = CATEGORY_PCI,
    [HVD__SOURCE_NET] = CATEGORY_NET,           [HVD__SOURCE_PLATFORM] = CATEGORY_PLATFORM,
    [HVD__SOURCE_CONTAINER] = CATEGORY_PLATFORM, [HVD__SOURCE_WINDOWS] = CATEGORY_PLATFORM,
    [HVD__SOURCE_HOST] = CATEGORY_PLATFORM,
    [HVD__SOURCE_OTHER] = CATEGORY_PLATFORM,
};

/* Firmware describes the virtual hardware a machine runs on, so it alone can show a host's outer layer. */
static int is_firmware_category(category kind)
{
    return kind == CATEGORY_FIRMWARE || kind == CATEGORY_ACPI || kind == CATEGORY_PCI;
}

static category category_of(const hvd__condition *condition)
{
    return source_categories[condition->source_index];
}

typedef struct hit {
    const hvd__signature *signature;
    const hvd__fact *fact;
    category kind;
} hit;

/* The strongest hit of each kind of evidence for a target, and the strongest of all (weigh). */
typedef struct weights {
    unsigned best[CATEGORY_COUNT];
    unsigned strongest;
} weights;

typedef struct engine {
    const hvd_vendor_db *db;
    hvd__facts facts;
    hit *hits;
    size_t hit_count;
    weights *technology_weights; /* one per technology, for ranking them (weigh_technologies) */
    hvd_result *result;
} engine;

/* ---- matching ---- */

static const hvd__fact *match_all(const hvd__facts *facts, const hvd__condition *conditions, size_t count)
{
    const hvd__fact *first = NULL;
    for (size_t i = 0; i < count; i++) {
        const hvd__fact *fact = hvd__facts_match(facts, &conditions[i]);
        if (conditions[i].negated ? fact != NULL : fact == NULL)
            return NULL;
        if (!first)
            first = fact; /* the first condition is never negated (the loader checks) */
    }
    return first;
}

/* Whether every condition holds: some fact satisfies each one, none a negated one. */
static int conditions_hold(const hvd__facts *facts, const hvd__condition *conditions, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if ((hvd__facts_match(facts, &conditions[i]) != NULL) == conditions[i].negated)
            return 0;
    return 1;
}

/* Stands for the first fact of a signature filed under no key: it is found by scanning (collect_hits). */
static const hvd__fact scanned_signature;
#define SCANNED (&scanned_signature)

/* For each signature that a fact may start, the first such fact: fact[i] is set only where bit i of started is, so
 * that neither clearing it for an evidence set nor visiting what is set costs a pass over every signature of the
 * database (a thousand, of which a bundle starts a few dozen). */
typedef struct first_facts {
    const hvd__fact **fact;
    uint64_t *started;
} first_facts;

static void start_signature(first_facts *first, size_t signature, const hvd__fact *fact)
{
    first->fact[signature] = fact;
    first->started[signature / 64] |= (uint64_t)1 << (signature % 64);
}

static int is_started(const first_facts *first, size_t signature)
{
    return (int)(first->started[signature / 64] >> (signature % 64) & 1);
}

/* The index of the lowest bit set in bits (not 0). */
static unsigned lowest_bit(uint64_t bits)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(bits);
#else
    unsigned bit = 0;
    while (!(bits >> bit & 1))
        bit++;
    return bit;
#endif
}

/* Records, for each signature filed under the fact's key or its last part key[0..length) whose first condition the
 * fact satisfies, the fact: their first condition names that key, or keys ending in that part, so only the
 * comparison is left. Facts come in the order hvd__facts_match() scans them, so the first one recorded is the one it
 * would find. */
static void mark_filed(const engine *e, const hvd__fact *fact, hvd__filing filing, const char *key, size_t length,
                       first_facts *first)
{
    size_t filed = 0;
    const size_t *members =
        hvd__signature_index_find(&e->db->signature_index, (int)fact->source, filing, key, length, &filed);
    for (size_t m = 0; m < filed; m++) {
        const hvd__condition *condition = &e->db->signatures[members[m]].conditions[0];
        if (!is_started(first, members[m]) && hvd__fact_value_fits(fact, condition) &&
            hvd__fact_value_satisfies(fact, condition))
            start_signature(first, members[m], fact);
    }
}

/* For each signature, the first fact that satisfies its first condition, found through the index: by each fact's
 * (source, key) and its key's last part. Not started for a signature no fact can start: its first condition holds
 * for none. SCANNED for a signature filed under no key (and for every signature of a database without an index),
 * whose facts are found by scanning its source. */
static void find_first_facts(const engine *e, first_facts *first)
{
    const hvd__signature_index *index = &e->db->signature_index;
    if (!index->slots) {
        for (size_t i = 0; i < e->db->signature_count; i++)
            start_signature(first, i, SCANNED);
        return;
    }
    for (size_t i = 0; i < index->scanned_count; i++)
        start_signature(first, index->scanned[i], SCANNED);
    for (size_t f = 0; f < e->facts.count; f++) {
        const hvd__fact *fact = &e->facts.items[f];
        mark_filed(e, fact, HVD__FILED_BY_KEY, fact->key, fact->key_length, first);
        if (!index->lengths[fact->source][HVD__FILED_BY_LAST_PART])
            continue; /* nothing of the source is filed by a last part (most facts: cpuid, pci, dmi) */
        size_t suffix = hvd__signature_key_suffix(fact->key, fact->key_length);
        if (suffix < fact->key_length)
            mark_filed(e, fact, HVD__FILED_BY_LAST_PART, fact->key + suffix, fact->key_length - suffix, first);
    }
}

static int collect_hits(engine *e)
{
    size_t words = (e->db->signature_count + 63) / 64;
    e->hits = malloc((e->db->signature_count + 1) * sizeof(*e->hits)); /* the first hit_count are set */
    first_facts first = {malloc((e->db->signature_count + 1) * sizeof(*first.fact)),
                         calloc(words + 1, sizeof(*first.started))};
    if (!e->hits || !first.fact || !first.started) {
        free(first.fact);
        free(first.started);
        return -1;
    }
    find_first_facts(e, &first);
    /* The started signatures in database order (the order hits are reported in): word by word, lowest bit first. */
    for (size_t w = 0; w < words; w++)
        for (uint64_t bits = first.started[w]; bits; bits &= bits - 1) {
            size_t i = w * 64 + lowest_bit(bits);
            const hvd__signature *signature = &e->db->signatures[i];
            const hvd__fact *fact;
            if (first.fact[i] == SCANNED)
                fact = match_all(&e->facts, signature->conditions, signature->condition_count);
            else /* its first condition is met by its first fact; the rest are checked as match_all does */
                fact = conditions_hold(&e->facts, signature->conditions + 1, signature->condition_count - 1)
                           ? first.fact[i]
                           : NULL;
            if (fact)
                e->hits[e->hit_count++] = (hit){signature, fact, category_of(&signature->conditions[0])};
        }
    free(first.fact);
    free(first.started);
    return 0;
}

static int speaks_for(const hvd_vendor_db *db, const hvd__signature *signature, long technology)
{
    if (technology < 0)
        return 0;
    if (signature->technology == technology)
        return 1;
    for (size_t i = 0; i < signature->product_count; i++)
        if (db->products[signature->products[i]].technology == technology)
            return 1;
    return 0;
}

/* ---- weighing technologies ---- */

/* Which hits a ranking counts. Physical-hardware hits name no technology and never count, nor do hits of role any,
 * which name a technology but not whether the machine is its guest. */
typedef struct filter {
    unsigned categories;     /* a bit (1u << category) for each kind of evidence that counts */
    int host_hits;           /* count hits with role host */
    int interfaces;          /* count interface signatures (KVMKVMKVM, Microsoft Hv) */
    int outer_firmware;      /* a host's outer layer: no CPUID condition and no cloud string that bare metal has */
    int hints_decide;        /* a technology named by hints only still ranks (the interface step's last resort) */
} filter;

#define CATEGORY_BIT(c) (1u << (c))
enum {
    FIRMWARE_CATEGORIES = CATEGORY_BIT(CATEGORY_FIRMWARE) | CATEGORY_BIT(CATEGORY_ACPI) | CATEGORY_BIT(CATEGORY_PCI),
    ALL_CATEGORIES = (1u << CATEGORY_COUNT) - 1u,
};

/* Every kind of evidence a guest's answer weighs, the interface signatures included. */
static const filter EVERY_KIND = {.categories = ALL_CATEGORIES, .interfaces = 1};

static int has_cpuid_condition(const hvd__signature *signature)
{
    for (size_t i = 0; i < signature->condition_count; i++)
        if (category_of(&signature->conditions[i]) == CATEGORY_CPUID)
            return 1;
    return 0;
}

/* Whether a hit counts under the filter. A host's outer layer is judged from firmware alone: CPUID there describes
 * the hypervisor the host runs, and a cloud's bare-metal strings say nothing about being virtual. */
static int hit_counts(const hit *h, filter f)
{
    const hvd__signature *signature = h->signature;
    if (signature->role_physical || signature->role_virtual || signature->outer_layer || signature->role_any ||
        (signature->role_host && !f.host_hits) || (signature->interface && !f.interfaces))
        return 0;
    if (!(f.categories & CATEGORY_BIT(h->kind)))
        return 0;
    return !f.outer_firmware || (!has_cpuid_condition(signature) && !signature->bare_metal_too);
}

/* What a score is about: a technology, or one product. */
typedef struct target {
    int is_product;
    long index;
} target;

static int hit_names(const hvd_vendor_db *db, const hvd__signature *signature, target t)
{
    if (!t.is_product)
        return speaks_for(db, signature, t.index);
    for (size_t p = 0; p < signature->product_count; p++)
        if ((long)signature->products[p] == t.index)
            return 1;
    return 0;
}

static void add_weight(weights *w, const hit *h)
{
    unsigned strength = (unsigned)h->signature->strength;
    if (strength > w->best[h->kind])
        w->best[h->kind] = strength;
    if (strength > w->strongest)
        w->strongest = strength;
}

/* The weight of the evidence for a target: each kind of evidence counts once, at its strongest, so ten virtio
 * devices do not outvote a DMI string. Hints add up to no more than a hint: a target named by weak signatures only
 * weighs at most HVD__STRENGTH_WEAK, however many there are. */
static unsigned weight_score(const weights *w)
{
    unsigned score = 0;
    for (int c = 0; c < CATEGORY_COUNT; c++)
        score += w->best[c];
    return w->strongest <= HVD__STRENGTH_WEAK && score > HVD__STRENGTH_WEAK ? HVD__STRENGTH_WEAK : score;
}

static unsigned weigh(const engine *e, target t, filter f)
{
    weights w = {{0}, 0};
    for (size_t i = 0; i < e->hit_count; i++)
        if (hit_counts(&e->hits[i], f) && hit_names(e->db, e->hits[i].signature, t))
            add_weight(&w, &e->hits[i]);
    return weight_score(&w);
}

/* The weights of every technology, in one pass over the hits: a hit counts for each technology it speaks for (its
 * own and its products'; counting one twice changes no maximum). */
static void weigh_technologies(const engine *e, filter f)
{
    memset(e->technology_weights, 0, e->db->technology_count * sizeof(*e->technology_weights));
    for (size_t i = 0; i < e->hit_count; i++) {
        const hit *h = &e->hits[i];
        if (!hit_counts(h, f))
            continue;
        if (h->signature->technology >= 0)
            add_weight(&e->technology_weights[h->signature->technology], h);
        for (size_t p = 0; p < h->signature->product_count; p++)
            add_weight(&e->technology_weights[e->db->products[h->signature->products[p]].technology], h);
    }
}

/* A technology named by hints only (a MAC prefix, a "Microsoft Hv" leaf that KVM, Xen and VirtualBox also
 * present) is not identified at all. */
static unsigned technology_score(const engine *e, long technology, filter f)
{
    unsigned score = weight_score(&e->technology_weights[technology]);
    return score > HVD__STRENGTH_WEAK || (f.hints_decide && score > 0) ? score : 0;
}

static int has_cpuid_hit(const engine *e, long technology)
{
    for (size_t i = 0; i < e->hit_count; i++)
        if (e->hits[i].kind == CATEGORY_CPUID && !e->hits[i].signature->interface &&
            speaks_for(e->db, e->hits[i].signature, technology))
            return 1;
    return 0;
}

typedef struct ranking {
    long best;
    unsigned best_score;
    long runner_up;
    unsigned runner_up_score;
    filter by; /* the evidence the step counted */
} ranking;

/* A tie goes to the technology CPUID names with its own (non-interface) signature: the firmware Microsoft's virtual
 * machines share, with VMware's or Xen's own leaf behind it. */
static int wins_tie(const engine *e, long technology, long other)
{
    return has_cpuid_hit(e, technology) && !has_cpuid_hit(e, other);
}

/* Ranks technologies by score; a tie that CPUID does not break stays one (see decide_guest). */
static ranking rank_technologies(const engine *e, filter f)
{
    ranking r = {-1, 0, -1, 0, f};
    weigh_technologies(e, f);
    for (size_t t = 0; t < e->db->technology_count; t++) {
        unsigned score = technology_score(e, (long)t, f);
        if (score == 0)
            continue;
        if (score > r.best_score || (score == r.best_score && wins_tie(e, (long)t, r.best))) {
            r.runner_up = r.best;
            r.runner_up_score = r.best_score;
            r.best = (long)t;
            r.best_score = score;
        } else if (score > r.runner_up_score) {
            r.runner_up = (long)t;
            r.runner_up_score = score;
        }
    }
    return r;
}

/* Whether the evidence for one technology is all evidence for another, which has more besides (QEMU's pseries
 * machine, which KVM and TCG share, beside KVM's hypervisor node): the other is the more specific answer. */
static int evidence_within(const engine *e, long narrower, long wider)
{
    int more = 0;
    for (size_t i = 0; i < e->hit_count; i++) {
        const hvd__signature *signature = e->hits[i].signature;
        if (!hit_counts(&e->hits[i], EVERY_KIND))
            continue;
        int in_narrower = speaks_for(e->db, signature, narrower), in_wider = speaks_for(e->db, signature, wider);
        if (in_narrower && !in_wider)
            return 0;
        more |= in_wider && !in_narrower;
    }
    return more;
}

/* ---- findings ---- */

static const char *points_to(const engine *e, const hvd__signature *signature)
{
    if (signature->role_physical)
        return "physical-hardware";
    if (signature->role_virtual)
        return "virtual-hardware";
    if (signature->product_count == 1)
        return e->db->products[signature->products[0]].info.id;
    if (signature->technology >= 0)
        return e->db->technologies[signature->technology].id;
    if (signature->product_count > 0)
        return e->db->technologies[e->db->products[signature->products[0]].technology].id;
    return NULL;
}

static void add_hit_finding(engine *e, const hit *h, hvd_finding_kind kind, const char *text)
{
    hvd__result_add_finding(e->result, kind, h->signature->id, points_to(e, h->signature),
                            h->signature->strength, h->fact->observation->source,
                            h->fact->observation->key, h->fact->value, text ? text : h->signature->why);
}

static void add_reason(engine *e, const char *text)
{
    hvd__result_add_finding(e->result, HVD_FINDING_REASON, NULL, NULL, 0, NULL, NULL, NULL, text);
}

/* A finding's text that quotes the database's or the evidence's strings, formatted whole: a fixed buffer would cut
 * a long one inside a UTF-8 character. NULL when the result keeps no findings, or (the result marked out of memory)
 * when it cannot be allocated. */
static char *compose(engine *e, const char *format, ...) HVD__PRINTF(2, 3);
static char *compose(engine *e, const char *format, ...)
{
    if (e->result->without_findings)
        return NULL; /* nothing would be added */
    hvd__strbuf text = {0};
    va_list args;
    va_start(args, format);
    hvd__strbuf_vprintf(&text, format, args);
    va_end(args);
    char *whole = hvd__strbuf_detach(&text);
    if (!whole)
        e->result->out_of_memory = 1;
    return whole;
}

static void add_reason_composed(engine *e, char *text)
{
    if (text)
        add_reason(e, text);
    free(text);
}

static int speaks_for_any(const hvd_vendor_db *db, const hvd__signature *signature, const long *technologies,
                          size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (speaks_for(db, signature, technologies[i]))
            return 1;
    return 0;
}

/* Sorts every hit into supporting, explained or contradicting the answer: the technologies it names (the guest's
 * and a nested host's own, or those tied), which may be none. */
static void report_hits(engine *e, const long *technologies, size_t count)
{
    if (e->result->without_findings)
        return; /* nothing would be added, and the explained texts would be written for nothing */
    for (size_t i = 0; i < e->hit_count; i++) {
        const hit *h = &e->hits[i];
        if (h->signature->outer_layer) {
            add_hit_finding(e, h, HVD_FINDING_SUPPORTS, NULL); /* it shows an outer layer, listed with the layers */
        } else if (h->signature->role_physical || h->signature->role_virtual) {
            /* Hardware that shows physical or virtual machines supports the answer that agrees with it. */
            int agrees = (e->result->virtualized == HVD_VIRTUALIZED_NO) == h->signature->role_physical;
            add_hit_finding(e, h, agrees ? HVD_FINDING_SUPPORTS : HVD_FINDING_CONTRADICTS, NULL);
        } else if (speaks_for_any(e->db, h->signature, technologies, count)) {
            add_hit_finding(e, h, HVD_FINDING_SUPPORTS, NULL);
        } else if (h->signature->interface || h->signature->strength == HVD__STRENGTH_WEAK) {
            char *text = compose(e, "%s Here it is %s", h->signature->why,
                                 h->signature->interface
                                     ? "an interface that another hypervisor presents (enlightenments)."
                                     : "only a hint, outweighed by stronger evidence.");
            if (text)
                add_hit_finding(e, h, HVD_FINDING_EXPLAINED, text);
            free(text);
        } else {
            add_hit_finding(e, h, HVD_FINDING_CONTRADICTS, NULL);
        }
    }
}

/* ---- products ---- */

static int is_ancestor(const hvd_vendor_db *db, size_t ancestor, size_t product)
{
    for (long p = db->products[product].parent, depth = 0; p >= 0 && depth < 16; p = db->products[p].parent, depth++)
        if ((size_t)p == ancestor)
            return 1;
    return 0;
}

static int add_candidate(hvd_result *result, size_t product)
{
    for (size_t i = 0; i < result->candidate_count; i++)
        if (result->candidates[i] == product)
            return 0;
    result->candidates[result->candidate_count++] = product;
    return 1;
}

/* A product is pinned only on more than a hint; weak hints order the candidates but decide nothing. */
static int pins(unsigned score)
{
    return score > HVD__STRENGTH_WEAK;
}

/* Each product of the technology is weighed like a technology, so the Oracle VM version string plus Oracle's MAC
 * prefix outweigh the OEM strings every XAPI-managed Xen shares. */
static void product_scores(const engine *e, long technology, unsigned *scores)
{
    for (size_t product = 0; product < e->db->product_count; product++)
        if (e->db->products[product].technology == technology)
            scores[product] = weigh(e, (target){1, (long)product},
                                    (filter){.categories = ALL_CATEGORIES, .host_hits = 1, .interfaces = 1});
}

/* A product whose refinement was also named on more than a hint gives way to it (azure over hyperv). */
static void suppress_refined_parents(const hvd_vendor_db *db, unsigned *scores)
{
    for (size_t a = 0; a < db->product_count; a++)
        for (size_t b = 0; b < db->product_count && scores[a]; b++)
            if (pins(scores[b]) && is_ancestor(db, a, b))
                scores[a] = 0;
}

/* The products with the top score. A hint of a refinement of a sole winner (Proxmox's MAC prefix on QEMU's
 * defaults) leaves the choice open between the two, the refinement listed first as the likelier. */
static void add_top_products(hvd_result *result, const unsigned *scores, unsigned top)
{
    const hvd_vendor_db *db = result->db;
    size_t first = result->candidate_count;
    for (size_t p = 0; p < db->product_count; p++)
        if (scores[p] == top)
            add_candidate(result, p);
    if (result->candidate_count != first + 1)
        return;
    size_t pinned = result->candidates[first];
    for (size_t p = 0; p < db->product_count; p++)
        if (scores[p] > 0 && !pins(scores[p]) && is_ancestor(db, pinned, p)) {
            result->candidates[first] = p;
            result->candidates[first + 1] = pinned;
            result->candidate_count = first + 2;
            return;
        }
}

/* Nothing pins a product: the hinted ones first, then every product the technology leaves possible. */
static void add_unpinned_products(hvd_result *result, const unsigned *scores, long technology)
{
    const hvd_vendor_db *db = result->db;
    for (size_t p = 0; p < db->product_count; p++)
        if (scores[p] > 0)
            add_candidate(result, p);
    const hvd__technology *tech = &db->technologies[technology];
    for (size_t i = 0; i < tech->unpinned_count; i++)
        add_candidate(result, tech->unpinned[i]);
}

/* The products the evidence leaves: those of the identified technology, or of each technology tied with it. One left
 * is the product; more are candidates. */
static void choose_products(engine *e, const long *technologies, size_t count)
{
    const hvd_vendor_db *db = e->db;
    hvd_result *result = e->result;
    unsigned *scores = calloc(db->product_count + 1, sizeof(*scores));
    result->candidates = calloc(db->product_count + 1, sizeof(*result->candidates));
    if (!scores || !result->candidates) {
        free(scores);
        result->out_of_memory = 1;
        return;
    }
    for (size_t i = 0; i < count; i++) {
        memset(scores, 0, (db->product_count + 1) * sizeof(*scores));
        product_scores(e, technologies[i], scores);
        suppress_refined_parents(db, scores);
        unsigned top = 0;
        for (size_t p = 0; p < db->product_count; p++)
            if (scores[p] > top)
                top = scores[p];
        if (pins(top))
            add_top_products(result, scores, top);
        else
            add_unpinned_products(result, scores, technologies[i]);
    }
    if (result->candidate_count == 1) {
        result->product = (long)result->candidates[0];
        result->candidate_count = 0;
    }
    free(scores);
}

static void choose_product(engine *e, long technology)
{
    choose_products(e, &technology, 1);
}

/* The vendor (or cloud) of the product, or the one every candidate shares. */
static void choose_vendor_and_cloud(hvd_result *result)
{
    const hvd_vendor_db *db = result->db;
    if (result->product >= 0) {
        result->vendor = db->products[result->product].info.vendor;
        result->cloud = db->products[result->product].info.cloud;
        return;
    }
    for (size_t i = 0; i < result->candidate_count; i++) {
        const hvd_product_info *info = &db->products[result->candidates[i]].info;
        if (i == 0) {
            result->vendor = info->vendor;
            result->cloud = info->cloud;
            continue;
        }
        if (!result->vendor || strcmp(result->vendor, info->vendor) != 0)
            result->vendor = NULL;
        if (!result->cloud || !info->cloud || strcmp(result->cloud, info->cloud) != 0)
            result->cloud = NULL;
    }
}

/* ---- confidence, concealment, layers ---- */

/* High confidence needs at least the weight of one definitive signature, or of two strong ones of different kinds
 * (each kind of evidence counts once): one strong signature alone leaves the answer at medium. */
enum { HIGH_CONFIDENCE_SCORE = HVD__STRENGTH_DEFINITIVE };

static hvd_confidence guest_confidence(const engine *e, const ranking *r, int concealed)
{
    size_t kinds = 0;
    for (int c = 0; c < CATEGORY_COUNT; c++)
        for (size_t i = 0; i < e->hit_count; i++)
            if ((int)e->hits[i].kind == c && speaks_for(e->db, e->hits[i].signature, r->best)) {
                kinds++;
                break;
            }
    /* A runner-up all of whose evidence names the answer too (QEMU's firmware, which KVM and TCG share, beside KVM's
     * leaf) contests nothing. */
    int contested = r->runner_up >= 0 && r->runner_up_score * 2 >= r->best_score &&
                    !evidence_within(e, r->runner_up, r->best);
    hvd_confidence confidence = HVD_CONFIDENCE_LOW;
    if (r->best_score >= HIGH_CONFIDENCE_SCORE && kinds >= 2 && !contested)
        confidence = HVD_CONFIDENCE_HIGH;
    else if (r->best_score >= HVD__STRENGTH_STRONG)
        confidence = HVD_CONFIDENCE_MEDIUM;
    if (concealed && confidence > HVD_CONFIDENCE_MEDIUM)
        confidence = HVD_CONFIDENCE_MEDIUM;
    return confidence;
}

/* A hypervisor that some signature shows in CPUID, found while CPUID shows no hypervisor at all, has hidden
 * itself (VMware's hypervisor.cpuid.v0 = FALSE, QEMU's kvm=off). */
static int is_concealed(const engine *e, long technology)
{
    if (!e->facts.cpuid_read || !e->db->technologies[technology].has_cpuid_signature)
        return 0;
    return e->facts.hypervisor_bit == 0 || e->facts.cpuid_base_count == 0;
}

static void add_layer(hvd_result *result, long technology, long product, hvd_role role, const char *basis)
{
    if (result->layer_count == HVD__LAYERS_MAX)
        return;
    hvd_layer layer = {result->db->technologies[technology].id,
                       product >= 0 ? result->db->products[product].info.id : NULL, role, basis};
    result->layers[result->layer_count++] = layer;
}

static const char *db_product_id(const hvd_result *result)
{
    return result->db->products[result->product].info.id;
}

static const hit *first_host_hit(const engine *e)
{
    for (size_t i = 0; i < e->hit_count; i++)
        if (e->hits[i].signature->role_host)
            return &e->hits[i];
    return NULL;
}

static long technology_of_hit(const engine *e, const hit *h)
{
    if (h->signature->technology >= 0)
        return h->signature->technology;
    return h->signature->product_count ? e->db->products[h->signature->products[0]].technology : -1;
}

/* What shows a layer: CPUID when its own signature is there, else firmware, else platform files only. */
static const char *layer_basis(const engine *e, long technology)
{
    if (has_cpuid_hit(e, technology))
        return "cpuid";
    for (size_t i = 0; i < e->hit_count; i++)
        if (is_firmware_category(e->hits[i].kind) && speaks_for(e->db, e->hits[i].signature, technology))
            return "firmware";
    return "platform";
}

/* ---- the cases ---- */

/* Xen says how each domain is virtualized; the kernel exports it as "PV", "HVM" or "PVH". */
static void record_guest_type(engine *e)
{
    static const char *const known[] = {"pv", "hvm", "pvh"};
    const char *type = hvd__facts_value(&e->facts, HVD__K_PLATFORM_XEN_GUEST_TYPE);
    for (size_t i = 0; type && i < sizeof(known) / sizeof(known[0]); i++)
        if (hvd__text_casecmp(type, known[i]) == 0)
            snprintf(e->result->guest_type, sizeof(e->result->guest_type), "%s", known[i]);
}

/* Layers outside the guest that the platform lists itself (IBM Z's /proc/sysinfo: VM00 is the guest's own
 * hypervisor, VM01 the one that runs it, the LPAR block PR/SM below all): added outwards, nearest first. */
static void add_outer_layers(engine *e)
{
    for (int depth = 1; depth <= 8; depth++)
        for (size_t i = 0; i < e->hit_count; i++) {
            const hvd__signature *signature = e->hits[i].signature;
            long technology = technology_of_hit(e, &e->hits[i]);
            if (signature->outer_layer == depth && technology >= 0) {
                add_layer(e->result, technology, signature->product_count == 1 ? (long)signature->products[0] : -1,
                          HVD_ROLE_GUEST, "platform");
                break;
            }
        }
}

static void identify_guest(engine *e, ranking r, long technology, long host_technology)
{
    hvd_result *result = e->result;
    record_guest_type(e);
    result->technology = technology;
    result->virtualized = HVD_VIRTUALIZED_YES;
    result->role = HVD_ROLE_GUEST;
    result->concealed = is_concealed(e, technology);
    result->confidence = guest_confidence(e, &r, result->concealed);
    choose_product(e, technology);
    choose_vendor_and_cloud(result);
    add_layer(result, technology, result->product, HVD_ROLE_GUEST, layer_basis(e, technology));
    add_outer_layers(e);
    if (result->concealed)
        add_reason(e, e->facts.hypervisor_bit == 0
                          ? "CPUID's hypervisor bit is clear although the firmware is a hypervisor's: the hypervisor "
                            "hides itself from CPUID"
                          : "CPUID's hypervisor bit is set but no hypervisor signature is present: the signature is "
                            "hidden");
    report_hits(e, (long[]){technology, host_technology}, 2);
}

static void identify_host(engine *e, const hit *host)
{
    hvd_result *result = e->result;
    long host_technology = technology_of_hit(e, host);
    if (host_technology < 0)
        return;
    add_layer(result, host_technology, -1, HVD_ROLE_HOST, host->kind == CATEGORY_CPUID ? "cpuid" : "platform");
    ranking outer = rank_technologies(e, (filter){.categories = FIRMWARE_CATEGORIES, .outer_firmware = 1});
    if (outer.best >= 0 && outer.best_score >= HVD__STRENGTH_STRONG) {
        add_reason(e, "this machine hosts a hypervisor and its firmware is itself a virtual machine's: a nested "
                      "host inside a guest");
        identify_guest(e, outer, outer.best, host_technology);
        return;
    }
    result->technology = host_technology;
    result->virtualized = HVD_VIRTUALIZED_NO;
    result->role = HVD_ROLE_HOST;
    choose_product(e, host_technology);
    choose_vendor_and_cloud(result);
    result->layers[0].product = result->product >= 0 ? db_product_id(result) : NULL;
    result->confidence = host->signature->strength >= HVD__STRENGTH_STRONG ? HVD_CONFIDENCE_HIGH
                                                                           : HVD_CONFIDENCE_MEDIUM;
    add_reason(e, "this machine runs the hypervisor's management partition (it is the host, not a guest)");
    report_hits(e, &host_technology, 1);
}

static int has_physical_hit(const engine *e)
{
    for (size_t i = 0; i < e->hit_count; i++)
        if (e->hits[i].signature->role_physical)
            return 1;
    return 0;
}

/* Some vendors' strings appear on physical machines too (a cloud's bare-metal instances, a hyperconverged
 * appliance's nodes). When such strings are all that name the technology and the machine shows physical evidence
 * (the CPU's hypervisor bit clear; without CPUID, the SMBIOS VM bit clear or firmware only hardware has), this is
 * that vendor's bare metal, not a guest. */
static int is_vendor_bare_metal(const engine *e, long technology)
{
    const char *vm_bit = hvd__facts_value(&e->facts, HVD__K_SMBIOS_VM_BIT);
    if ((vm_bit && strcmp(vm_bit, "1") == 0) || e->facts.hypervisor_bit == 1)
        return 0;
    int physical = e->facts.hypervisor_bit == 0 || vm_bit || has_physical_hit(e);
    if (!physical)
        return 0;
    int vendor_hits = 0;
    for (size_t i = 0; i < e->hit_count; i++) {
        const hvd__signature *signature = e->hits[i].signature;
        if (!speaks_for(e->db, signature, technology) || signature->strength == HVD__STRENGTH_WEAK ||
            signature->interface)
            continue;
        if (!signature->bare_metal_too)
            return 0;
        vendor_hits++;
    }
    return vendor_hits > 0;
}

static void identify_vendor_bare_metal(engine *e, long technology)
{
    hvd_result *result = e->result;
    result->virtualized = HVD_VIRTUALIZED_NO;
    result->confidence = HVD_CONFIDENCE_MEDIUM;
    choose_product(e, technology);
    choose_vendor_and_cloud(result);
    /* The product named is the vendor's virtual machine product; its bare metal is not one. */
    result->product = -1;
    result->candidate_count = 0;
    result->vendor = NULL;
    add_reason(e, "the firmware names a vendor whose physical machines carry the same strings (a cloud's bare-metal "
                  "instances, an appliance's nodes), and the machine shows no hypervisor: that vendor's bare metal");
    report_hits(e, &technology, 1);
}

/* Why nothing was identified: signatures the database does not know, and a system vendor no signature names. */
static void explain_unidentified(engine *e)
{
    for (size_t i = e->facts.begin[HVD__SOURCE_CPUID_SIGNATURE]; i < e->facts.begin[HVD__SOURCE_CPUID_SIGNATURE + 1];
         i++) {
        const hvd__fact *fact = &e->facts.items[i];
        add_reason_composed(e, compose(e, "CPUID signature \"%s\" at %.*s is not in the vendor database", fact->value,
                                       (int)fact->key_length, fact->key));
    }
    if (e->facts.dmi_vendor)
        add_reason_composed(
            e, compose(e, "the system vendor \"%s\" matches no hypervisor signature", e->facts.dmi_vendor));
}

/* ---- the decision, step by step ----
 *
 * Each step weighs one kind of evidence and answers when that evidence can; the first step that answers decides,
 * and the answer names it (basis). Scores order what one step weighs; they never decide between steps. */

/* Whether the step's evidence names a technology as strongly as its best, and CPUID's own signature does not set the
 * best apart (the weights are the step's: nothing weighs technologies between a step's ranking and its decision). */
static int alike_in_step(const engine *e, const ranking *r, long technology)
{
    return technology != r->best && technology_score(e, technology, r->by) == r->best_score &&
           !wins_tie(e, r->best, technology);
}

/* The technologies the step names alike, the best first, less those whose evidence is all evidence for another of
 * them with more besides: what no evidence sets apart. Returns how many are left in alike. */
static size_t alike_technologies(const engine *e, const ranking *r, long *alike)
{
    size_t count = 0;
    alike[count++] = r->best;
    for (size_t t = 0; t < e->db->technology_count; t++)
        if (alike_in_step(e, r, (long)t))
            alike[count++] = (long)t;
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        int surpassed = 0;
        for (size_t j = 0; j < count && !surpassed; j++)
            surpassed = j != i && evidence_within(e, alike[i], alike[j]);
        if (!surpassed)
            alike[kept++] = alike[i];
    }
    return kept;
}

/* Virtual, and the evidence names several technologies alike: no technology, the products of all of them as
 * candidates, and the layers outside that the platform lists. */
static void identify_undecided_guest(engine *e, const long *technologies, size_t count)
{
    hvd_result *result = e->result;
    record_guest_type(e);
    result->virtualized = HVD_VIRTUALIZED_YES;
    result->role = HVD_ROLE_GUEST;
    result->confidence = HVD_CONFIDENCE_LOW;
    choose_products(e, technologies, count);
    choose_vendor_and_cloud(result);
    add_outer_layers(e);
    if (!result->without_findings) {
        hvd__strbuf text = {0};
        hvd__strbuf_append(&text, "the evidence names");
        for (size_t i = 0; i < count; i++)
            hvd__strbuf_printf(&text, "%s%s", i == 0 ? " " : i + 1 == count ? " and " : ", ",
                               e->db->technologies[technologies[i]].id);
        hvd__strbuf_append(&text, " alike, and nothing read tells them apart: the candidates are listed");
        if (!text.failed)
            add_reason(e, text.data);
        hvd__strbuf_free(&text);
    }
    report_hits(e, technologies, count);
}

/* Identifies the technology at the top of the step as a guest's; where the step's evidence names several alike,
 * the one no other evidence leaves behind, or none (identify_undecided_guest). The confidence weighs every kind of
 * evidence for it, the interface signatures included; the runner-up is the step's own. */
static int decide_guest(engine *e, ranking r, const char *basis)
{
    if (r.best < 0)
        return 0;
    e->result->basis = basis;
    size_t alike_count = 1;
    for (size_t t = 0; t < e->db->technology_count; t++)
        alike_count += (size_t)alike_in_step(e, &r, (long)t);
    if (alike_count > 1) {
        long *alike = malloc(alike_count * sizeof(*alike));
        if (!alike) {
            e->result->out_of_memory = 1;
            return 1;
        }
        size_t left = alike_technologies(e, &r, alike);
        if (left > 1) {
            identify_undecided_guest(e, alike, left);
            free(alike);
            return 1;
        }
        if (alike[0] != r.best) { /* the other evidence broke the step's tie the other way */
            r.runner_up = r.best;
            r.runner_up_score = r.best_score;
            r.best = alike[0];
        }
        free(alike);
    }
    r.best_score = weigh(e, (target){0, r.best}, EVERY_KIND);
    identify_guest(e, r, r.best, -1);
    return 1;
}

/* 1. A host's privileges (Xen's control domain, Hyper-V's root partition) make this machine the host. CPUID there
 *    describes the hypervisor the host runs, so this comes before every step that reads CPUID. */
static int step_host_partition(engine *e)
{
    const hit *host = first_host_hit(e);
    if (!host || technology_of_hit(e, host) < 0)
        return 0;
    e->result->basis = "host-partition";
    identify_host(e, host);
    return 1;
}

/* The technology a definitive CPUID signature names (TCGTCGTCGTCG, Virtual PC's firmware without the hypervisor
 * bit), or -1. */
static long definitive_cpuid_technology(const engine *e)
{
    for (size_t i = 0; i < e->hit_count; i++) {
        const hit *h = &e->hits[i];
        if (h->kind == CATEGORY_CPUID && h->signature->strength == HVD__STRENGTH_DEFINITIVE &&
            !h->signature->interface && !h->signature->role_host && !h->signature->role_physical)
            return technology_of_hit(e, h);
    }
    return -1;
}

/* 2. The firmware's identity: DMI/SMBIOS strings, ACPI and PCI ids of virtual hardware name what built the machine,
 *    whatever interface its CPUID presents (Parallels and VirtualBox show KVMKVMKVM; Nutanix, Xen and VirtualBox
 *    show Microsoft Hv). A vendor's strings that its physical machines carry too need no physical evidence against
 *    them. */
static int step_firmware_identity(engine *e)
{
    filter firmware = {.categories = FIRMWARE_CATEGORIES};
    ranking r = rank_technologies(e, firmware);
    if (r.best < 0)
        return 0;
    /* Some firmware is shared by technologies (QEMU's under KVM or TCG; Microsoft's virtual machine under Hyper-V
     * or Virtual PC): a definitive CPUID signature, one only a single technology produces, tells which runs it. */
    long definitive = definitive_cpuid_technology(e);
    if (definitive >= 0) {
        r.best = definitive;
        r.best_score = technology_score(e, definitive, r.by);
    }
    if (is_vendor_bare_metal(e, r.best)) {
        e->result->basis = "vendor-bare-metal";
        identify_vendor_bare_metal(e, r.best);
        return 1;
    }
    return decide_guest(e, r, "firmware");
}

/* 3. The kernel's own statement (/sys/hypervisor, /proc/xen, the device tree, /proc/sysinfo, lparcfg): a Xen PV
 *    guest's kernel names Xen while CPUID shows whatever runs Xen underneath. */
static int step_platform_files(engine *e)
{
    return decide_guest(e, rank_technologies(e, (filter){.categories = CATEGORY_BIT(CATEGORY_PLATFORM)}), "platform");
}

/* 4. A hypervisor's own CPUID signature (VMwareVMware, XenVMMXenVMM, VBoxVBoxVBox, ...), at any base. */
static int step_cpuid_signature(engine *e)
{
    return decide_guest(e, rank_technologies(e, (filter){.categories = CATEGORY_BIT(CATEGORY_CPUID)}), "cpuid");
}

/* 5. An interface signature (KVMKVMKVM, Microsoft Hv) names an ABI several hypervisors implement: it names the
 *    technology only here, when nothing else names one. Hyper-V's own leaves behind "Microsoft Hv" say more than
 *    the signature alone. */
static int step_interface_signature(engine *e)
{
    ranking r = rank_technologies(e, (filter){.categories = CATEGORY_BIT(CATEGORY_CPUID), .interfaces = 1,
                                              .hints_decide = 1});
    if (r.best < 0)
        return 0;
    add_reason(e, "only an interface signature names the hypervisor: other hypervisors present it too");
    return decide_guest(e, r, "interface");
}

static const hit *first_virtual_hit(const engine *e)
{
    for (size_t i = 0; i < e->hit_count; i++)
        if (e->hits[i].signature->role_virtual)
            return &e->hits[i];
    return NULL;
}

/* 6. A hypervisor is present but nothing names it: the hypervisor-present CPUID bit, or hardware only a virtual
 *    machine has (a virtual CPU on IBM Z). Virtual, hypervisor unknown. */
static int step_hypervisor_present(engine *e)
{
    const hit *virtual_hit = first_virtual_hit(e);
    if (e->facts.hypervisor_bit != 1 && !virtual_hit)
        return 0;
    hvd_result *result = e->result;
    explain_unidentified(e);
    result->basis = e->facts.hypervisor_bit == 1 ? "hypervisor-bit" : "virtual-hardware";
    result->virtualized = HVD_VIRTUALIZED_YES;
    result->role = HVD_ROLE_GUEST;
    result->confidence = HVD_CONFIDENCE_LOW;
    add_reason(e, e->facts.hypervisor_bit == 1
                      ? "the hypervisor-present bit is set, but no known hypervisor signature was found"
                      : "the hardware is a virtual machine's, but nothing names its hypervisor");
    report_hits(e, NULL, 0);
    return 1;
}

/* 7. Physical evidence: CPUID read with the hypervisor bit clear, or firmware that only physical hardware has
 *    (hardware.json). Firmware the database does not know is no evidence either way. */
static int step_physical_evidence(engine *e)
{
    int cpuid_clear = e->facts.hypervisor_bit == 0, physical_firmware = has_physical_hit(e);
    if (!cpuid_clear && !physical_firmware)
        return 0;
    hvd_result *result = e->result;
    explain_unidentified(e);
    result->basis = cpuid_clear ? "cpuid-clear" : "physical-firmware";
    result->virtualized = HVD_VIRTUALIZED_NO;
    result->confidence = cpuid_clear && (physical_firmware || e->facts.dmi_vendor) ? HVD_CONFIDENCE_HIGH
                                                                                    : HVD_CONFIDENCE_MEDIUM;
    add_reason(e, cpuid_clear ? "CPUID's hypervisor-present bit is clear and no virtualization signature matched"
                              : "the firmware is physical hardware's and no virtualization signature matched");
    report_hits(e, NULL, 0);
    return 1;
}

/* A platform whose every machine runs on one hypervisor, its host as well as its guests (sun4v's Logical Domains
 * hypervisor under the control domain and under every guest domain), names that technology even where nothing
 * tells whether this machine is the host or a guest. */
static void identify_technology_of_any_role(engine *e, const hit *platform)
{
    hvd_result *result = e->result;
    long technology = technology_of_hit(e, platform);
    result->technology = technology;
    result->confidence = HVD_CONFIDENCE_LOW;
    choose_product(e, technology);
    choose_vendor_and_cloud(result);
    add_reason(e, "every machine of this platform runs on the hypervisor, as its host or as a guest: the technology "
                  "is known, whether this machine is virtual is not");
    report_hits(e, &technology, 1);
}

/* 8. Nothing read shows a hypervisor or physical hardware: absence of evidence is not bare metal. */
static int step_cannot_tell(engine *e)
{
    e->result->basis = "cannot-tell";
    e->result->virtualized = HVD_VIRTUALIZED_UNKNOWN;
    for (size_t i = 0; i < e->hit_count; i++)
        if (e->hits[i].signature->role_any && technology_of_hit(e, &e->hits[i]) >= 0) {
            identify_technology_of_any_role(e, &e->hits[i]);
            return 1;
        }
    explain_unidentified(e);
    add_reason(e, e->facts.firmware_read
                      ? "nothing read shows a hypervisor or physical hardware (no CPUID, firmware the database does "
                        "not know): collect CPUID (cpuid -r -1) to tell"
                      : "too little evidence could be read to tell (no CPUID, no firmware tables)");
    return 1;
}

typedef int (*decision_step)(engine *e);

static const decision_step decision_steps[] = {
    step_host_partition,   step_firmware_identity, step_platform_files,    step_cpuid_signature,
    step_interface_signature, step_hypervisor_present, step_physical_evidence, step_cannot_tell,
};

enum { DECISION_STEP_COUNT = sizeof(decision_steps) / sizeof(decision_steps[0]) };
enum { CONFIDENTIAL_STEP = DECISION_STEP_COUNT, CONTAINERS_KNOWN_STEP };

/* Which steps run; every bit set but in tests that show a step is needed by leaving it out. Bit i is the decision's
 * i-th step; the bit after them, the confidential step that follows the decision; the next, whether containers could
 * be looked for. */
unsigned hvd__identify_steps = ~0u;

static void decide(engine *e)
{
    for (size_t i = 0; i < DECISION_STEP_COUNT; i++)
        if ((hvd__identify_steps & (1u << i)) && decision_steps[i](e))
            return;
}

/* ---- after the decision: the confidential VM ----
 *
 * Which kind of confidential VM this guest is, from vendors/confidential.json: the first signature that matches
 * decides (the file lists the most specific first: Hyper-V's isolation leaf before the SEV bits, SNP before ES
 * before plain SEV), and every other signature of that kind supports it. It never changes the hypervisor found:
 * an Azure confidential VM whose paravisor hides CPUID leaves was identified by its other evidence already. Only a
 * guest can be one: a SEV-capable host or bare machine shows the same CPU flags for what its CPU can do, and a
 * machine that runs SEV guests itself is their host. */
static hvd_confidence confidence_of_strength(int strength)
{
    return strength >= HVD__STRENGTH_STRONG   ? HVD_CONFIDENCE_HIGH
           : strength >= HVD__STRENGTH_MEDIUM ? HVD_CONFIDENCE_MEDIUM
                                              : HVD_CONFIDENCE_LOW;
}

static const hvd__cvm_signature *first_cvm_match(const engine *e, const hvd__cvm_signature *signatures,
                                                  size_t count, const hvd__fact **fact)
{
    for (size_t i = 0; i < count; i++)
        if ((*fact = match_all(&e->facts, signatures[i].conditions, signatures[i].condition_count)) != NULL)
            return &signatures[i];
    return NULL;
}

static void identify_confidential(engine *e)
{
    const hvd__cvm_table *table = &e->db->confidential;
    hvd_result *result = e->result;
    const hvd__fact *fact;
    const hvd__cvm_signature *first = first_cvm_match(e, table->signatures, table->signature_count, &fact);
    if (!first)
        return;
    const hvd__cvm_signature *host = first_cvm_match(e, table->host_signatures, table->host_signature_count, &fact);
    if (host || result->virtualized != HVD_VIRTUALIZED_YES || result->role != HVD_ROLE_GUEST) {
        add_reason_composed(e, compose(e, "not a confidential VM although %s shows %s: %s", host ? host->id : first->id,
                                       table->kinds[first->kind].name,
                                       host ? host->why
                                            : "only a guest can be one; a host's or bare machine's CPU flags say what "
                                              "its CPU can do"));
        return;
    }
    result->cvm_kind = (long)first->kind;
    for (size_t i = 0; i < table->signature_count; i++) {
        const hvd__cvm_signature *signature = &table->signatures[i];
        if (signature->kind != first->kind ||
            !(fact = match_all(&e->facts, signature->conditions, signature->condition_count)))
            continue;
        hvd_confidence confidence = confidence_of_strength(signature->strength);
        if (confidence > result->cvm_confidence)
            result->cvm_confidence = confidence;
        result->paravisor |= signature->paravisor;
        hvd__result_add_finding(result, HVD_FINDING_SUPPORTS, signature->id, table->kinds[signature->kind].id,
                                (hvd__strength)signature->strength,
                                hvd__source_names[fact->source], fact->key, fact->value, signature->why);
    }
    add_reason_composed(e, compose(e,
                                   "a confidential VM (%s)%s: what the machine claims (the host supplies its firmware "
                                   "tables and answers CPUID), which only attestation proves",
                                   table->kinds[first->kind].name, result->paravisor ? " with a paravisor" : ""));
}

static void identify_containers(engine *e)
{
    const hvd_vendor_db *db = e->db;
    hvd_result *result = e->result;
    result->containers = calloc(db->container_count + 1, sizeof(*result->containers));
    result->container_systemd_ids = calloc(db->container_count + 1, sizeof(*result->container_systemd_ids));
    if (!result->containers || !result->container_systemd_ids) {
        result->out_of_memory = 1;
        return;
    }
    for (size_t i = 0; i < db->container_count; i++) {
        const hvd__container_signature *container = &db->containers[i];
        int seen = 0;
        for (size_t j = 0; j < result->container_count; j++)
            seen |= strcmp(result->containers[j], container->id) == 0;
        /* "container-other" stands only for a container no specific signature recognised. */
        if (seen || (strcmp(container->id, "container-other") == 0 && result->container_count > 0))
            continue;
        if (match_all(&e->facts, container->conditions, container->condition_count)) {
            result->container_systemd_ids[result->container_count] =
                container->systemd_id ? container->systemd_id : container->id;
            result->containers[result->container_count++] = container->id;
        }
    }
}

/* ---- after the containers: whether they could all be looked for ----
 *
 * The containers found are the whole list only when every file where a container manager shows itself, whatever the
 * kernel's namespaces hide, was read: PID 1's environment and this process's mounts (the vocabulary's
 * CONTAINER_SOURCE keys). Cgroups alone do not do: a container in its own cgroup namespace sees "/" and
 * "/init.scope" as a host's PID 1 does. PID 1's environment is root's only, so an unprivileged run, a saved tree of
 * some files, a record of DMI alone or a bundle made on Windows (where no probe looks for Windows containers) cannot
 * tell that there is none, nor that the containers found by a marker file (gVisor's kernel, Docker's /.dockerenv)
 * are all there are: Docker running gVisor's runsc shows both. */
static void step_containers_known(engine *e)
{
    hvd_result *result = e->result;
    result->containers_known = 1;
    for (size_t i = 0; i < HVD__K_COUNT_ && result->containers_known; i++)
        if (hvd__keys[i].kind & HVD__KIND_CONTAINER_SOURCE)
            result->containers_known = hvd__facts_value(&e->facts, (hvd__key_id)i) != NULL;
}

/* Findings are listed supporting first, then contradicting, explained and reasons; within a kind, strongest
 * first, so that a short report shows what decided the answer. Insertion sort keeps the database order of equals. */
static int finding_before(const hvd__finding *a, const hvd__finding *b)
{
    if (a->shown.kind != b->shown.kind)
        return a->shown.kind < b->shown.kind;
    return a->strength > b->strength;
}

static void sort_findings(hvd_result *result)
{
    for (size_t i = 1; i < result->finding_count; i++) {
        hvd__finding moving = result->findings[i];
        size_t j = i;
        for (; j > 0 && finding_before(&moving, &result->findings[j - 1]); j--)
            result->findings[j] = result->findings[j - 1];
        result->findings[j] = moving;
    }
}

int hvd__identify(hvd_result **out, const hvd_evidence *evidence, const hvd_vendor_db *db, hvd__findings findings)
{
    if (!out || !evidence || !db)
        return hvd__error(HVD_EINVALID, "hvd_identify: invalid argument");
    *out = NULL;
    engine e;
    memset(&e, 0, sizeof(e));
    e.db = db;
    e.result = calloc(1, sizeof(*e.result));
    if (e.result)
        e.result->without_findings = findings == HVD__WITHOUT_FINDINGS;
    e.technology_weights = malloc((db->technology_count + 1) * sizeof(*e.technology_weights));
    if (!e.result || !e.technology_weights || hvd__facts_build(&e.facts, evidence) != 0 || collect_hits(&e) != 0) {
        hvd__facts_free(&e.facts);
        free(e.hits);
        free(e.technology_weights);
        hvd_result_free(e.result);
        return hvd__error(HVD_ENOMEM, "identification: out of memory");
    }
    hvd_result *result = e.result;
    result->db = db;
    result->technology = result->product = -1;
    result->virtualized = HVD_VIRTUALIZED_UNKNOWN;
    result->cvm_kind = -1;

    decide(&e);
    if (hvd__identify_steps & (1u << CONFIDENTIAL_STEP))
        identify_confidential(&e);
    identify_containers(&e);
    if (hvd__identify_steps & (1u << CONTAINERS_KNOWN_STEP))
        step_containers_known(&e);
    sort_findings(result);

    hvd__facts_free(&e.facts);
    free(e.hits);
    free(e.technology_weights);
    if (result->out_of_memory) {
        hvd_result_free(result);
        return hvd__error(HVD_ENOMEM, "identification: out of memory");
    }
    *out = result;
    return HVD_OK;
}

int hvd_identify(hvd_result **out, const hvd_evidence *evidence, const hvd_vendor_db *db)
{
    return hvd__identify(out, evidence, db, HVD__WITH_FINDINGS);
}
