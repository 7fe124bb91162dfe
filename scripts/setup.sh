#!/usr/bin/env bash
# Installs every Debian package Stackplan needs to build, test and run, and the
# Mermaid parser used by the tests. Idempotent: a second run installs nothing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Each area lists what it needs in scripts/packages/*.list (one package a
# line, # for comments).
packages=()
for list in "$here"/scripts/packages/*.list; do
  while read -r p _; do
    case "$p" in ''|'#'*) continue ;; esac
    packages+=("$p")
  done <"$list"
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # Package scripts must not start system services: the tests start their own
  # servers on loopback and need the standard ports free.
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || true
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  [ "$made_policy" -eq 0 ] || $sudo rm -f /usr/sbin/policy-rc.d
else
  echo "setup: every Debian package is installed"
fi

# The Mermaid parser the tests check every Mermaid output with.
mm="$here/tests/mermaid"
if [ -f "$mm/package.json" ]; then
  if [ ! -d "$mm/node_modules/mermaid" ] || [ ! -d "$mm/node_modules/jsdom" ]; then
    echo "setup: installing the Mermaid parser for the tests"
    (cd "$mm" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
