/* SPDX-License-Identifier: MIT */
/* Writes a loaded vendor database as C source: static tables that the library links in as its built-in database
 * (builtin.c), so that a program starting up parses, validates and fingerprints no JSON. All of that was done when
 * this ran, at build time, by the same loader that `--vendors DIR` uses at run time.
 *
 * Every table is written before the tables that point to it, under a numbered name (t1, t2, ...); the few parts the
 * database keeps as JSON (SVVP listings, exclusions, caveats, Microsoft's vendor ids) are written as static cJSON
 * nodes, which cJSON's read functions walk like any parsed tree. */

#include "db/image_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/vendordb.h"

typedef struct json_node_name {
    const cJSON *node;
    unsigned name;
} json_node_name;

typedef struct image_writer {
    FILE *out;
    unsigned next_name;        /* the last number given to a table or node */
    json_node_name *json_names; /* every cJSON node written so far and its number */
    size_t json_count;
    size_t json_capacity;
    int failed;                /* out of memory */
} image_writer;

static unsigned new_name(image_writer *w)
{
    return ++w->next_name;
}

/* A C string literal, or NULL. Anything but printable ASCII is written as a three-digit octal escape, and so is '?'
 * (no trigraphs): the compiler reads back exactly the bytes the loader held. */
static void put_bytes(image_writer *w, const char *text, size_t length)
{
    if (!text) {
        fputs("NULL", w->out);
        return;
    }
    fputc('"', w->out);
    for (const unsigned char *c = (const unsigned char *)text; c < (const unsigned char *)text + length; c++) {
        if (*c >= 0x20 && *c < 0x7f && *c != '"' && *c != '\\' && *c != '?')
            fputc(*c, w->out);
        else
            fprintf(w->out, "\\%03o", *c);
    }
    fputc('"', w->out);
}

static void put_string(image_writer *w, const char *text)
{
    put_bytes(w, text, text ? strlen(text) : 0);
}

static void put_field(image_writer *w, const char *field, const char *text)
{
    fprintf(w->out, ".%s = ", field);
    put_string(w, text);
    fputs(", ", w->out);
}

static void put_table_ref(image_writer *w, const char *field, unsigned name)
{
    if (name)
        fprintf(w->out, ".%s = t%u, ", field, name);
    else
        fprintf(w->out, ".%s = NULL, ", field);
}

/* Starts "static TYPE tN[] = {" under a new number, which it returns; end_table() closes it. */
static unsigned begin_table(image_writer *w, const char *type)
{
    unsigned name = new_name(w);
    fprintf(w->out, "static %s t%u[] = {\n", type, name);
    return name;
}

static void end_table(image_writer *w)
{
    fputs("};\n", w->out);
}

/* ---- JSON kept as JSON ---- */

static unsigned json_name(const image_writer *w, const cJSON *node)
{
    for (size_t i = 0; node && i < w->json_count; i++)
        if (w->json_names[i].node == node)
            return w->json_names[i].name;
    return 0;
}

/* Numbers node and everything below it, and declares each, so that the definitions can point to nodes defined after
 * them (a node's next sibling, and a first child's prev, which cJSON points at the last child). */
static void declare_json(image_writer *w, const cJSON *node)
{
    if (w->json_count == w->json_capacity) {
        size_t capacity = w->json_capacity ? 2 * w->json_capacity : 64;
        json_node_name *grown = realloc(w->json_names, capacity * sizeof(*grown));
        if (!grown) {
            w->failed = 1;
            return;
        }
        w->json_names = grown;
        w->json_capacity = capacity;
    }
    unsigned name = new_name(w);
    w->json_names[w->json_count++] = (json_node_name){node, name};
    fprintf(w->out, "static cJSON j%u;\n", name);
    for (const cJSON *child = node->child; child && !w->failed; child = child->next)
        declare_json(w, child);
}

static void put_json_ref(image_writer *w, const char *field, const cJSON *node)
{
    unsigned name = json_name(w, node);
    if (name)
        fprintf(w->out, ".%s = &j%u, ", field, name);
}

