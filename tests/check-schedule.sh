#!/bin/sh
# SPDX-License-Identifier: MIT
# Scheduled collection: the systemd service and timer pass systemd-analyze verify (with ExecStart pointing at the
# collect script of the source tree, as the unit is not installed here), the cron.d file ships disabled with a
# well-formed line, and the collect script writes the facts and the metrics.
# Usage: tests/check-schedule.sh SOURCE_DIR BUILD_DIR
set -u
source_dir=$1
build_dir=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
fail() { echo "check-schedule: $*" >&2; status=1; }

if command -v systemd-analyze > /dev/null; then
    sed "s|^ExecStart=.*|ExecStart=$source_dir/contrib/systemd/hvdetect-collect|" "$build_dir/contrib/hvdetect.service" \
        > "$scratch/hvdetect.service"
    cp "$source_dir/contrib/systemd/hvdetect.timer" "$scratch/"
    # The manual page is not installed yet; tools/check-deb.sh verifies the installed units with it.
    systemd-analyze verify --man=no "$scratch/hvdetect.service" "$scratch/hvdetect.timer" ||
        fail "systemd-analyze verify rejected the units"
else
    echo "check-schedule: systemd-analyze not installed; units not verified" >&2
fi
grep -q '^ExecStart=/.*/hvdetect/hvdetect-collect$' "$build_dir/contrib/hvdetect.service" ||
    fail "the service does not run the installed collect script"
grep -q '^\[Install\]' "$build_dir/contrib/hvdetect.service" && fail "the service has an [Install] section; the timer starts it"

# cron.d: disabled (no active job line), and the commented line is a valid system crontab line once uncommented:
# five time fields, a user, a command (crontab(5), "/etc/cron.d").
cron=$build_dir/contrib/cron.d/hvdetect
grep -Eq '^[0-9*]' "$cron" && fail "the cron.d file has an active job; it must ship disabled"
line=$(sed -n 's/^#\([0-9*].*\)/\1/p' "$cron")
[ "$(echo "$line" | awk -F'\t' '{ print NF }')" -eq 3 ] || fail "cron.d line is not 'time<TAB>user<TAB>command': $line"
echo "$line" | cut -f1 | grep -Eq '^[0-9*/,-]+( [0-9*/,-]+){4}$' && [ "$(echo "$line" | cut -f2)" = root ] ||
    fail "cron.d line has not five time fields and the user root: $line"

# The collect script writes both files, atomically through --output; facts exit 0 on any machine.
mkdir "$scratch/textfile"
HVDETECT="$build_dir/hvdetect" HVDETECT_STATE_DIR="$scratch/state" HVDETECT_TEXTFILE_DIR="$scratch/textfile" \
    sh "$source_dir/contrib/systemd/hvdetect-collect" || fail "hvdetect-collect failed ($?)"
grep -q '"hvdetect_tier"' "$scratch/state/hvdetect.fact" || fail "no facts written"
grep -q '^hvdetect_info{' "$scratch/textfile/hvdetect.prom" || fail "no metrics written"
# Without node_exporter's directory the metrics are skipped, and that is no failure.
HVDETECT="$build_dir/hvdetect" HVDETECT_STATE_DIR="$scratch/state2" HVDETECT_TEXTFILE_DIR="$scratch/absent" \
    sh "$source_dir/contrib/systemd/hvdetect-collect" || fail "hvdetect-collect failed without a textfile directory"
[ "$status" -eq 0 ] && echo "check-schedule: units verified, cron.d disabled and well-formed, files written"
exit "$status"
