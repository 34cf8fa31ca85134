#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The README's console examples are what the built binary prints, so that they cannot drift.

    tests/check-readme.py README.md HVDETECT SOURCE_DIR

Each ```console block is a list of "$ command" lines, each followed by its expected output. A command that starts
with build/hvdetect or hvdetect and reads only recorded machines (--root, --evidence of a file in the source tree)
is run from SOURCE_DIR, and its output must match: a line "..." stands for any number of lines, a line ending in
"..." for any line starting with what precedes it, and dates (YYYY-MM-DD) match any date, as the partner list is
evaluated on the day the example runs. A command that reads the live machine is refused: an example must be
reproducible.
"""
import os
import re
import shlex
import subprocess
import sys

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def blocks(text):
    for match in re.finditer(r"```console\n(.*?)```", text, re.S):
        yield text[: match.start()].count("\n") + 2, match.group(1).splitlines()


def examples(lines):
    command, output = None, []
    for line in lines:
        if line.startswith("$ "):
            if command:
                yield command, output
            command, output = line[2:], []
        else:
            output.append(line)
    if command:
        yield command, output


def line_matches(expected, got):
    expected, got = DATE.sub("DATE", expected), DATE.sub("DATE", got)
    if expected.endswith("...") and expected != "...":
        return got.startswith(expected[:-3])
    return expected == got.rstrip()


def matches(expected, got):
    """Whether got (lines) matches expected (lines with "..." wildcards), by backtracking."""
    if not expected:
        return not got
    if expected[0] == "...":
        return any(matches(expected[1:], got[i:]) for i in range(len(got) + 1))
    return bool(got) and line_matches(expected[0], got[0]) and matches(expected[1:], got[1:])


def main():
    readme, hvdetect, source = sys.argv[1:4]
    with open(readme, encoding="utf-8") as file:
        text = file.read()
    failures = checked = 0
    for line_number, lines in blocks(text):
        for command, expected in examples(lines):
            argv = shlex.split(command)
            if argv[0] not in ("build/hvdetect", "hvdetect"):
                continue
            recorded = {"--root", "--evidence", "--list", "--help", "--version"} & set(argv)
            if not recorded:
                print(f"README.md:{line_number}: '{command}' reads the live machine; use a recorded one",
                      file=sys.stderr)
                failures += 1
                continue
            result = subprocess.run([hvdetect] + argv[1:], cwd=source, capture_output=True, text=True, check=False)
            got = result.stdout.splitlines()
            checked += 1
            if not matches(expected, got):
                failures += 1
                print(f"README.md:{line_number}: '{command}' prints something else:\n" +
                      "\n".join("    " + l for l in got), file=sys.stderr)
    print(f"check-readme: {checked} examples checked, {failures} failed")
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
