#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/fixtures/ is generated from tests/platforms/ by tests/fixtures/build-fixtures.py: regenerating it into a
# scratch directory must give the tree in the repository, byte for byte (so that a fixture is never edited by hand
# and the generator and its inputs never drift from what the tests read). Usage: tests/check-fixtures-generated.sh SOURCE_DIR
set -eu
source_dir=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 "$source_dir/tests/fixtures/build-fixtures.py" "$source_dir/tests/platforms" "$scratch" >/dev/null
if ! diff -r -q -x build-fixtures.py -x README.md -x __pycache__ "$scratch" "$source_dir/tests/fixtures"; then
    echo "tests/fixtures differs from what build-fixtures.py makes of tests/platforms;" \
         "run python3 tests/fixtures/build-fixtures.py" >&2
    exit 1
fi
echo "tests/fixtures: $(ls "$scratch" | wc -l) fixtures, as generated from tests/platforms"