/* A tree's root is written without its siblings: the database holds it as one value of a larger document. */
static void define_json(image_writer *w, const cJSON *node, int is_root)
{
    fprintf(w->out, "static cJSON j%u = {", json_name(w, node));
    if (!is_root) {
        put_json_ref(w, "next", node->next);
        put_json_ref(w, "prev", node->prev);
    }
    put_json_ref(w, "child", node->child);
    /* Nothing here was allocated: cJSON_Delete must never free a node or its strings. */
    fprintf(w->out, ".type = %d | cJSON_IsReference | cJSON_StringIsConst, ", node->type & 0xff);
    if (node->valuestring)
        put_field(w, "valuestring", node->valuestring);
    fprintf(w->out, ".valueint = %d, .valuedouble = %.17g, ", node->valueint, node->valuedouble);
    if (node->string && !is_root)
        put_field(w, "string", node->string);
    fputs("};\n", w->out);
    for (const cJSON *child = node->child; child; child = child->next)
        define_json(w, child, 0);
}

/* Writes the tree of root and returns its number, or 0 for NULL. */
static unsigned put_json(image_writer *w, const cJSON *root)
{
    if (!root)
        return 0;
    declare_json(w, root);
    if (w->failed)
        return 0;
    define_json(w, root, 1);
    return json_name(w, root);
}

static void put_json_field(image_writer *w, const char *field, unsigned name)
{
    if (name)
        fprintf(w->out, ".%s = &j%u, ", field, name);
    else
        fprintf(w->out, ".%s = NULL, ", field);
}

/* ---- tables ---- */

static unsigned put_indices(image_writer *w, const size_t *indices, size_t count)
{
    if (count == 0)
        return 0;
    unsigned name = new_name(w);
    fprintf(w->out, "static size_t t%u[] = {", name);
    for (size_t i = 0; i < count; i++)
        fprintf(w->out, "%s%lu", i ? ", " : "", (unsigned long)indices[i]);
    end_table(w);
    return name;
}

static unsigned put_conditions(image_writer *w, const hvd__condition *conditions, size_t count)
{
    if (count == 0)
        return 0;
    unsigned name = begin_table(w, "hvd__condition");
    for (size_t i = 0; i < count; i++) {
        const hvd__condition *c = &conditions[i];
        fputs("    {", w->out);
        put_field(w, "source", c->source);
        fprintf(w->out, ".source_index = %d, ", c->source_index);
        put_field(w, "key", c->key);
        fprintf(w->out, ".key_length = %lu, .key_match = (hvd__key_match)%d, .op = (hvd__match_op)%d, ",
                (unsigned long)c->key_length, (int)c->key_match, (int)c->op);
        put_field(w, "value", c->value);
        fprintf(w->out, ".value_length = %lu, .nocase = %d, .negated = %d, .bit_register = %d, .bit = %uu},\n",
                (unsigned long)c->value_length, c->nocase, c->negated, c->bit_register, c->bit);
    }
    end_table(w);
    return name;
}

/* Names of the sub-tables of each element of an array, written before the array itself. */
static unsigned *sub_names(image_writer *w, size_t count, size_t per_element)
{
    unsigned *names = calloc(count * per_element + 1, sizeof(*names));
    if (!names)
        w->failed = 1;
    return names;
}

static unsigned put_signatures(image_writer *w, const hvd__signature *signatures, size_t count)
{
    unsigned *subs = sub_names(w, count, 2);
    if (count == 0 || !subs) {
        free(subs);
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        subs[2 * i] = put_conditions(w, signatures[i].conditions, signatures[i].condition_count);
        subs[2 * i + 1] = put_indices(w, signatures[i].products, signatures[i].product_count);
    }
    unsigned name = begin_table(w, "hvd__signature");
    for (size_t i = 0; i < count; i++) {
        const hvd__signature *s = &signatures[i];
        fputs("    {", w->out);
        put_field(w, "id", s->id);
        put_table_ref(w, "conditions", subs[2 * i]);
        fprintf(w->out, ".condition_count = %lu, ", (unsigned long)s->condition_count);
        put_table_ref(w, "products", subs[2 * i + 1]);
        fprintf(w->out, ".product_count = %lu, .technology = %ld, .strength = (hvd__strength)%d, .interface = %d, "
                        ".role_host = %d, .role_physical = %d, .outer_layer = %d, .role_virtual = %d, "
                        ".bare_metal_too = %d, .role_any = %d, ",
                (unsigned long)s->product_count, s->technology, (int)s->strength, s->interface, s->role_host,
                s->role_physical, s->outer_layer, s->role_virtual, s->bare_metal_too, s->role_any);
        put_field(w, "why", s->why);
        put_field(w, "ref", s->ref);
        put_field(w, "file", s->file);
        put_field(w, "technology_name", s->technology_name);
        fputs("},\n", w->out);
    }
    end_table(w);
    free(subs);
    return name;
}

