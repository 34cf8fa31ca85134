#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The mutation check: break one rule at a time and require the tests to notice.

Each entry of the catalogue (tests/mutation/catalogue.toml) names a file, an exact code fragment that occurs once in
it, its replacement, and the rule the replacement breaks. The tree is copied to a work directory (the files git
tracks or would track, as they are now, uncommitted changes included) and built there once; then, for each entry,
the fragment is replaced, the tests that cover the file are rebuilt incrementally and run, and the file is restored.

    killed          a test failed (or crashed, or timed out), or the build-time check of vendors/ refused the
                    shipped database: the rule is guarded
    survived        every test passed: nothing guards the rule; a test must be added
    did not build   the mutation does not compile: it tests nothing, the entry must be fixed
    stale           the fragment is not in the file exactly once: the entry must follow the code

Entries marked `equivalent` (with the reason the change cannot alter behaviour) are listed, not run. The exit status
is 0 when every entry run was killed, 1 otherwise, 2 when the check itself cannot run (the unmutated tree fails its
own tests, a bad catalogue).
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
CATALOGUE = Path(__file__).resolve().parent / "catalogue.toml"
ENTRY_FIELDS = {"id", "file", "rule", "from", "to", "tests", "env", "equivalent"}


def fail(message):
    print(f"mutation: {message}", file=sys.stderr)
    sys.exit(2)


