#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the Windows zip on Debian 12 in one command: installs the cross compiler, builds cJSON and Check for Windows
# from Debian's source packages, cross-compiles hvdetect and packs build-windows/hvdetect-<version>-windows-x86_64.zip
# (hvdetect.exe, libhvdetect.dll, libcjson.dll, README.md, SECURITY.md, LICENSE). As root, or through sudo.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh gcc-mingw-w64-x86-64 dpkg-dev
tools/build-windows-deps.sh
cmake -B build-windows --toolchain cmake/mingw-w64-x86_64.cmake -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$(pwd)/build-windows-deps/prefix" -DHVD_BUILD_BENCHMARKS=OFF
cmake --build build-windows -j"$(nproc)"
cmake --build build-windows --target windows-zip
ls build-windows/hvdetect-*-windows-x86_64.zip
