#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""hvdetect's accuracy over the recorded machines of tests/machines/.

Usage:
    python3 tests/accuracy.py HVDETECT [--machines DIR] [--baseline FILE] [--update-baseline] [--quiet]
                              [--cannot-tell]

For every machine file, builds its root tree and CPUID dump (tests/machines/README.md says how), runs
`HVDETECT --root ROOT [--cpuid-dump DUMP] --format json --no-timestamp` and compares the answer with the file's
"expected", field by field, only for the fields it gives. Prints, per field, how many answers were right, wrong or
"cannot tell" (hvdetect gave no answer for a field the record makes certain), then the same per architecture and per
class, then every wrong answer with hvdetect's reasons.

A "cannot tell" is counted apart, as "no facts", where the recorded facts cannot decide the field: the record holds
no fact hvdetect reads (the root tree built from it holds no file and there is no CPUID dump: an empty `machine`, or
only facts no file shows, such as an RSDP), or its `cannot_decide` names, for that field, another recorded
machine whose facts look alike and whose answer differs (checked here: that machine must exist and expect another
value). "right%" counts right answers only; "allowed%" counts these "cannot tell" answers as the answer the facts
allow.

An answer less specific than the record is "cannot tell", not wrong: a product that the expected one refines (its
`parent` in vendors/, such as hyperv for azure), that product's vendor or cloud, and a confidential kind that the
expected one is built on (its systemd id, such as sev-snp for hyperv-snp). An empty container list is an answer only
when hvdetect could look everywhere.

With --baseline FILE (one "machine field" pair per line that was right when the file was written), exits 1 when one of
them is no longer right: a regression. --update-baseline rewrites FILE from this run. Only the standard library is
used.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ("virtualized", "role", "technology", "product", "vendor", "cloud", "containers", "confidential", "microsoft")
MICROSOFT_TECHNOLOGIES = {"hyperv", "virtualpc"}


