#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted as the root .clang-format says.
set -euo pipefail
cd "$1"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- '*.cpp' '*.h')
else
  # A source tree without git (an unpacked tarball): every C++ file but builds.
  mapfile -t files < <(find . -path ./build -prune -o -path './build-*' -prune -o \
    -path ./tests/mermaid/node_modules -prune -o \( -name '*.cpp' -o -name '*.h' \) -print)
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no C++ files found" >&2
  exit 1
fi
clang-format --dry-run --Werror "${files[@]}"
echo "check-format: ${#files[@]} files formatted"