def load_catalogue(path):
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as error:
        fail(f"{path}: {error}")
    files = data.get("files", {})
    entries = data.get("mutation", [])
    seen = set()
    for number, entry in enumerate(entries, 1):
        where = f"{path}: mutation {number} ({entry.get('id', 'no id')})"
        unknown = set(entry) - ENTRY_FIELDS
        if unknown:
            fail(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        for field in ("id", "file", "rule", "from", "to"):
            if not isinstance(entry.get(field), str) or not entry[field]:
                fail(f"{where}: '{field}' must be a non-empty string")
        if entry["id"] in seen:
            fail(f"{where}: the id is used twice")
        seen.add(entry["id"])
        if entry["from"] == entry["to"]:
            fail(f"{where}: 'to' is the same as 'from'")
        if "tests" not in entry and "tests" not in files.get(entry["file"], {}):
            fail(f"{where}: no tests given, and [files.\"{entry['file']}\"] names none")
    return files, entries


def tests_of(files, entry):
    return entry.get("tests", files.get(entry["file"], {}).get("tests", []))


def env_of(files, entry):
    env = dict(files.get(entry["file"], {}).get("env", {}))
    env.update(entry.get("env", {}))
    return env


def tracked_files():
    listing = subprocess.run(["git", "-C", str(SOURCE), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             check=True, capture_output=True).stdout
    return [name for name in listing.decode().split("\0") if name]


def sync_tree(tree):
    """Copies the source tree into tree, writing only the files whose content differs, so that a build directory
    kept from an earlier run rebuilds only what changed."""
    wanted = set()
    for name in tracked_files():
        source, target = SOURCE / name, tree / name
        if source.is_symlink():
            link = os.readlink(source)
            wanted.add(name)
            if target.is_symlink() and os.readlink(target) == link:
                continue
        elif source.is_file():
            data = source.read_bytes()
            wanted.add(name)
            if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
                continue
        else:
            continue  # deleted in the work tree but not yet in the index
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.exists():
            target.unlink()
        if source.is_symlink():
            os.symlink(link, target)
        else:
            target.write_bytes(data)
            shutil.copymode(source, target)
    for path in sorted(tree.rglob("*"), reverse=True):
        if (path.is_symlink() or path.is_file()) and path.relative_to(tree).as_posix() not in wanted:
            path.unlink()


def run(command, log, env=None, timeout=None):
    """Runs command with its output in log; returns the exit status (124 on timeout)."""
    with open(log, "ab") as out:
        out.write(("$ " + " ".join(command) + "\n").encode())
        out.flush()
        try:
            return subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env=env, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            out.write(b"(timed out)\n")
            return 124


# The fixture tests run the command-line program, so it is built with them.
NEEDS_CLI = {"test_cli", "test_formats", "test_fixtures", "test_fixtures_windows", "test_policy"}


# Tests that are not programs of their own: what they run.
SCRIPT_TESTS = {"accuracy": ["hvdetect_cli"], "check_fleet_output": ["hvdetect_cli"], "docs_options": [], "docs_manpages": []}


def build(build_dir, tests, jobs, log):
    """Builds the test programs (named like their targets) and, for the tests that run it, the command."""
    targets = set()
    for name in tests:
        targets.update(SCRIPT_TESTS.get(name, [name]))
        if name in NEEDS_CLI:
            targets.add("hvdetect_cli")
    if not targets:
        return True
    return run(["cmake", "--build", str(build_dir), "-j", str(jobs), "--target", *sorted(targets)], log) == 0


def test(build_dir, tests, env, timeout, log):
    pattern = "^(" + "|".join(re.escape(t) for t in sorted(set(tests))) + ")$"
    full_env = dict(os.environ, **env)
    return run(["ctest", "--test-dir", str(build_dir), "-R", pattern, "--timeout", str(timeout),
                "--output-on-failure"], log, env=full_env, timeout=timeout * len(set(tests)) + 60) == 0


def vendor_database_refused(build_dir, jobs, log):
    """Whether the build failed at its vendor-database check: the build step that compiles vendors/ into the library
    loads it with the library's own checks, so a mutation of those checks that refuses the shipped database stops the
    build, which is the rule's own test failing."""
    if run(["cmake", "--build", str(build_dir), "-j", str(jobs), "--target", "hvd-vendordb-compile"], log) != 0:
        return False
    compile_tool = build_dir / "hvd-vendordb-compile"
    return run([str(compile_tool), str(build_dir.parent / "tree" / "vendors"), str(build_dir / "vendordb_check.c")],
               log) == 1


def try_mutation(build_dir, tests, env, jobs, timeout, log):
    """One test program at a time, in the catalogue's order (the most specific first): the first that fails kills
    the mutation, and the programs after it are neither built nor run."""
    for name in tests:
        if not build(build_dir, [name], jobs, log):
            return "killed" if vendor_database_refused(build_dir, jobs, log) else "did not build"
        if not test(build_dir, [name], env, timeout, log):
            return "killed"
    return "survived"


def stop(signum, frame):
    raise KeyboardInterrupt  # so that the mutated file is restored on the way out


def main():
    signal.signal(signal.SIGTERM, stop)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalogue", type=Path, default=CATALOGUE, help="the catalogue (default: %(default)s)")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "hvdetect-mutation",
                        help="the copy of the tree and its build directory, kept for the next run (default: %(default)s)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2, help="build jobs")
    parser.add_argument("--timeout", type=int, default=120,
                        help="seconds per test program before it counts as killed (a mutation can make a loop endless)")
    parser.add_argument("--only", action="append", default=[], metavar="ID", help="run only these entries (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the entries and their rules, run nothing")
    args = parser.parse_args()

    files, entries = load_catalogue(args.catalogue)
    if args.only:
        unknown = set(args.only) - {e["id"] for e in entries}
        if unknown:
            fail(f"no such entry: {', '.join(sorted(unknown))}")
        entries = [e for e in entries if e["id"] in args.only]
    if args.list:
        for entry in entries:
            mark = " (equivalent)" if "equivalent" in entry else ""
            print(f"{entry['id']:40} {entry['file']:32} {entry['rule']}{mark}")
        print(f"{len(entries)} entries")
        return 0

    tree, build_dir = args.work / "tree", args.work / "build"
    log = args.work / "log.txt"
    tree.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"")
    sync_tree(tree)

    # Every fragment must be in its file exactly once, before anything is built.
    stale = []
    for entry in entries:
        path = tree / entry["file"]
        count = path.read_text().count(entry["from"]) if path.is_file() else 0
        if count != 1:
            stale.append((entry, count))

    started = time.monotonic()
    print(f"mutation: building the unmutated tree in {build_dir}", flush=True)
    # Ninja, where installed, decides what to rebuild faster than make.
    generator = ["-G", "Ninja"] if shutil.which("ninja") and not (build_dir / "CMakeCache.txt").exists() else []
    if run(["cmake", *generator, "-S", str(tree), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Debug", "-DHVD_BUILD_BENCHMARKS=OFF",
            "-DHVD_BUILD_MANPAGES=OFF"], log) != 0:
        fail(f"configuring the copy failed (see {log})")
    runnable = [e for e in entries if "equivalent" not in e and all(e is not s for s, _ in stale)]
    all_tests = sorted({t for e in runnable for t in tests_of(files, e)})
    if not build(build_dir, all_tests, args.jobs, log):
        fail(f"the unmutated tree does not build (see {log})")
    # The unmutated tree must pass, under each environment the entries use, or no kill means anything.
    baselines = {}
    for entry in runnable:
        env = env_of(files, entry)
        baselines.setdefault(tuple(sorted(env.items())), set()).update(tests_of(files, entry))
    for env, tests in baselines.items():
        if not test(build_dir, tests, dict(env), args.timeout, log):
            fail(f"the unmutated tree fails its own tests {sorted(tests)} (see {log})")

    results = {"killed": [], "survived": [], "did not build": []}
    for number, entry in enumerate(runnable, 1):
        path = tree / entry["file"]
        original = path.read_bytes()
        text = original.decode()
        path.write_text(text.replace(entry["from"], entry["to"], 1))
        tests = tests_of(files, entry)
        entry_started = time.monotonic()
        with open(log, "ab") as out:
            out.write(f"\n==== {entry['id']}: {entry['file']}\n".encode())
        try:
            outcome = try_mutation(build_dir, tests, env_of(files, entry), args.jobs, args.timeout, log)
        finally:
            path.write_bytes(original)
        results[outcome].append(entry)
        print(f"[{number}/{len(runnable)}] {outcome:13} {entry['id']} ({time.monotonic() - entry_started:.0f} s)",
              flush=True)
    # Leave the build matching the unmutated tree for the next run.
    build(build_dir, all_tests, args.jobs, log)

    equivalents = [e for e in entries if "equivalent" in e]
    print()
    print(f"mutation: {len(results['killed'])} killed, {len(results['survived'])} survived, "
          f"{len(results['did not build'])} did not build, {len(stale)} stale, {len(equivalents)} equivalent "
          f"({len(entries)} entries, {time.monotonic() - started:.0f} s)")
    for entry in results["survived"]:
        print(f"  SURVIVED       {entry['id']} ({entry['file']}): {entry['rule']}")
        print(f"                 no test in {', '.join(tests_of(files, entry))} notices; add one that does")
    for entry in results["did not build"]:
        print(f"  DID NOT BUILD  {entry['id']} ({entry['file']}): fix the entry (see {log})")
    for entry, count in stale:
        print(f"  STALE          {entry['id']} ({entry['file']}): the fragment occurs {count} times, not once")
    for entry in equivalents:
        print(f"  equivalent     {entry['id']} ({entry['file']}): {entry['equivalent']}")
    return 0 if not results["survived"] and not results["did not build"] and not stale else 1


if __name__ == "__main__":
    sys.exit(main())
