#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the Debian packages hvdetect, libhvdetect2 and libhvdetect-dev from this tree, on Debian 12, as root or
# through sudo: installs what the build needs (apt-get build-dep), copies the tree into build-deb/ so that the tree
# itself stays clean, and runs dpkg-buildpackage -us -uc -b there, tests included. The .deb files, the .buildinfo and
# the .changes land in build-deb/, beside the source package (.dsc and .tar.xz) made from the same copy.
#
# Usage: tools/build-deb.sh
# DEB_BUILD_OPTIONS and DEB_BUILD_PROFILES are passed through (DEB_BUILD_OPTIONS=nocheck skips the tests).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build-deb

if [ "$(id -u)" -eq 0 ]; then
    run=""
else
    run="sudo"
fi
apt_install() {
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $run apt-get "$@"
}

# The tools that read debian/ come first, then the build dependencies it names.
if ! command -v dpkg-checkbuilddeps >/dev/null 2>&1 || ! dpkg-query -W -f='${Status}' build-essential 2>/dev/null |
    grep -q "install ok installed"; then
    apt_install update -qq
    apt_install install -y -qq --no-install-recommends build-essential dpkg-dev
fi
profiles=${DEB_BUILD_PROFILES:-}
if ! dpkg-checkbuilddeps ${profiles:+-P "$(echo "$profiles" | tr ' ' ',')"} "$root/debian/control" 2>/dev/null; then
    apt_install update -qq
    apt_install build-dep -y -qq ${profiles:+-P "$(echo "$profiles" | tr ' ' ',')"} "$root"
fi

# The package's version is the project's: a release changes both.
project_version=$(sed -n 's/^project(hvdetect VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
package_version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version)
if [ "${package_version%%-*}" != "$project_version" ]; then
    echo "build-deb: debian/changelog is at $package_version but CMakeLists.txt at $project_version;" \
         "add a changelog entry (dch -v $project_version)" >&2
    exit 1
fi

# A copy of the tree without version control, build directories or earlier package builds, named as Debian tools
# expect; the source package is made from it first, while it is clean.
rm -rf "$out"
src=$out/hvdetect-$project_version
mkdir -p "$src"
tar -C "$root" -cf - --exclude=./.git --exclude='./build*' --exclude='./obj-*' --exclude=./tests/fuzz/corpus-run \
    --exclude=./debian/.debhelper --exclude=./debian/tmp --exclude=./debian/files --exclude='./debian/*.substvars' \
    --exclude=./debian/debhelper-build-stamp --exclude=./debian/hvdetect --exclude=./debian/libhvdetect2 \
    --exclude=./debian/libhvdetect-dev . | tar -C "$src" -xf -

(cd "$out" && dpkg-source -b "hvdetect-$project_version")
(cd "$src" && dpkg-buildpackage -us -uc -b -J"$(nproc)")
rm -rf "$src"
echo "build-deb: built in $out:"
ls -1 "$out"