static unsigned put_products(image_writer *w, const hvd__product *products, size_t count)
{
    if (count == 0)
        return 0;
    unsigned name = begin_table(w, "hvd__product");
    for (size_t i = 0; i < count; i++) {
        const hvd__product *p = &products[i];
        fputs("    {.info = {", w->out);
        put_field(w, "id", p->info.id);
        put_field(w, "name", p->info.name);
        put_field(w, "technology", p->info.technology);
        put_field(w, "kind", p->info.kind);
        put_field(w, "cloud", p->info.cloud);
        put_field(w, "vendor", p->info.vendor);
        put_field(w, "vendor_name", p->info.vendor_name);
        put_field(w, "vendor_kind", p->info.vendor_kind);
        fprintf(w->out, "}, .technology = %ld, .parent = %ld, .vendor = %lu, ", p->technology, p->parent,
                (unsigned long)p->vendor);
        put_field(w, "note", p->note);
        put_field(w, "systemd_id", p->systemd_id);
        put_field(w, "file", p->file);
        put_field(w, "technology_name", p->technology_name);
        put_field(w, "parent_name", p->parent_name);
        fputs("},\n", w->out);
    }
    end_table(w);
    return name;
}

static unsigned put_vendor_names(image_writer *w, const hvd__vendor_name *names, size_t count)
{
    if (count == 0)
        return 0;
    unsigned name = begin_table(w, "hvd__vendor_name");
    for (size_t i = 0; i < count; i++) {
        fputs("    {", w->out);
        put_field(w, "name", names[i].name);
        put_field(w, "since", names[i].since);
        put_field(w, "until", names[i].until);
        fputs("},\n", w->out);
    }
    end_table(w);
    return name;
}

static unsigned put_relationships(image_writer *w, const hvd__relationship *relationships, size_t count)
{
    unsigned *subs = sub_names(w, count, 2);
    if (count == 0 || !subs) {
        free(subs);
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        subs[2 * i] = put_indices(w, relationships[i].covers, relationships[i].cover_count);
        subs[2 * i + 1] = put_json(w, relationships[i].validated);
    }
    unsigned name = begin_table(w, "hvd__relationship");
    for (size_t i = 0; i < count; i++) {
        const hvd__relationship *r = &relationships[i];
        fputs("    {", w->out);
        put_field(w, "kind", r->kind);
        put_field(w, "since", r->since);
        put_field(w, "until", r->until);
        put_table_ref(w, "covers", subs[2 * i]);
        fprintf(w->out, ".cover_count = %lu, ", (unsigned long)r->cover_count);
        put_field(w, "confidence", r->confidence);
        put_field(w, "until_confidence", r->until_confidence);
        put_field(w, "source", r->source);
        put_field(w, "note", r->note);
        put_json_field(w, "validated", subs[2 * i + 1]);
        fputs("},\n", w->out);
    }
    end_table(w);
    free(subs);
    return name;
}

static unsigned put_vendors(image_writer *w, const hvd__vendor *vendors, size_t count)
{
    unsigned *subs = sub_names(w, count, 2);
    if (count == 0 || !subs) {
        free(subs);
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        subs[2 * i] = put_vendor_names(w, vendors[i].names, vendors[i].name_count);
        subs[2 * i + 1] = put_relationships(w, vendors[i].relationships, vendors[i].relationship_count);
    }
    unsigned name = begin_table(w, "hvd__vendor");
    for (size_t i = 0; i < count; i++) {
        const hvd__vendor *v = &vendors[i];
        fputs("    {", w->out);
        put_field(w, "id", v->id);
        put_field(w, "name", v->name);
        put_field(w, "kind", v->kind);
        put_table_ref(w, "names", subs[2 * i]);
        fprintf(w->out, ".name_count = %lu, ", (unsigned long)v->name_count);
        put_table_ref(w, "relationships", subs[2 * i + 1]);
        fprintf(w->out, ".relationship_count = %lu, ", (unsigned long)v->relationship_count);
        put_field(w, "file", v->file);
        fputs("},\n", w->out);
    }
    end_table(w);
    free(subs);
    return name;
}

