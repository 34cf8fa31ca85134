#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds cJSON and Check for 64-bit Windows (mingw-w64) from Debian's own source packages and installs them under
# PREFIX (default build-windows-deps/prefix), for `cmake --toolchain cmake/mingw-w64-x86_64.cmake
# -DCMAKE_PREFIX_PATH=PREFIX`. Debian's libcpuid source is not built: on Windows the CPUID probe uses the compiler's
# intrinsic instead. Needs deb-src lines for apt-get source (added to /etc/apt/sources.list.d/ when missing, as root)
# and the packages gcc-mingw-w64-x86-64, cmake, dpkg-dev.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
work=${1:-$top/build-windows-deps}
prefix=$work/prefix
toolchain=$top/cmake/mingw-w64-x86_64.cmake
mkdir -p "$work"
if [ -f "$prefix/.complete" ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then run=""; else run="sudo"; fi
if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    . /etc/os-release
    $run sh -c "cat > /etc/apt/sources.list.d/hvdetect-deb-src.sources" <<SOURCES
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $VERSION_CODENAME $VERSION_CODENAME-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    $run apt-get update -qq
fi

cd "$work"
for package in cjson check; do
    if ! ls -d "$package"-*/ >/dev/null 2>&1; then
        apt-get source -qq "$package"
    fi
done
cjson_source=$(ls -d cjson-*/ | head -n 1)
check_source=$(ls -d check-*/ | head -n 1)

# cJSON: the library alone, shared (cjson.dll) and static.
cmake -S "$cjson_source" -B cjson-build --toolchain "$toolchain" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DENABLE_CJSON_TEST=OFF -DENABLE_CJSON_UTILS=OFF -DBUILD_SHARED_AND_STATIC_LIBS=ON \
    -DENABLE_CUSTOM_COMPILER_FLAGS=OFF -DCMAKE_C_FLAGS="-O2" >/dev/null
cmake --build cjson-build -j"$(nproc)" >cjson-build.log 2>&1 || { cat cjson-build.log; exit 1; }
cmake --install cjson-build >/dev/null

# Check: static, without its own tests; Windows has no fork(), so test cases run in the test process (CK_FORK=no).
cmake -S "$check_source" -B check-build --toolchain "$toolchain" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_TESTING=OFF -DCHECK_ENABLE_TESTS=OFF -DBUILD_SHARED_LIBS=OFF \
    -DCHECK_ENABLE_TIMEOUT_TESTS=OFF >/dev/null
cmake --build check-build -j"$(nproc)" >check-build.log 2>&1 || { cat check-build.log; exit 1; }
cmake --install check-build >/dev/null
# Check's CMake build writes a pkg-config file for its autotools library name (libcheck_pic); the
# Windows build installs libcheck.a (which needs winpthreads: -pthread stays).
sed -i -e 's/-lcheck_pic/-lcheck/' "$prefix/lib/pkgconfig/check.pc"
# The test programs link Check statically: its DLL (which Check builds regardless) is left out.
rm -f "$prefix/lib/libcheck.dll.a" "$prefix/bin/libcheck.dll"
touch "$prefix/.complete"
echo "Windows dependencies in $prefix"
