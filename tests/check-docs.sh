#!/bin/sh
# SPDX-License-Identifier: MIT
# Keeps the documentation in step with the command.
#   tests/check-docs.sh options SOURCE_DIR   every option of src/cli/options.c is described in docs/hvdetect.1.scd
#   tests/check-docs.sh roff PAGE...         each built manual page formats without a groff warning at 80 columns
set -eu

case ${1-} in
options)
    source_dir=$2
    options_c=$source_dir/src/cli/options.c
    page=$source_dir/docs/hvdetect.1.scd
    missing=0
    # Long options: the entries of long_options[], e.g. {"cpuid-dump", required_argument, ...}.
    long=$(sed -n 's/^ *{"\([a-z][a-z-]*\)", *[a-z_]*, *NULL,.*/\1/p' "$options_c")
    # Short options: the letters of getopt_long's option string, e.g. ":f:o:qvh".
    short=$(sed -n 's/.*getopt_long([^"]*"\([^"]*\)".*/\1/p' "$options_c" | tr -d ':' | sed 's/./& /g')
    if [ -z "$long" ] || [ -z "$short" ]; then
        echo "check-docs: found no options in $options_c; has its layout changed?" >&2
        exit 1
    fi
    for option in $long; do
        grep -q -- "\*--$option\*" "$page" || { echo "hvdetect(1) does not describe --$option" >&2; missing=1; }
    done
    for option in $short; do
        grep -q -- "\*-$option\*" "$page" || { echo "hvdetect(1) does not describe -$option" >&2; missing=1; }
    done
    [ "$missing" -eq 0 ] || exit 1
    echo "check-docs: hvdetect(1) describes all $(echo $long | wc -w) long and $(echo $short | wc -w) short options"
    ;;
roff)
    shift
    status=0
    for page in "$@"; do
        warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z -rLL=80n "$page" 2>&1) || status=1
        if [ -n "$warnings" ]; then
            printf '%s\n' "$warnings" >&2
            status=1
        fi
    done
    [ "$status" -eq 0 ] && echo "check-docs: $# manual page(s) format without warnings"
    exit "$status"
    ;;
*)
    echo "usage: $0 options SOURCE_DIR | roff PAGE..." >&2
    exit 64
    ;;
esac
