#!/usr/bin/env bash
# Sets up, builds, and opens the designer on the default design (with no
# display it prints how to use the command line instead). Extra arguments go
# to stackplan.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$here/scripts/setup.sh"
cmake --preset release -S "$here" >/dev/null
cmake --build "$here/build/release" --target stackplan
exec "$here/build/release/bin/stackplan" "$@"
