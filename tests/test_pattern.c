/* SPDX-License-Identifier: MIT */
/* Line patterns, the vendor database's "line" operator (src/util/pattern.h), one case per feature of the syntax:
 * each case is a pattern, a text and whether some line of the text matches, from the cgroup paths and kernel
 * strings the container rules read (vendors/containers.json). */

#include <check.h>

#include "check_run.h"
#include <stdlib.h>
#include <string.h>

#include "util/pattern.h"

typedef struct match_case {
    const char *pattern, *text;
    int nocase, matches;
} match_case;

#define ID64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const match_case match_cases[] = {
    /* a pattern matches a whole line, not a part of one */
    {"docker", "docker", 0, 1},
    {"docker", "dockerd", 0, 0},
    {"docker", "a docker", 0, 0},
    /* '*' is any run, none included; it takes more characters when what follows fails (backtracking) */
    {"*:/lxc/*", "4:cpu:/lxc/p1", 0, 1},
    {"*:/lxc/*", "11:hugetlb:/\n4:cpu:/lxc/p1", 0, 1},
    {"*/docker/*", "0::/system.slice/docker/abc", 0, 1},
    {"a*b*c", "aXbYbZc", 0, 1},
    {"a*b*c", "aXbYbZ", 0, 0},
    {"*", "", 0, 1},
    /* '?' is one character */
    {"?:cpu:/", "4:cpu:/", 0, 1},
    {"?:cpu:/", "11:cpu:/", 0, 0},
    /* a set is one character of it, ranges included */
    {"[0-9a-f]", "c", 0, 1},
    {"[0-9a-f]", "g", 0, 0},
    /* "{n}" repeats the set or '?' before it exactly n times */
    {"*:/lxc/[0-9a-f]{64}", "4:cpu:/lxc/" ID64, 0, 1},
    {"*:/lxc/[0-9a-f]{64}", "4:cpu:/lxc/" ID64 "0", 0, 0},
    {"*:/lxc/[0-9a-f]{64}", "4:cpu:/lxc/p1", 0, 0},
    {"??{2}", "abc", 0, 1},
    /* lines end at a newline or at the "\x0a" a sanitised value has instead */
    {"1:name=systemd:/", "2:cpu:/a\\x0a1:name=systemd:/", 0, 1},
    {"1:name=systemd:/", "2:cpu:/a\n1:name=systemd:/", 0, 1},
    {"2:cpu:/a1:name=systemd:/", "2:cpu:/a\\x0a1:name=systemd:/", 0, 0},
    /* nocase folds ASCII case in the text and the pattern */
    {"brandz virtual linux", "BrandZ virtual linux", 1, 1},
    {"brandz virtual linux", "BrandZ virtual linux", 0, 0},
};

START_TEST(test_match)
{
    const match_case *c = &match_cases[_i];
    ck_assert_msg(hvd__pattern_problem(c->pattern) == NULL, "\"%s\": %s", c->pattern, hvd__pattern_problem(c->pattern));
    ck_assert_msg(hvd__pattern_match_lines(c->pattern, c->text, strlen(c->text), c->nocase) == c->matches,
                  "\"%s\" on \"%s\": expected %s", c->pattern, c->text, c->matches ? "a match" : "none");
}
END_TEST

/* Malformed patterns are named when the database loads, never rules that silently match nothing. */
static const char *const malformed[] = {
    "[0-9",            /* a set without its end */
    "x{64}",           /* a repetition after a plain character */
    "[0-9]{0}",        /* repeated no times */
    "[0-9]{99999}",    /* beyond the limit */
    "[0-9]{",          /* a repetition without its end */
};

START_TEST(test_malformed)
{
    ck_assert_msg(hvd__pattern_problem(malformed[_i]) != NULL, "\"%s\" was taken", malformed[_i]);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("line patterns");
    TCase *tc = tcase_create("patterns");
    tcase_add_loop_test(tc, test_match, 0, (int)(sizeof(match_cases) / sizeof(match_cases[0])));
    tcase_add_loop_test(tc, test_malformed, 0, (int)(sizeof(malformed) / sizeof(malformed[0])));
    suite_add_tcase(suite, tc);
    return hvd_test_run(suite) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
