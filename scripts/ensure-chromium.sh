#!/usr/bin/env bash
# Makes Debian's headless-capable Chromium available at /usr/bin/chromium;
# test/browser drives it through playwright-core (no browser download).
# Quiet and quick when it is already installed. Exits 0 when /usr/bin/chromium
# is executable afterwards, non-zero otherwise (e.g. not root, no apt-get).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "ensure-chromium: $CHROMIUM is missing and this user cannot run apt-get (not root)" >&2
    exit 1
  fi
else
  SUDO=""
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO apt-get update -q && \
       $SUDO apt-get install -y -q --no-install-recommends chromium; } >"$log" 2>&1; then
  echo "ensure-chromium: apt-get failed:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
