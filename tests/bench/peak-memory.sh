#!/bin/bash
# Peak memory of the command line on a large design: generates a design of
# COMPONENTS components (default 100,000) with bench_record, then runs each
# verb under /usr/bin/time -v and prints a Markdown table of the maximum
# resident set size, wall time and CPU time. Each run is capped (address space
# LIMIT_GIB, default 4, and TIME_LIMIT seconds, default 600) so a verb that
# grows without bound cannot take the shared machine down; a capped run is
# reported as such.
#
# usage: tests/bench/peak-memory.sh [BUILD_DIR] [COMPONENTS]
set -u
build=${1:-build/dev}
components=${2:-100000}
limit_gib=${LIMIT_GIB:-4}
time_limit=${TIME_LIMIT:-600}
stackplan=$build/bin/stackplan
record=$build/tests/bench/bench_record
for tool in "$stackplan" "$record" /usr/bin/time; do
    if [ ! -x "$tool" ]; then
        echo "missing $tool (cmake --build $build --target bench_record stackplan)" >&2
        exit 2
    fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
design=$work/big.stackplan
if ! QT_QPA_PLATFORM=offscreen "$record" --write "$components" "$design" 2>"$work/gen.err"; then
    cat "$work/gen.err" >&2
    exit 3
fi
echo "design: $components components, $(du -h "$design" | cut -f1)"
echo
echo "| command | peak memory (max RSS) | wall | CPU (user + system) | exit |"
echo "|---|---:|---:|---:|---:|"

run() {
    local label=$1
    shift
    local log=$work/time.log
    (
        ulimit -v $((limit_gib * 1024 * 1024))
        exec timeout "$time_limit" /usr/bin/time -v -o "$log" "$@"
    ) >/dev/null 2>"$work/stderr"
    local code=$?
    local rss wall user sys cpu note=""
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log" 2>/dev/null)
    wall=$(awk -F'): ' '/Elapsed \(wall clock\)/ {print $2}' "$log" 2>/dev/null)
    user=$(awk -F': ' '/User time/ {print $2}' "$log" 2>/dev/null)
    sys=$(awk -F': ' '/System time/ {print $2}' "$log" 2>/dev/null)
    cpu=$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN {printf "%.2f s", u + s}')
    if [ "$code" = 124 ]; then
        note=" (stopped after $time_limit s)"
    elif grep -qi "bad_alloc\|out of memory\|cannot allocate" "$work/stderr" 2>/dev/null; then
        note=" (out of memory at the $limit_gib GiB cap)"
    fi
    local mib
    mib=$(awk -v k="${rss:-0}" 'BEGIN {printf "%.0f MiB", k / 1024}')
    echo "| \`$label\` | $mib$note | ${wall:-?} | $cpu | $code |"
    rm -f "$log"
}

run "stackplan validate big.stackplan" "$stackplan" validate "$design"
run "stackplan fmt big.stackplan -o out.stackplan" "$stackplan" fmt "$design" -o "$work/out.stackplan"
run "stackplan export big.stackplan --format mermaid -o out.mmd" \
    "$stackplan" export "$design" --format mermaid -o "$work/out.mmd"
run "stackplan layout big.stackplan -o laid.stackplan" \
    "$stackplan" layout "$design" -o "$work/laid.stackplan"
run "stackplan fix big.stackplan -o fixed.stackplan" \
    "$stackplan" fix "$design" -o "$work/fixed.stackplan"
run "stackplan export big.stackplan --format dot -o out.dot" \
    "$stackplan" export "$design" --format dot -o "$work/out.dot"
run "stackplan export big.stackplan --format svg -o out.svg" \
    env QT_QPA_PLATFORM=offscreen "$stackplan" export "$design" --format svg -o "$work/out.svg"
run "stackplan export big.stackplan --format png --scale 0.02 -o out.png" \
    env QT_QPA_PLATFORM=offscreen "$stackplan" export "$design" --format png --scale 0.02 -o "$work/out.png"
run "stackplan generate big.stackplan -o bundle.tar.gz" \
    "$stackplan" generate "$design" -o "$work/bundle.tar.gz"
run "stackplan generate big.stackplan -o bundle/" \
    "$stackplan" generate "$design" -o "$work/bundle"
