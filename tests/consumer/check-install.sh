#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs a build into a scratch prefix and builds a consumer against it three times: with CMake's find_package (the
# shared and the static library) and with pkg-config. Usage: tests/consumer/check-install.sh BUILD_DIR
set -euo pipefail
build=$1
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
cmake -S "$here" -B "$prefix/consumer-cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$prefix/consumer-cmake" >/dev/null
LD_LIBRARY_PATH="$prefix/lib:$prefix/lib/$(gcc -print-multiarch)" "$prefix/consumer-cmake/consumer"
cmake -S "$here" -B "$prefix/consumer-static" -DCMAKE_PREFIX_PATH="$prefix" -DHVD_CONSUMER_STATIC=ON >/dev/null
cmake --build "$prefix/consumer-static" >/dev/null
"$prefix/consumer-static/consumer"
libdir=$(dirname "$(find "$prefix" -name hvdetect.pc | head -n 1)")
PKG_CONFIG_PATH="$libdir" cc "$here/consumer.c" -o "$prefix/consumer-pc" $(PKG_CONFIG_PATH="$libdir" pkg-config --cflags --libs hvdetect)
LD_LIBRARY_PATH="$(dirname "$libdir")" "$prefix/consumer-pc"
echo "install check: find_package (shared, static) and pkg-config consumers built and ran"
