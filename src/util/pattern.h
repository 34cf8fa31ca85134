/* SPDX-License-Identifier: MIT */
#ifndef HVD_UTIL_PATTERN_H
#define HVD_UTIL_PATTERN_H

#include <stddef.h>

/* Line patterns, the vendor database's "line" operator (vendors/README.md): a pattern matches one whole line.
 *  - '*' matches any run of characters (none included), '?' any one character;
 *  - "[...]" one character of a set, with ranges ("[0-9a-f]");
 *  - "{n}" right after '?' or a set repeats it n times ("[0-9a-f]{64}", a container id);
 *  - every other character stands for itself.
 * The syntax is small on purpose: the Windows build has no POSIX regex, and every pattern is checked when the
 * database loads, so a typo is an error there, never a rule that silently matches nothing. */

/* NULL when pattern is well formed; otherwise what is wrong with it, for the loader's message. */
const char *hvd__pattern_problem(const char *pattern);

/* Whether some line of text[0..length) matches the (well-formed) pattern. Lines end at a newline, or at the "\x0a"
 * the evidence writes for one (a sanitised value has no raw control characters). nocase folds ASCII case. */
int hvd__pattern_match_lines(const char *pattern, const char *text, size_t length, int nocase);

#endif