def load_writer():
    """The root-tree and CPUID-dump writer shared with the fixture generator."""
    path = os.path.join(HERE, "fixtures", "build-fixtures.py")
    spec = importlib.util.spec_from_file_location("build_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def machine_files(directory):
    for dirpath, _, names in sorted(os.walk(directory)):
        for name in sorted(names):
            if name.endswith(".json"):
                yield os.path.join(dirpath, name)


def cpuid_text(writer, cpuid, cpuinfo):
    """The dump a record's CPUID facts make. A record that gives hypervisor bases without leaf 1 gets no leaf 0 or 1:
    the bit was not recorded, and a made-up clear bit would read as bare metal."""
    if cpuid.get("raw_dump"):
        return writer.build_cpuid(cpuid, cpuinfo, "zeros")
    text = writer.build_cpuid(cpuid, cpuinfo, "zeros")
    if "hypervisor_bit" in cpuid:
        return text
    lines = [line for line in text.splitlines()
             if not line.strip().startswith(("0x00000000 ", "0x00000001 ", "0x0000000d "))]
    return "\n".join(lines) + "\n"


def holds_files(root):
    """Whether the built root tree holds a file hvdetect could read (the writer's placeholder aside)."""
    return any(name != ".keep" for _, _, names in os.walk(root) for name in names)


def run_machine(hvdetect, writer, record, workdir):
    """hvdetect's report on the record, and whether the record gave it any fact to read."""
    root = os.path.join(workdir, "root")
    writer.write_root(root, record.get("machine") or {})
    readable = holds_files(root)
    command = [hvdetect, "--root", root, "--format", "json", "--no-timestamp"]
    cpuid = (record.get("machine") or {}).get("cpuid")
    if cpuid:
        dump = os.path.join(workdir, "cpuid.txt")
        cpuinfo = ((record.get("machine") or {}).get("files") or {}).get("proc/cpuinfo")
        with open(dump, "w", encoding="utf-8") as f:
            f.write(cpuid_text(writer, cpuid, cpuinfo))
        command += ["--cpuid-dump", dump]
        readable = True
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if done.returncode not in (0, 1, 2):
        raise RuntimeError("hvdetect exited %d: %s" % (done.returncode, done.stderr.strip()))
    return json.loads(done.stdout), readable


def answer_of(report):
    hypervisor = report.get("hypervisor") or {}
    policy = report.get("policy") or {}
    return {
        "virtualized": report.get("virtualized"),
        "role": report.get("role"),
        "technology": hypervisor.get("technology"),
        "product": hypervisor.get("product"),
        "candidates": [c.get("id") if isinstance(c, dict) else c for c in hypervisor.get("candidates") or []],
        "vendor": hypervisor.get("vendor"),
        "cloud": hypervisor.get("cloud"),
        "containers": sorted(c.get("id") if isinstance(c, dict) else c for c in report.get("containers") or []),
        # Reports before the field looked whenever they ran; absent means known.
        "containers_known": report.get("containers_known", True),
        "tier": policy.get("tier"),
        "confidential": (report.get("confidential") or {}).get("id"),
    }


def product_parents():
    """Each product's parent in the vendor database (azure -> hyperv, proxmox-ve -> qemu-kvm)."""
    parents = {}
    directory = os.path.join(HERE, os.pardir, "vendors")
    for name in sorted(os.listdir(directory)):
        if name.endswith(".json"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                for product in json.load(f).get("products") or []:
                    if product.get("parent"):
                        parents[product["id"]] = product["parent"]
    return parents


PARENTS = product_parents()


def confidential_bases():
    """Each confidential kind's systemd id where that names another kind: hyperv-snp is AMD SEV-SNP under Hyper-V's
    isolation, so its base is sev-snp."""
    with open(os.path.join(HERE, os.pardir, "vendors", "confidential.json"), encoding="utf-8") as f:
        kinds = json.load(f)["kinds"]
    ids = {kind["id"] for kind in kinds}
    return {kind["id"]: kind["systemd_id"] for kind in kinds
            if kind.get("systemd_id") in ids and kind["systemd_id"] != kind["id"]}


CONFIDENTIAL_BASES = confidential_bases()


def is_ancestor(product, of):
    while of in PARENTS:
        of = PARENTS[of]
        if of == product:
            return True
    return False


def judge(field, expected, got):
    """'right', 'wrong' or 'cannot-tell' for one field. A product that the expected one refines (hyperv for an Azure
    machine whose record shows no Azure mark) is no answer about the refinement, not a wrong one: the parent is what
    every refinement also is. So is the parent's vendor or cloud."""
    if field == "virtualized":
        want = expected["virtualized"]
        if got["virtualized"] is None:
            return "cannot-tell" if want is not None else "right"
        return "right" if got["virtualized"] == want else "wrong"
    if field in ("vendor", "cloud") and got[field] != expected[field] and got["product"] is not None and \
            is_ancestor(got["product"], expected.get("product")):
        # The parent's vendor (OpenStack's for an OVHcloud instance shown as OpenStack) says nothing of the
        # refinement's.
        return "cannot-tell"
    if field == "product":
        want = expected["product"]
        if got["product"] is not None:
            if got["product"] != want and is_ancestor(got["product"], want):
                return "cannot-tell"
            return "right" if got["product"] == want else "wrong"
        if got["candidates"]:
            if want in got["candidates"]:
                return "right"
            return "cannot-tell" if any(is_ancestor(c, want) for c in got["candidates"]) else "wrong"
        return "cannot-tell" if want is not None else "right"
    if field == "containers":
        # A list from a report that could not look everywhere (containers_known false) may be short: no answer where
        # the record expects more (or, for an empty list, anything), a wrong one where it names a container the
        # record does not have. "None" is right only when hvdetect looked.
        if not got["containers_known"] and not got["containers"]:
            return "cannot-tell"
        if sorted(expected["containers"]) == got["containers"]:
            return "right"
        if not got["containers_known"] and set(got["containers"]) < set(expected["containers"]):
            return "cannot-tell"
        return "wrong"
    if field == "confidential" and got["virtualized"] is None:
        # Where hvdetect cannot tell whether the machine is virtual, its "none" is no answer about confidentiality.
        return "cannot-tell" if expected["confidential"] != "none" else "right"
    if field == "confidential" and CONFIDENTIAL_BASES.get(expected["confidential"]) == got["confidential"]:
        # The kind the expected one is built on (sev-snp for hyperv-snp) is right as far as it goes: no answer about
        # the hypervisor's isolation on top of it.
        return "cannot-tell"
    if field == "microsoft":
        # Never Microsoft's own virtualization (a guest of it, or its tier) on a machine that is not. A Hyper-V root
        # partition runs Hyper-V and is no guest: technology hyperv with the role host is right there.
        said = (got["technology"] in MICROSOFT_TECHNOLOGIES and got["role"] == "guest") or got["tier"] == "microsoft"
        is_microsoft = expected.get("technology") in MICROSOFT_TECHNOLOGIES
        if said and not is_microsoft and (expected.get("technology") or expected["virtualized"] is False):
            return "wrong"
        return "right"
    want, have = expected[field], got[field]
    if have is None and want is not None:
        return "cannot-tell"
    return "right" if have == want else "wrong"


def facts_cannot_decide(record, readable, field, expected_by_name, problems, path):
    """Whether the record's facts cannot decide the field (see the module's documentation); a cannot_decide entry
    that names no machine, or one that expects the same value, is a problem of the record."""
    if not readable:
        return True
    entry = (record.get("cannot_decide") or {}).get(field)
    if entry is None:
        return False
    other = expected_by_name.get(entry.get("like") if isinstance(entry, dict) else None)
    if not isinstance(entry, dict) or not entry.get("why") or other is None:
        problems.append("%s: cannot_decide.%s must name a recorded machine (like) and say why" % (path, field))
        return False
    if field not in other or other[field] == record["expected"].get(field):
        problems.append("%s: cannot_decide.%s: %s does not expect another %s" % (path, field, entry["like"], field))
        return False
    return True


def scored_fields(expected):
    # A field the record leaves open (null for virtualized: the outer machine of a container record) is not scored.
    fields = [f for f in FIELDS if f in expected and f != "microsoft" and not (f == "virtualized" and expected[f] is None)]
    if "virtualized" in expected:
        fields.append("microsoft")
    return fields


def reasons_of(report):
    hypervisor = report.get("hypervisor") or {}
    texts = []
    for finding in (hypervisor.get("supporting") or [])[:2]:
        texts.append("%s %s = %s" % (finding.get("source"), finding.get("key"), finding.get("value")))
    for reason in report.get("reasons") or hypervisor.get("reasons") or []:
        texts.append(reason if isinstance(reason, str) else json.dumps(reason))
    return "; ".join(texts)[:300]


def percent(counts, *verdicts):
    total = sum(counts.values())
    return "%5.1f%%" % (100.0 * sum(counts[v] for v in verdicts) / total) if total else "    - "


def print_table(title, table):
    print("\n%s" % title)
    print("  %-28s %7s %6s %6s %6s %8s %7s %8s" % ("", "machines", "right", "wrong", "cannot", "no facts", "right%",
                                                  "allowed%"))
    for name in sorted(table):
        counts = table[name]
        total = sum(counts.values())
        print("  %-28s %7d %6d %6d %6d %8d %7s %8s" % (name, total, counts["right"], counts["wrong"],
                                                      counts["cannot-tell"], counts["no-facts"],
                                                      percent(counts, "right"),
                                                      percent(counts, "right", "no-facts")))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("hvdetect")
    parser.add_argument("--machines", default=os.path.join(HERE, "machines"))
    parser.add_argument("--baseline")
    parser.add_argument("--update-baseline", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--cannot-tell", action="store_true",
                        help="also list every field hvdetect could not tell, with its reasons")
    args = parser.parse_args(argv)

    writer = load_writer()
    per_field = defaultdict(lambda: defaultdict(int))
    per_arch = defaultdict(lambda: defaultdict(int))
    per_class = defaultdict(lambda: defaultdict(int))
    platforms, bare_metal, machines = set(), 0, 0
    right_pairs, wrong, undecided = set(), [], []
    errors = []

    seen, records = {}, []
    for path in machine_files(args.machines):
        name = os.path.splitext(os.path.basename(path))[0]
        if name in seen:
            errors.append("%s: the machine id %s is also %s" % (path, name, seen[name]))
            continue
        seen[name] = path
        try:
            with open(path, encoding="utf-8") as f:
                record = json.load(f)
            record["expected"]["virtualized"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            errors.append("%s: %s" % (os.path.relpath(path, args.machines), error))
            continue
        records.append((path, name, record))
    expected_by_name = {name: record["expected"] for _, name, record in records}

    for path, name, record in records:
        shown = os.path.relpath(path, args.machines)
        expected = record["expected"]
        try:
            with tempfile.TemporaryDirectory(prefix="hvdetect-accuracy-") as workdir:
                report, readable = run_machine(args.hvdetect, writer, record, workdir)
        except (OSError, ValueError, KeyError, RuntimeError, subprocess.TimeoutExpired) as error:
            errors.append("%s: %s" % (shown, error))
            continue
        machines += 1
        platforms.add(record.get("platform", name))
        bare_metal += expected.get("virtualized") is False
        got = answer_of(report)
        arch = record.get("arch", "unknown")
        classes = record.get("classes") or ["(none)"]
        for field in scored_fields(expected):
            verdict = judge(field, expected, got)
            if verdict == "cannot-tell" and facts_cannot_decide(record, readable, field, expected_by_name, errors, shown):
                verdict = "no-facts"
            per_field[field][verdict] += 1
            if field in ("virtualized", "technology"):
                per_arch["%s %s" % (arch, field)][verdict] += 1
                for label in classes:
                    per_class["%s %s" % (label, field)][verdict] += 1
            if verdict == "right":
                right_pairs.add("%s %s" % (name, field))
            elif verdict in ("cannot-tell", "no-facts"):
                undecided.append((shown, field, expected.get(field), verdict, reasons_of(report)))
            elif verdict == "wrong":
                want = expected.get(field) if field != "microsoft" else expected.get("technology")
                have = got.get(field) if field != "product" or got["product"] else got["candidates"]
                if field == "microsoft":
                    have = "%s / tier %s" % (got["technology"], got["tier"])
                wrong.append((shown, field, want, have, reasons_of(report)))

    print("hvdetect accuracy over %d recorded machines, %d platforms, %d not virtual (bare metal or hosts)"
          % (machines, len(platforms), bare_metal))
    print_table("Per field", per_field)
    if not args.quiet:
        print_table("Per architecture", per_arch)
        print_table("Per class", per_class)
    if wrong:
        print("\nWrong answers (%d):" % len(wrong))
        for path, field, want, have, reasons in wrong:
            print("  %s: %s: expected %s, got %s\n      because: %s" % (path, field, json.dumps(want),
                                                                      json.dumps(have), reasons))
    if args.cannot_tell and undecided:
        print("\nCannot tell (%d; \"no facts\": the recorded facts cannot decide the field):" % len(undecided))
        for path, field, want, verdict, reasons in undecided:
            print("  %s: %s: expected %s%s\n      because: %s" % (path, field, json.dumps(want),
                                                             " (no facts)" if verdict == "no-facts" else "", reasons))
    if errors:
        print("\nMachines that could not be run (%d):" % len(errors))
        for line in errors:
            print("  " + line)

    status = 0 if not errors else 1
    if args.baseline and args.update_baseline:
        with open(args.baseline, "w", encoding="utf-8") as f:
            f.write("".join(pair + "\n" for pair in sorted(right_pairs)))
    elif args.baseline:
        with open(args.baseline, encoding="utf-8") as f:
            before = {line.strip() for line in f if line.strip()}
        lost = sorted(before - right_pairs)
        if lost:
            print("\nRegressions: right in %s, not now (%d):" % (os.path.basename(args.baseline), len(lost)))
            for pair in lost:
                print("  " + pair)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
