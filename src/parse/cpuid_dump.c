/* SPDX-License-Identifier: MIT */
#include "parse/cpuid_dump.h"

#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_LEAVES = 8192,     /* far above any real CPU (a few hundred leaves); bounds memory */
    INITIAL_CAPACITY = 64,
    MAX_HEX_DIGITS = 8,    /* CPUID registers and indices are 32 bits */
    FOUND_SIZE = 16
};

typedef struct parser {
    hvd__cpuid_table *out;
    hvd__problem_fn on_problem;
    void *ctx;
    size_t line_number;
} parser;

/* One line, without its '\n'; pos moves forward, never past end. */
typedef struct cursor {
    const char *pos;
    const char *end;
} cursor;

/* A problem of the line being parsed. */
#define REPORT(p, ...) hvd__problem_report((p)->on_problem, (p)->ctx, (p)->line_number, __VA_ARGS__)

/* ---- cursor --------------------------------------------------------------- */

static int at_end(const cursor *c)
{
    return c->pos >= c->end;
}

/* '\r' counts as blank so CRLF dumps (copied through Windows) read the same. */
static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

static size_t skip_blanks(cursor *c)
{
    size_t skipped = 0;
    while (!at_end(c) && is_blank(*c->pos)) {
        c->pos++;
        skipped++;
    }
    return skipped;
}