static unsigned put_technologies(image_writer *w, const hvd__technology *technologies, size_t count)
{
    unsigned *subs = sub_names(w, count, 1);
    if (count == 0 || !subs) {
        free(subs);
        return 0;
    }
    for (size_t i = 0; i < count; i++)
        subs[i] = put_indices(w, technologies[i].unpinned, technologies[i].unpinned_count);
    unsigned name = begin_table(w, "hvd__technology");
    for (size_t i = 0; i < count; i++) {
        const hvd__technology *t = &technologies[i];
        fputs("    {", w->out);
        put_field(w, "id", t->id);
        put_field(w, "name", t->name);
        put_table_ref(w, "unpinned", subs[i]);
        fprintf(w->out, ".unpinned_count = %lu, .has_cpuid_signature = %d, ", (unsigned long)t->unpinned_count,
                t->has_cpuid_signature);
        put_field(w, "systemd_id", t->systemd_id);
        put_field(w, "note", t->note);
        fputs("},\n", w->out);
    }
    end_table(w);
    free(subs);
    return name;
}

static unsigned put_containers(image_writer *w, const hvd__container_signature *containers, size_t count)
{
    unsigned *subs = sub_names(w, count, 1);
    if (count == 0 || !subs) {
        free(subs);
        return 0;
    }
    for (size_t i = 0; i < count; i++)
        subs[i] = put_conditions(w, containers[i].conditions, containers[i].condition_count);
    unsigned name = begin_table(w, "hvd__container_signature");
    for (size_t i = 0; i < count; i++) {
        const hvd__container_signature *c = &containers[i];
        fputs("    {", w->out);
        put_field(w, "id", c->id);
        put_table_ref(w, "conditions", subs[i]);
        fprintf(w->out, ".condition_count = %lu, ", (unsigned long)c->condition_count);
        put_field(w, "why", c->why);
        put_field(w, "systemd_id", c->systemd_id);
        fputs("},\n", w->out);
    }
    end_table(w);
    free(subs);
    return name;
}

/* ---- the policy ---- */

static unsigned put_quotes(image_writer *w, const hvd__quote *quotes, size_t count)
{
    if (count == 0)
        return 0;
    unsigned name = begin_table(w, "hvd__quote");
    for (size_t i = 0; i < count; i++) {
        const hvd__quote *q = &quotes[i];
        fputs("    {", w->out);
        put_field(w, "id", q->id);
        put_field(w, "text", q->text);
        put_field(w, "translation", q->translation);
        put_field(w, "confidence", q->confidence);
        put_field(w, "source", q->source);
        fprintf(w->out, ".paraphrase = %d},\n", q->paraphrase);
    }
    end_table(w);
    return name;
}

static void put_decisions(image_writer *w, const hvd__revision *r)
{
    fputs(".decision = {", w->out);
    for (int platform = 0; platform < HVD__PLATFORM_COUNT_; platform++) {
        fputs("{", w->out);
        for (int slot = 0; slot < HVD__SLOT_COUNT_; slot++) {
            fputs("{", w->out);
            for (int software = 0; software < HVD_SOFTWARE_COUNT_; software++) {
                const hvd__decision *d = &r->decision[platform][slot][software];
                fprintf(w->out, "{.tier = (hvd_tier)%d, .quote = %d, ", (int)d->tier, d->quote);
                put_field(w, "note", d->note);
                fputs("}, ", w->out);
            }
            fputs("}, ", w->out);
        }
        fputs("}, ", w->out);
    }
    fputs("}, ", w->out);
}

