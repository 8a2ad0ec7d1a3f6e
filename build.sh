#!/usr/bin/env bash
# Set-up, build and the two things a user does first, on Debian 12:
#   bash build.sh run [negsim run options]   install what is missing, build, run the default scenario and draw its
#                                            figures and report (out/paris-2026/report.html)
#   bash build.sh test                       install what is missing, build, run the test suite (CTest)
#   bash build.sh findings                   install what is missing, build, run the scenario library and write
#                                            docs/findings.md, docs/findings.html and docs/figures/findings.png
#   bash build.sh sanitize                   the same suite built with AddressSanitizer and UndefinedBehaviorSanitizer
#                                            in build-sanitize/ (CI runs it after `test`; README, Tests)
set -euo pipefail
cd "$(dirname "$0")"

packages=(g++ cmake make libeigen3-dev libboost-program-options-dev nlohmann-json3-dev catch2 librandom123-dev libpugixml-dev python3-jsonschema libglpk-dev libopenmpi-dev openmpi-bin python3-matplotlib chromium valgrind)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build.sh: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

jobs=$(nproc 2>/dev/null || echo 2)
# One compile more than cores: while a job links or waits on the disk, another keeps the cores busy.
build_jobs=$((jobs + 1))
if [ "${1:-}" = sanitize ]; then
  # -O1 keeps the instrumented suite quick to build and to run, and -g1 (line tables: enough for the sanitizers'
  # stack traces) builds it in about 30% less time than -g; MPI is off because Open MPI's own allocations are
  # reported as leaks, and one process is what the sanitizers are here to check.
  cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DNEGSIM_SANITIZE=ON -DNEGSIM_MPI=OFF >/dev/null
  cmake --build build-sanitize -j "$build_jobs" >&2
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # Every Catch2 case and script test but seven: memcheck_runs (Valgrind cannot run an ASan binary); plots_draw,
  # plots_layout, plots_inputs, report_browser and findings_browser, which test the Python figure and briefing scripts
  # (their negsim runs are the suite's own cases, which run here, and scenario_grounding runs every library scenario);
  # sweep_files_match_schema, which checks the schema against the loader on every point of the example sweep files
  # (minutes under the sanitizers, and no memory it alone reaches).
  exec ctest --test-dir build-sanitize --output-on-failure -j "$jobs" -E '^(memcheck_runs|plots_draw|plots_layout|plots_inputs|report_browser|findings_browser|sweep_files_match_schema)$'

fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DNEGSIM_MPI=ON >/dev/null
cmake --build build -j "$build_jobs" >&2

case "${1:-}" in
  run)
    shift
    exec ./build/negsim run scenarios/paris-2026.json --plots "$@"
    ;;
  test)
    exec ctest --test-dir build --output-on-failure -j "$jobs"
    ;;
  findings)
    exec /usr/bin/python3 plots/findings.py --negsim build/negsim --threads "$jobs"
    ;;
  *)
    echo "usage: bash build.sh run [options] | bash build.sh test | bash build.sh findings | bash build.sh sanitize" >&2
    exit 2
    ;;
esac
