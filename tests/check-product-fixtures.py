#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Every product of the vendor database has a recorded machine that is that product.

    tests/check-product-fixtures.py SOURCE_DIR

A product counts as covered when a fixture (tests/fixtures/*/expected.json) or a recorded machine
(tests/machines/**/*.json, its "expected") names it as the machine's product, or among the products the machine may
be when the evidence cannot pin one ("candidates": VMware Workstation is told from ESXi by no evidence from inside).
A product without one is listed in EXCEPTIONS below with the reason no real public record was found; an exception
that has since gained a machine, or that names no product, is an error too, so that the list stays true.
"""
import glob
import json
import os
import sys

# Products no fixture or recorded machine covers, and why.
EXCEPTIONS = {
    "sles-kvm": "no public record found of a guest whose record says its host is SUSE Linux Enterprise Server's KVM. "
                "SLES's QEMU keeps upstream SMBIOS and machine types; what marks SUSE's packaging is SeaBIOS's build "
                "suffix ('-rebuilt.suse.com', '-rebuilt.opensuse.org' in the DMI BIOS version), which openSUSE's "
                "QEMU (and Xen hosts using that SeaBIOS, e.g. Qubes) show too, so it does not pin SLES. It stays "
                "among KVM's unpinned candidates, where any KVM guest may be on it; that does not count as a "
                "fixture, as it would for every unpinned product alike",
    "sun-xvm-server": "no public record found of a Sun xVM Server guest (sold 2008-2009, discontinued after the Oracle "
                      "purchase in 2010); its HVM guests show hvmloader's generic Xen identity, and OpenSolaris's xVM "
                      "hypervisor, a different product, shows the same. It is not among Xen's unpinned candidates: "
                      "those carry no dates, so listing it would offer a product gone since 2010 for every Xen guest "
                      "of today",
}


def products(source):
    found = {}
    for path in sorted(glob.glob(os.path.join(source, "vendors", "*.json"))):
        with open(path, encoding="utf-8") as file:
            for product in json.load(file).get("products") or []:
                found[product["id"]] = os.path.relpath(path, source)
    return found


def covered(source):
    """Product id -> the first fixture or recorded machine that is (or may be) that product."""
    found = {}
    expectations = []
    for path in sorted(glob.glob(os.path.join(source, "tests", "fixtures", "*", "expected.json"))):
        with open(path, encoding="utf-8") as file:
            expectations.append((path, json.load(file)))
    for path in sorted(glob.glob(os.path.join(source, "tests", "machines", "**", "*.json"), recursive=True)):
        with open(path, encoding="utf-8") as file:
            expectations.append((path, json.load(file).get("expected") or {}))
    for path, expected in expectations:
        for product in [expected.get("product")] + list(expected.get("candidates") or []):
            if product:
                found.setdefault(product, os.path.relpath(path, source))
    return found


def main():
    source = sys.argv[1]
    known, machines = products(source), covered(source)
    problems = []
    for product, where in sorted(known.items()):
        if product not in machines and product not in EXCEPTIONS:
            problems.append("%s (%s) has no fixture or recorded machine: add one (tests/machines/README.md), or an "
                            "exception with the reason" % (product, where))
    for product in sorted(EXCEPTIONS):
        if product not in known:
            problems.append("exception %s names no product of vendors/" % product)
        elif product in machines:
            problems.append("exception %s is covered by %s now: remove the exception" % (product, machines[product]))
    for problem in problems:
        print("check-product-fixtures: " + problem, file=sys.stderr)
    if problems:
        return 1
    print("check-product-fixtures: %d products, %d covered, %d known exceptions (%s)"
          % (len(known), len(known) - len(EXCEPTIONS), len(EXCEPTIONS), ", ".join(sorted(EXCEPTIONS))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
