#!/bin/sh
# SPDX-License-Identifier: MIT
# The shell completions (contrib/bash-completion, contrib/zsh, contrib/fish) offer every option of the command, and
# each parses in its shell (where that shell is installed); fish also completes a real command line.
# Usage: tests/check-completions.sh SOURCE_DIR HVDETECT
set -u
source_dir=$1
hvdetect=$2
status=0
long=$(sed -n 's/^ *{"\([a-z][a-z-]*\)", *[a-z_]*, *NULL,.*/\1/p' "$source_dir/src/cli/options.c")
[ -n "$long" ] || { echo "check-completions: found no options in src/cli/options.c" >&2; exit 1; }
for option in $long; do
    grep -q -- "--$option\b" "$source_dir/contrib/zsh/_hvdetect" ||
        { echo "zsh completion lacks --$option" >&2; status=1; }
    grep -q -- "-l $option\b" "$source_dir/contrib/fish/hvdetect.fish" ||
        { echo "fish completion lacks --$option" >&2; status=1; }
    # bash reads the options from --help.
    "$hvdetect" --help | grep -q -- "--$option\b" || { echo "--help (bash's source) lacks --$option" >&2; status=1; }
done
bash -n "$source_dir/contrib/bash-completion/hvdetect" || status=1
if command -v zsh > /dev/null; then zsh -n "$source_dir/contrib/zsh/_hvdetect" || status=1; fi
if command -v fish > /dev/null; then
    fish --no-execute "$source_dir/contrib/fish/hvdetect.fish" || status=1
    offered=$(fish --no-config -c "source $source_dir/contrib/fish/hvdetect.fish; complete -C 'hvdetect --expect-tier '")
    echo "$offered" | grep -q '^joint-support' || { echo "fish does not complete --expect-tier: $offered" >&2; status=1; }
    offered=$(PATH="$(dirname "$hvdetect"):$PATH" fish --no-config -c \
        "source $source_dir/contrib/fish/hvdetect.fish; complete -C 'hvdetect --expect-technology '")
    echo "$offered" | grep -q '^vmware\b' || { echo "fish does not complete --expect-technology: $offered" >&2; status=1; }
fi
[ "$status" -eq 0 ] && echo "check-completions: bash, zsh and fish offer all $(echo $long | wc -w) options"
exit "$status"
