#!/usr/bin/env bash
# `mpirun -n K negsim run` and `mpirun -n K negsim sweep` write the same files, byte for byte, as one process (docs/sweeps.md, "Clusters (MPI)"). Runs each case once
# alone and once under mpirun, and compares every file rank 0 wrote with cmp. The cases cover chunks on both ranks,
# zone searches over more than one chunk (which all stay on rank 0), the zone map, three ranks, and a --target-ci stop
# decided on rank 0 after the third chunk of ten (rank 1 may have computed the fourth by then); for sweeps, a grid
# (points spread over the ranks, journalled by rank 0) and a Sobol design (sobol.csv); and a process in stages.
# Usage: mpi_identical.sh NEGSIM MPIEXEC SOURCE_DIR
set -euo pipefail
negsim=$1
mpiexec=$2
source_dir=$3
scenario=$source_dir/scenarios/example-small.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

check() {  # check NAME RANKS COMMAND ARGS...
    local name=$1 ranks=$2 command=$3
    shift 3
    "$negsim" "$command" "$scenario" "$@" --out "$work/$name-one" >"$work/$name-one.log" 2>&1
    # As root Open MPI refuses to start without --allow-run-as-root; --oversubscribe lets K exceed the cores.
    "$mpiexec" -n "$ranks" --allow-run-as-root --oversubscribe "$negsim" "$command" "$scenario" "$@" --out "$work/$name-mpi" \
        >"$work/$name-mpi.log" 2>&1 || { echo "FAIL $name: mpirun exited with $?"; cat "$work/$name-mpi.log"; failed=1; return; }
    local files
    files=$(cd "$work/$name-one" && ls -A)
    if [ "$files" != "$(cd "$work/$name-mpi" && ls -A)" ]; then
        echo "FAIL $name: different files: $(echo $files) vs $(cd "$work/$name-mpi" && ls -A | tr '\n' ' ')"
        failed=1
        return
    fi
    local same=1
    for f in $files; do
        if [ -d "$work/$name-one/$f" ]; then  # a process's stages/<id>/ folders
            diff -r "$work/$name-one/$f" "$work/$name-mpi/$f" >/dev/null || { echo "FAIL $name: $f/ differs"; same=0; }
        elif ! cmp "$work/$name-one/$f" "$work/$name-mpi/$f"; then
            echo "FAIL $name: $f differs"
            same=0
        fi
    done
    # Rank 0 alone prints: the one-process output's lines, once.
    if [ "$(grep -c '^Results in' "$work/$name-mpi.log")" != 1 ]; then
        echo "FAIL $name: expected one 'Results in' line"; cat "$work/$name-mpi.log"; same=0
    fi
    if [ $same = 1 ]; then echo "ok $name ($ranks ranks): $(echo $files)"; else failed=1; fi
}

check plain 2 run --samples 9000 --threads 1
check zones 2 run --samples 9000 --threads 2 --zone-samples 5000 --zone-map water_share,duration
check three 3 run --samples 20000 --threads 1 --zone-map water_share,monitoring
check target 2 run --samples 40960 --threads 1 --target-ci 0.0004
check sweep 2 sweep --vary upstream/reservation=0.2:0.45:7 --vary protocol/rounds=10,30 --samples 300 --threads 1
check sobol 3 sweep --design sobol --points 8 --vary upstream/reservation=0.2:0.45 --vary donor/reservation=0.1:0.3 --samples 200 --threads 1
# A process in stages: ProcessOutcomes travel between the ranks as they are.
scenario=$source_dir/scenarios/paris-2026-two-tracks.json
check stages 2 run --samples 600 --threads 1
# 100% agreement on this scenario: the Wilson interval is narrower than 0.0004 from 12288 samples (three chunks) on.
grep -q '"samples": 12288,' "$work/target-one/summary.json" || { echo "FAIL target: expected a stop after 12288 samples"; failed=1; }
exit $failed