static unsigned put_revisions(image_writer *w, const hvd__revision *revisions, size_t count)
{
    unsigned *subs = sub_names(w, count, 2);
    if (count == 0 || !subs) {
        free(subs);
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        subs[2 * i] = put_quotes(w, revisions[i].quotes, revisions[i].quote_count);
        subs[2 * i + 1] = put_json(w, revisions[i].exclusions);
    }
    unsigned name = begin_table(w, "hvd__revision");
    for (size_t i = 0; i < count; i++) {
        const hvd__revision *r = &revisions[i];
        const hvd_policy_revision_info *info = &r->info;
        fputs("    {.info = {", w->out);
        put_field(w, "id", info->id);
        put_field(w, "name", info->name);
        put_field(w, "date", info->date);
        put_field(w, "dates", info->dates);
        put_field(w, "in_force_from", info->in_force_from);
        put_field(w, "in_force_until", info->in_force_until);
        put_field(w, "in_force_note", info->in_force_note);
        put_field(w, "confidence", info->confidence);
        put_field(w, "baseline", info->baseline);
        put_field(w, "source", info->source);
        fprintf(w->out, "}, .counts_joint_support = %d, .counts_svvp = %d, ", r->counts_joint_support,
                r->counts_svvp);
        put_table_ref(w, "quotes", subs[2 * i]);
        fprintf(w->out, ".quote_count = %lu, ", (unsigned long)r->quote_count);
        put_json_field(w, "exclusions", subs[2 * i + 1]);
        put_decisions(w, r);
        fputs("},\n", w->out);
    }
    end_table(w);
    free(subs);
    return name;
}

static unsigned put_partner_lists(image_writer *w, const hvd__partner_list_version *versions, size_t count)
{
    if (count == 0)
        return 0;
    unsigned name = begin_table(w, "hvd__partner_list_version");
    for (size_t i = 0; i < count; i++) {
        fputs("    {", w->out);
        put_field(w, "name", versions[i].name);
        put_field(w, "since", versions[i].since);
        put_field(w, "confidence", versions[i].confidence);
        fputs("},\n", w->out);
    }
    end_table(w);
    return name;
}

static unsigned put_to_decide(image_writer *w, const hvd__to_decide *entries, size_t count)
{
    if (count == 0)
        return 0;
    unsigned name = begin_table(w, "hvd__to_decide");
    for (size_t i = 0; i < count; i++) {
        fputs("    {", w->out);
        put_field(w, "technology", entries[i].technology);
        put_field(w, "text", entries[i].text);
        fputs("},\n", w->out);
    }
    end_table(w);
    return name;
}

/* The policy table as the initializer of the database's .policy member; its sub-tables are written first. */
typedef struct policy_names {
    unsigned own_vendors, revisions, partner_lists, to_decide, caveats;
} policy_names;

static policy_names put_policy_tables(image_writer *w, const hvd__policy_table *p)
{
    policy_names names;
    names.own_vendors = put_json(w, p->own_vendors);
    names.revisions = put_revisions(w, p->revisions, p->revision_count);
    names.partner_lists = put_partner_lists(w, p->partner_lists, p->partner_list_count);
    names.to_decide = put_to_decide(w, p->to_decide, p->to_decide_count);
    names.caveats = put_json(w, p->caveats);
    return names;
}

