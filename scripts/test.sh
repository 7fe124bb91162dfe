#!/usr/bin/env bash
# Sets up, builds, and runs the whole test suite through CTest.
# PRESET=asan runs it under the address and undefined-behaviour sanitizers.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=${PRESET:-dev}
bash "$here/scripts/setup.sh"
export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
cmake --preset "$preset" -S "$here"
cmake --build "$here/build/$preset" -j"$(nproc)"
cd "$here/build/$preset"
if [ "$preset" = asan ]; then
  # Leak checking stays on; only leaks inside system libraries are suppressed.
  export LSAN_OPTIONS="suppressions=$here/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$(nproc)" --timeout 900
