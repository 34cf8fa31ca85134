#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Each file a probe reads costs one open, its reads and a close, and nothing the read already tells: run under
strace, no descriptor opened for reading a probe's file is given to fstat, and on the live machine no path is opened
for a type check (O_PATH) before it is opened for reading. Under --root the type check through O_PATH stays (a FIFO
or a device in a saved tree must never be opened for reading), and the read's descriptor still gets no fstat.

Usage: tests/check-read-syscalls.py HVDETECT   (exit status 77, skipped, where strace is missing or cannot trace)"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

OPEN = re.compile(r'^(?:\d+ +)?(openat2?)\((\d+), "([^"]*)", (.*)\) = (\d+)')
FSTAT = re.compile(r'^(?:\d+ +)?(?:newfstatat|fstat|statx)\((\d+), ""')
CLOSE = re.compile(r'^(?:\d+ +)?close\((\d+)\)')


def problems_in(trace, live):
    reading = {}       # descriptor -> path, for files opened for reading relative to a directory descriptor
    type_checked = set()
    found = []
    for line in trace.splitlines():
        opened = OPEN.match(line)
        if opened:
            _, _, path, flags, fd = opened.groups()
            if 'O_PATH' in flags:
                type_checked.add(path)
            elif 'O_DIRECTORY' not in flags and 'O_RDONLY' in flags:
                reading[fd] = path
                if live and path in type_checked:
                    found.append(f'{path}: opened with O_PATH before it was opened for reading')
            continue
        stat = FSTAT.match(line)
        if stat and stat.group(1) in reading:
            found.append(f'{reading[stat.group(1)]}: fstat on the descriptor it is read through')
            continue
        closed = CLOSE.match(line)
        if closed:
            reading.pop(closed.group(1), None)
    return found, len(type_checked)


def traced(arguments):
    with tempfile.NamedTemporaryFile('r', suffix='.trace') as trace:
        subprocess.run(['strace', '-f', '-o', trace.name, '-e', 'trace=openat,openat2,newfstatat,fstat,statx,close',
                        *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return trace.read()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    hvdetect = sys.argv[1]
    if not shutil.which('strace') or subprocess.run(['strace', '-o', os.devnull, 'true'],
                                                    stderr=subprocess.DEVNULL).returncode != 0:
        print('skipped: strace is missing or cannot trace here')
        sys.exit(77)
    failed = False
    with tempfile.TemporaryDirectory() as root:
        # A saved tree with files of three probes: DMI, the kernel's own view, a PCI device.
        for path, text in [('sys/class/dmi/id/sys_vendor', 'QEMU\n'), ('sys/class/dmi/id/product_name', 'Standard PC\n'),
                           ('proc/cpuinfo', 'flags\t\t: fpu hypervisor\n'),
                           ('sys/bus/pci/devices/0000:00:01.0/vendor', '0x1af4\n'),
                           ('sys/bus/pci/devices/0000:00:01.0/device', '0x1000\n')]:
            os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(root, path), 'w') as file:
                file.write(text)
        for name, arguments, live in [('live', [hvdetect, '-q'], True),
                                      ('--root', [hvdetect, '--root', root, '-q'], False)]:
            found, checked = problems_in(traced(arguments), live)
            print(f'{name}: {len(found)} problems, {checked} paths opened with O_PATH')
            for problem in found:
                print(f'FAIL ({name}): {problem}', file=sys.stderr)
            failed = failed or bool(found)
            if not live and checked == 0:
                print('FAIL (--root): no type check through O_PATH before reading', file=sys.stderr)
                failed = True
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