static void put_policy(image_writer *w, const hvd__policy_table *p, const policy_names *names)
{
    fprintf(w->out, "    .policy = {.loaded = %d, .sources = {", p->loaded);
    put_field(w, "article", p->sources.article);
    put_field(w, "title", p->sources.title);
    put_field(w, "revision", p->sources.revision);
    put_field(w, "revision_date", p->sources.revision_date);
    put_field(w, "partner_list", p->sources.partner_list);
    put_field(w, "partner_list_version", p->sources.partner_list_version);
    put_field(w, "source", p->sources.source);
    fputs("},\n        ", w->out);
    put_json_field(w, "own_vendors", names->own_vendors);
    fputs(".tiers = {\n", w->out);
    for (int tier = 0; tier < HVD_TIER_COUNT_; tier++) {
        const hvd__tier_text *t = &p->tiers[tier];
        fprintf(w->out, "            {.rank = %d, ", t->rank);
        put_field(w, "defined_by", t->defined_by);
        fprintf(w->out, ".exclusions_apply = %d, ", t->exclusions_apply);
        put_field(w, "meaning", t->meaning);
        put_field(w, "what_to_do", t->what_to_do);
        fputs("},\n", w->out);
    }
    fputs("        },\n        ", w->out);
    put_table_ref(w, "revisions", names->revisions);
    fprintf(w->out, ".revision_count = %lu, ", (unsigned long)p->revision_count);
    put_table_ref(w, "partner_lists", names->partner_lists);
    fprintf(w->out, ".partner_list_count = %lu, ", (unsigned long)p->partner_list_count);
    put_table_ref(w, "to_decide", names->to_decide);
    fprintf(w->out, ".to_decide_count = %lu, ", (unsigned long)p->to_decide_count);
    put_json_field(w, "caveats", names->caveats);
    fputs(".conditional_caveats = {", w->out);
    for (int i = 0; i < HVD__CAVEAT_COUNT_; i++) {
        put_string(w, p->conditional_caveats[i]);
        fputs(", ", w->out);
    }
    fputs("}},\n", w->out);
}

/* ---- confidential VMs ---- */

static unsigned put_cvm_kinds(image_writer *w, const hvd__cvm_kind *kinds, size_t count)
{
    if (count == 0)
        return 0;
    unsigned name = begin_table(w, "hvd__cvm_kind");
    for (size_t i = 0; i < count; i++) {
        fputs("    {", w->out);
        put_field(w, "id", kinds[i].id);
        put_field(w, "name", kinds[i].name);
        put_field(w, "systemd_id", kinds[i].systemd_id);
        fputs("},\n", w->out);
    }
    end_table(w);
    return name;
}

static unsigned put_cvm_signatures(image_writer *w, const hvd__cvm_signature *signatures, size_t count)
{
    unsigned *subs = sub_names(w, count, 1);
    if (count == 0 || !subs) {
        free(subs);
        return 0;
    }
    for (size_t i = 0; i < count; i++)
        subs[i] = put_conditions(w, signatures[i].conditions, signatures[i].condition_count);
    unsigned name = begin_table(w, "hvd__cvm_signature");
    for (size_t i = 0; i < count; i++) {
        const hvd__cvm_signature *s = &signatures[i];
        fputs("    {", w->out);
        put_field(w, "id", s->id);
        fprintf(w->out, ".kind = %lu, ", (unsigned long)s->kind);
        put_table_ref(w, "conditions", subs[i]);
        fprintf(w->out, ".condition_count = %lu, .strength = %d, .paravisor = %d, ",
                (unsigned long)s->condition_count, s->strength, s->paravisor);
        put_field(w, "why", s->why);
        fputs("},\n", w->out);
    }
    end_table(w);
    free(subs);
    return name;
}

/* ---- the signature index ---- */

static unsigned put_index_slots(image_writer *w, const hvd__signature_index *index)
{
    if (index->slot_count == 0)
        return 0;
    unsigned name = begin_table(w, "hvd__signature_slot");
    for (size_t i = 0; i < index->slot_count; i++) {
        const hvd__signature_slot *slot = &index->slots[i];
        fputs("    {.key = ", w->out);
        put_bytes(w, slot->key, slot->key_length);
        fprintf(w->out, ", .key_length = %lu, .source = %d, .filing = (hvd__filing)%d, .first = %lu, .count = %lu},\n",
                (unsigned long)slot->key_length, slot->source, (int)slot->filing, (unsigned long)slot->first,
                (unsigned long)slot->count);
    }
    end_table(w);
    return name;
}

typedef struct index_names {
    unsigned slots, members, scanned;
} index_names;

/* The index of the signatures, as hvd__signature_index_build() made it: its slots are where that function's hash
 * puts each key, which the library computes alike (the low bits of the same 64-bit hash). */
