#!/usr/bin/env bash
# Valgrind's memcheck on whole runs of negsim: reads of uninitialised memory, which AddressSanitizer does not see. The
# simplex and the deal screen keep their large work arrays uninitialised on purpose (a zeroed tableau per solve would
# cost more than the solve), so every entry they read must have been written first. A few samples of each protocol
# family: complete information (example-small, with the zone map), private information, a vote rule (council-qmv),
# the stacked protocol, and one traced negotiation. Any memcheck error fails the test.
# Usage: memcheck.sh NEGSIM SOURCE_DIR     (exit 77, skipped, when valgrind is not installed; build.sh installs it)
set -euo pipefail
negsim=$1
source_dir=$2
command -v valgrind >/dev/null || { echo "skipped: valgrind is not installed (apt-get install valgrind)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

check() {  # check NAME NEGSIM-ARGS...
    local name=$1
    shift
    if valgrind -q --error-exitcode=99 --exit-on-first-error=yes "$negsim" "$@" >"$work/$name.log" 2>&1; then
        echo "ok: $name"
    else
        echo "FAIL: $name (exit $?)"
        grep -A12 '^==[0-9]*== [A-Z]' "$work/$name.log" | head -40
        failed=1
    fi
}

s=$source_dir/scenarios
check small run "$s/example-small.json" --samples 12 --zone-samples 4 --zone-map water_share,duration --grid 4 --threads 1 --out "$work/small"
check private run "$s/paris-2026-private.json" --samples 6 --zone-samples 2 --threads 1 --out "$work/private"
check vote run "$s/council-qmv.json" --samples 6 --zone-samples 2 --threads 1 --out "$work/vote"
check stacked run "$s/example-stacked.json" --samples 6 --zone-samples 2 --threads 1 --out "$work/stacked"
check trace trace "$s/paris-2026-core.json" --sample 3 --out "$work/trace.csv"
exit $failed
