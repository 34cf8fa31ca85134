# SPDX-License-Identifier: MIT
# fish completion for hvdetect(1). Installed to share/fish/vendor_completions.d/hvdetect.fish. Keep the options in
# step with src/cli/options.c (tests/check-completions.sh checks that every option is here).

complete -c hvdetect -f
complete -c hvdetect -s f -l format -x -a 'text json case html facts prometheus ndjson csv' -d 'Report format'
complete -c hvdetect -s o -l output -r -F -d 'Write to FILE atomically (- is standard output)'
complete -c hvdetect -s v -l verbose -d 'Text: every finding and observation'
complete -c hvdetect -s q -l quiet -d 'Print nothing; the exit status is the answer'
complete -c hvdetect -l no-redact -d 'Keep serial numbers, UUIDs, host names and machine ids'
complete -c hvdetect -l no-timestamp -d 'Leave generation times out'
complete -c hvdetect -l id -d 'Print only the id systemd-detect-virt would print'
complete -c hvdetect -l root -x -a '(__fish_complete_directories)' -d 'Read files under DIR instead of /'
complete -c hvdetect -l cpuid-dump -r -F -d 'CPUID values from FILE (cpuid -r -1)'
complete -c hvdetect -l save-evidence -r -F -d 'Write the evidence bundle (- is standard output)'
complete -c hvdetect -l label -x -d 'The name this machine goes by in fleet reports'
complete -c hvdetect -l evidence -r -F -d 'Analyse saved evidence bundles (- is standard input)'
complete -c hvdetect -l summary -d 'With several bundles: a summary'
complete -c hvdetect -l agreement -x -a 'premier standard unknown' -d 'The support agreement'
complete -c hvdetect -l as-of -x -d 'Evaluate the partner list as of DATE (YYYY-MM-DD)'
complete -c hvdetect -l config -r -F -d 'Read agreement/as_of from FILE'
complete -c hvdetect -l vendors -x -a '(__fish_complete_directories)' -d 'Use the vendor database in DIR'
complete -c hvdetect -l check-vendors -x -a '(__fish_complete_directories)' -d 'Validate a vendor database'
complete -c hvdetect -l list -d 'List the known products'
complete -c hvdetect -l check -d 'Monitoring-plugin status line and exit status'
complete -c hvdetect -l expect-tier -x -a 'not-virtualized microsoft joint-support commercially-reasonable-efforts reproduce-independently undetermined' -d 'With --check: the tier expected'
complete -c hvdetect -l expect-technology -x -a '(hvdetect --list 2>/dev/null | tail -n +2 | string replace -r "^\S+\s+(\S+).*" "\$1" | sort -u) none' -d 'With --check: the technology expected'
complete -c hvdetect -s h -l help -d 'Show the help'
complete -c hvdetect -l version -d 'Show the version'