static index_names put_index_tables(image_writer *w, const hvd__signature_index *index)
{
    index_names names = {put_index_slots(w, index), 0, 0};
    /* The members the slots use: the array's rest, allocated for every signature, holds nothing. */
    size_t members = 0;
    for (size_t i = 0; i < index->slot_count; i++)
        if (index->slots[i].key && index->slots[i].first + index->slots[i].count > members)
            members = index->slots[i].first + index->slots[i].count;
    names.members = put_indices(w, index->members, members);
    names.scanned = put_indices(w, index->scanned, index->scanned_count);
    return names;
}

static void put_index(image_writer *w, const hvd__signature_index *index, const index_names *names)
{
    fputs("    .signature_index = {", w->out);
    put_table_ref(w, "slots", names->slots);
    fprintf(w->out, ".slot_count = %lu, ", (unsigned long)index->slot_count);
    put_table_ref(w, "members", names->members);
    put_table_ref(w, "scanned", names->scanned);
    fprintf(w->out, ".scanned_count = %lu, .lengths = {", (unsigned long)index->scanned_count);
    for (size_t source = 0; source < sizeof(index->lengths) / sizeof(index->lengths[0]); source++)
        fprintf(w->out, "{0x%llxu, 0x%llxu}, ", (unsigned long long)index->lengths[source][0],
                (unsigned long long)index->lengths[source][1]);
    fputs("}},\n", w->out);
}

/* ---- the whole database ---- */

int hvd__vendor_db_write_image(const hvd_vendor_db *db, FILE *out, const char *symbol)
{
    image_writer w = {.out = out};
    fputs("/* Generated at build time from vendors/ by hvd-vendordb-compile: do not edit. */\n"
          "#include <stddef.h>\n#include <cjson/cJSON.h>\n#include \"db/vendordb.h\"\n\n",
          out);
    unsigned vendors = put_vendors(&w, db->vendors, db->vendor_count);
    unsigned products = put_products(&w, db->products, db->product_count);
    unsigned signatures = put_signatures(&w, db->signatures, db->signature_count);
    index_names index = put_index_tables(&w, &db->signature_index);
    unsigned technologies = put_technologies(&w, db->technologies, db->technology_count);
    unsigned containers = put_containers(&w, db->containers, db->container_count);
    policy_names policy = put_policy_tables(&w, &db->policy);
    unsigned cvm_kinds = put_cvm_kinds(&w, db->confidential.kinds, db->confidential.kind_count);
    unsigned cvm_signatures =
        put_cvm_signatures(&w, db->confidential.signatures, db->confidential.signature_count);
    unsigned cvm_hosts =
        put_cvm_signatures(&w, db->confidential.host_signatures, db->confidential.host_signature_count);

    fprintf(out, "\nhvd_vendor_db %s = {\n    .builtin = 1,\n    ", symbol);
    put_table_ref(&w, "vendors", vendors);
    fprintf(out, ".vendor_count = %lu,\n    ", (unsigned long)db->vendor_count);
    put_table_ref(&w, "products", products);
    fprintf(out, ".product_count = %lu,\n    ", (unsigned long)db->product_count);
    put_table_ref(&w, "signatures", signatures);
    fprintf(out, ".signature_count = %lu,\n", (unsigned long)db->signature_count);
    put_index(&w, &db->signature_index, &index);
    fputs("    ", out);
    put_table_ref(&w, "technologies", technologies);
    fprintf(out, ".technology_count = %lu,\n    ", (unsigned long)db->technology_count);
    put_table_ref(&w, "containers", containers);
    fprintf(out, ".container_count = %lu,\n", (unsigned long)db->container_count);
    put_policy(&w, &db->policy, &policy);
    fputs("    .confidential = {", out);
    put_table_ref(&w, "kinds", cvm_kinds);
    fprintf(out, ".kind_count = %lu, ", (unsigned long)db->confidential.kind_count);
    put_table_ref(&w, "signatures", cvm_signatures);
    fprintf(out, ".signature_count = %lu, ", (unsigned long)db->confidential.signature_count);
    put_table_ref(&w, "host_signatures", cvm_hosts);
    fprintf(out, ".host_signature_count = %lu},\n", (unsigned long)db->confidential.host_signature_count);
    fputs("    ", out);
    put_field(&w, "fingerprint", db->fingerprint);
    fputs("\n};\n", out);
    free(w.json_names);
    return w.failed || ferror(out) ? -1 : 0;
}