static char ascii_lower(char ch)
{
    return (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
}

/* Case-insensitive: `cpuid` prints lower case, hand-edited dumps may not. */
static int take_literal(cursor *c, const char *literal)
{
    size_t n = strlen(literal);
    if ((size_t)(c->end - c->pos) < n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (ascii_lower(c->pos[i]) != ascii_lower(literal[i]))
            return 0;
    }
    c->pos += n;
    return 1;
}

static int hex_digit_value(char ch)
{
    static const char digits[] = "0123456789abcdef";
    const char *hit = ch != '\0' ? strchr(digits, ascii_lower(ch)) : NULL;
    return hit != NULL ? (int)(hit - digits) : -1;
}

static int is_decimal_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static size_t column(const cursor *c, const char *line_start)
{
    return (size_t)(c->pos - line_start) + 1;
}

/* Names the byte at the cursor without ever copying input bytes into a message. */
static void describe_found(const cursor *c, char *found, size_t size)
{
    if (at_end(c)) {
        snprintf(found, size, "end of line");
        return;
    }
    unsigned char ch = (unsigned char)*c->pos;
    if (ch > 0x20 && ch < 0x7F)
        snprintf(found, size, "'%c'", ch);
    else
        snprintf(found, size, "byte 0x%02x", (unsigned)ch);
}

/* ---- leaf lines ------------------------------------------------------------ */

typedef enum separator { SEPARATOR_NONE, SEPARATOR_BLANKS, SEPARATOR_COLON } separator;

typedef struct line_step {
    separator before;
    const char *prefix;
    const char *what;
} line_step;

/* "   0x40000000 0x00: eax=0x40000001 ebx=0x4b4d564b ecx=0x564b4d56 edx=0x0000004d";
   blanks are required between numbers because 'e' of "ebx" is also a hex digit. */
static const line_step leaf_line_steps[] = {
    {SEPARATOR_NONE, "0x", "leaf"},
    {SEPARATOR_BLANKS, "0x", "subleaf"},
    {SEPARATOR_COLON, "eax=0x", "eax"},
    {SEPARATOR_BLANKS, "ebx=0x", "ebx"},
    {SEPARATOR_BLANKS, "ecx=0x", "ecx"},
    {SEPARATOR_BLANKS, "edx=0x", "edx"},
};

enum { LEAF_LINE_VALUES = sizeof leaf_line_steps / sizeof leaf_line_steps[0] };

static int expect_failed(const parser *p, const cursor *c, const char *line_start, const char *expected)
{
    char found[FOUND_SIZE];
    describe_found(c, found, sizeof found);
    REPORT(p, "expected %s at column %zu, found %s", expected, column(c, line_start), found);
    return -1;
}

/* Points at the first byte that differs, so "ebq=0x1" is reported at the 'q'. */
static int expect_literal(const parser *p, cursor *c, const char *line_start, const char *literal)
{
    if (take_literal(c, literal))
        return 0;
    cursor mismatch = *c;
    for (const char *l = literal; *l != '\0' && !at_end(&mismatch); l++, mismatch.pos++) {
        if (ascii_lower(*mismatch.pos) != ascii_lower(*l))
            break;
    }
    char found[FOUND_SIZE];
    describe_found(&mismatch, found, sizeof found);
    if (mismatch.pos == c->pos)
        REPORT(p, "expected \"%s\" at column %zu, found %s", literal, column(c, line_start), found);
    else
        REPORT(p, "expected \"%s\" at column %zu, found %s at column %zu", literal, column(c, line_start),
               found, column(&mismatch, line_start));
    return -1;
}

static int take_separator(const parser *p, cursor *c, const char *line_start, separator kind)
{
    switch (kind) {
    case SEPARATOR_NONE:
        return 0;
    case SEPARATOR_BLANKS:
        if (skip_blanks(c) == 0)
            return expect_failed(p, c, line_start, "a space");
        return 0;
    case SEPARATOR_COLON:
        skip_blanks(c);
        if (!take_literal(c, ":"))
            return expect_failed(p, c, line_start, "':' after the subleaf");
        skip_blanks(c);
        return 0;
    }
    return -1;
}

static int take_hex32(const parser *p, cursor *c, const char *line_start, const char *what, uint32_t *value)
{
    uint32_t result = 0;
    size_t digits = 0;
    int digit;
    while (!at_end(c) && (digit = hex_digit_value(*c->pos)) >= 0) {
        if (++digits > MAX_HEX_DIGITS) {
            REPORT(p, "%s at column %zu has more than %d hex digits", what, column(c, line_start),
                   MAX_HEX_DIGITS);
            return -1;
        }
        result = result << 4 | (uint32_t)digit;
        c->pos++;
    }
    if (digits == 0)
        return expect_failed(p, c, line_start, "hex digits");
    *value = result;
    return 0;
}

static int parse_leaf_line(const parser *p, cursor *c, const char *line_start, hvd__cpuid_leaf *leaf)
{
    uint32_t values[LEAF_LINE_VALUES];
    for (size_t i = 0; i < LEAF_LINE_VALUES; i++) {
        const line_step *step = &leaf_line_steps[i];
        if (take_separator(p, c, line_start, step->before) != 0)
            return -1;
        if (expect_literal(p, c, line_start, step->prefix) != 0)
            return -1;
        if (take_hex32(p, c, line_start, step->what, &values[i]) != 0)
            return -1;
    }
    skip_blanks(c);
    if (!at_end(c))
        return expect_failed(p, c, line_start, "end of line after edx");
    leaf->leaf = values[0];
    leaf->subleaf = values[1];
    leaf->eax = values[2];
    leaf->ebx = values[3];
    leaf->ecx = values[4];
    leaf->edx = values[5];
    return 0;
}

/* ---- CPU header lines ("CPU:" from -1, "CPU 3:" without it) ------------------ */

static int looks_like_cpu_header(const cursor *c)
{
    cursor probe = *c;
    return take_literal(&probe, "CPU");
}

static int parse_cpu_header(const parser *p, cursor *c, const char *line_start)
{
    take_literal(c, "CPU");
    skip_blanks(c);
    while (!at_end(c) && is_decimal_digit(*c->pos))
        c->pos++;
    skip_blanks(c);
    if (!take_literal(c, ":"))
        return expect_failed(p, c, line_start, "':' in the CPU header");
    skip_blanks(c);
    if (!at_end(c))
        return expect_failed(p, c, line_start, "end of line after the CPU header");
    return 0;
}

/* ---- the table -------------------------------------------------------------- */

static const hvd__cpuid_leaf *find_leaf(const hvd__cpuid_table *t, uint32_t leaf, uint32_t subleaf)
{
    for (size_t i = 0; i < t->count; i++) {
        if (t->leaves[i].leaf == leaf && t->leaves[i].subleaf == subleaf)
            return &t->leaves[i];
    }
    return NULL;
}

static int reserve_one_more(hvd__cpuid_table *t)
{
    if (t->count < t->capacity)
        return 0;
    size_t capacity = t->capacity == 0 ? INITIAL_CAPACITY : t->capacity * 2;
    if (capacity > MAX_LEAVES)
        capacity = MAX_LEAVES;
    if (capacity <= t->count)
        return -1;
    hvd__cpuid_leaf *grown = realloc(t->leaves, capacity * sizeof *grown);
    if (grown == NULL)
        return -1;
    t->leaves = grown;
    t->capacity = capacity;
    return 0;
}

typedef enum line_result { LINE_CONTINUE, LINE_STOP, LINE_OUT_OF_MEMORY } line_result;

typedef struct block_state {
    int seen_header;
    size_t count_at_start;
} block_state;

static line_result record_leaf(parser *p, const hvd__cpuid_leaf *leaf)
{
    hvd__cpuid_table *t = p->out;
    if (find_leaf(t, leaf->leaf, leaf->subleaf) != NULL) {
        REPORT(p, "duplicate leaf 0x%08x subleaf 0x%x; keeping the first", (unsigned)leaf->leaf,
               (unsigned)leaf->subleaf);
        return LINE_CONTINUE;
    }
    if (t->count >= MAX_LEAVES) {
        REPORT(p, "more than %d leaves; ignoring this line and the rest", MAX_LEAVES);
        return LINE_STOP;
    }
    if (reserve_one_more(t) != 0)
        return LINE_OUT_OF_MEMORY;
    t->leaves[t->count++] = *leaf;
    return LINE_CONTINUE;
}

static line_result parse_line(parser *p, block_state *block, const char *line, size_t length)
{
    cursor c = {line, line + length};
    skip_blanks(&c);
    if (at_end(&c))
        return LINE_CONTINUE;
    if (looks_like_cpu_header(&c)) {
        if (parse_cpu_header(p, &c, line) != 0)
            return LINE_CONTINUE;
        if (block->seen_header || p->out->count > block->count_at_start)
            return LINE_STOP;
        block->seen_header = 1;
        return LINE_CONTINUE;
    }
    hvd__cpuid_leaf leaf;
    if (parse_leaf_line(p, &c, line, &leaf) != 0)
        return LINE_CONTINUE;
    return record_leaf(p, &leaf);
}

int hvd__cpuid_dump_parse(const char *text, size_t len, hvd__cpuid_table *out, hvd__problem_fn on_problem,
                          void *ctx)
{
    if (out == NULL)
        return -1;
    if (text == NULL)
        len = 0;
    parser p = {out, on_problem, ctx, 0};
    block_state block = {0, out->count};
    size_t pos = 0;
    while (pos < len) {
        const char *line = text + pos;
        const char *newline = memchr(line, '\n', len - pos);
        size_t length = newline != NULL ? (size_t)(newline - line) : len - pos;
        p.line_number++;
        line_result result = parse_line(&p, &block, line, length);
        if (result == LINE_OUT_OF_MEMORY)
            return -1;
        if (result == LINE_STOP)
            break;
        pos += length + (newline != NULL ? 1 : 0);
    }
    return (int)(out->count - block.count_at_start);
}

int hvd__cpuid_table_get(const hvd__cpuid_table *t, uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
    if (t == NULL || t->leaves == NULL)
        return 0;
    const hvd__cpuid_leaf *found = find_leaf(t, leaf, subleaf);
    if (found == NULL)
        return 0;
    if (regs != NULL) {
        regs[0] = found->eax;
        regs[1] = found->ebx;
        regs[2] = found->ecx;
        regs[3] = found->edx;
    }
    return 1;
}

void hvd__cpuid_table_clear(hvd__cpuid_table *t)
{
    if (t == NULL)
        return;
    free(t->leaves);
    t->leaves = NULL;
    t->count = 0;
    t->capacity = 0;
}
