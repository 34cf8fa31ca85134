/* SPDX-License-Identifier: MIT */
/* Line patterns (util/pattern.h). A '?' or a set repeated n times is n one-character steps, so a pattern is a string
 * of one-character steps and stars, and the classic wildcard match applies: on a mismatch, the last star takes one
 * more character and the steps after it start again. The work is at most the line's length times the pattern's,
 * with no recursion for a hostile pattern or line to exhaust. */

#include "util/pattern.h"

#include <string.h>

enum { REPEAT_MAX = 1024 };

/* Where the step at pattern[at] ends ("[0-9a-f]{64}": after the '}') and how many times it repeats. */
typedef struct step {
    size_t length;
    unsigned count;
} step;

static size_t set_length(const char *pattern, size_t at)
{
    const char *close = strchr(pattern + at + 1, ']');
    return close ? (size_t)(close - (pattern + at)) + 1 : 0;
}

/* The repetition "{n}" at pattern[at], its length in *length; 0 when there is none or it is malformed. */
static unsigned repetition(const char *pattern, size_t at, size_t *length)
{
    unsigned count = 0;
    size_t i = at + 1;
    *length = 0;
    if (pattern[at] != '{')
        return 0;
    while (pattern[i] >= '0' && pattern[i] <= '9' && count <= REPEAT_MAX)
        count = count * 10 + (unsigned)(pattern[i++] - '0');
    if (pattern[i] != '}' || i == at + 1 || count == 0 || count > REPEAT_MAX)
        return 0;
    *length = i + 1 - at;
    return count;
}

static step step_at(const char *pattern, size_t at)
{
    step s = {1, 1};
    if (pattern[at] == '[')
        s.length = set_length(pattern, at);
    if (pattern[at] == '?' || pattern[at] == '[') {
        size_t braces;
        unsigned count = repetition(pattern, at + s.length, &braces);
        if (count) {
            s.length += braces;
            s.count = count;
        }
    }
    return s;
}

static char fold(char c, int nocase)
{
    return nocase && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int step_accepts(const char *pattern, size_t at, char c, int nocase)
{
    if (pattern[at] == '?')
        return 1;
    if (pattern[at] != '[')
        return fold(pattern[at], nocase) == fold(c, nocase);
    c = fold(c, nocase);
    for (size_t i = at + 1; pattern[i] && pattern[i] != ']'; i++) {
        char low = fold(pattern[i], nocase), high = low;
        if (pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            high = fold(pattern[i + 2], nocase);
            i += 2;
        }
        if (c >= low && c <= high)
            return 1;
    }
    return 0;
}

const char *hvd__pattern_problem(const char *pattern)
{
    for (size_t at = 0; pattern[at];) {
        if (pattern[at] == '[' && set_length(pattern, at) == 0)
            return "a '[' has no ']'";
        if (pattern[at] == '[' && pattern[at + 1] == ']')
            return "an empty set \"[]\"";
        step s = step_at(pattern, at);
        if (pattern[at + s.length] == '{' && (pattern[at] == '?' || pattern[at] == '['))
            return "a repetition must be \"{n}\" with n from 1 to 1024";
        if (pattern[at + s.length] == '{')
            return "a repetition \"{n}\" may follow only '?' or a set";
        if (pattern[at] == '{')
            return "a repetition \"{n}\" may follow only '?' or a set";
        at += s.length;
    }
    return NULL;
}

/* Whether the whole of line[0..length) matches. */
static int line_matches(const char *pattern, const char *line, size_t length, int nocase)
{
    size_t at = 0, done = 0; /* the step, and how many of its repetitions are matched */
    size_t star_at = 0, star_from = 0;
    int starred = 0;
    for (size_t i = 0; i < length;) {
        if (pattern[at] == '*') {
            starred = 1;
            star_at = at + 1;
            star_from = i;
            at = star_at;
            done = 0;
            continue;
        }
        if (pattern[at] && step_accepts(pattern, at, line[i], nocase)) {
            step s = step_at(pattern, at);
            if (++done == s.count) {
                at += s.length;
                done = 0;
            }
            i++;
            continue;
        }
        if (!starred)
            return 0;
        i = ++star_from;
        at = star_at;
        done = 0;
    }
    while (pattern[at] == '*')
        at++;
    return pattern[at] == '\0';
}

int hvd__pattern_match_lines(const char *pattern, const char *text, size_t length, int nocase)
{
    static const char escaped_newline[] = "\\x0a";
    const size_t escaped_length = sizeof(escaped_newline) - 1;
    for (size_t start = 0, i = 0;;) {
        size_t separator = 0;
        if (i < length && text[i] == '\n')
            separator = 1;
        else if (i + escaped_length <= length && memcmp(text + i, escaped_newline, escaped_length) == 0)
            separator = escaped_length;
        else if (i < length) {
            i++;
            continue;
        }
        if (line_matches(pattern, text + start, i - start, nocase))
            return 1;
        if (i == length)
            return 0;
        i += separator;
        start = i;
    }
}
