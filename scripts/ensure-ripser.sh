#!/usr/bin/env bash
# Makes the `ripser` command (Debian package `ripser`, the C++ Vietoris–Rips
# persistence CLI) available; test/topology compares our Betti numbers with it.
# Exits 0 when ripser is on PATH afterwards, non-zero otherwise (e.g. not root).
set -euo pipefail

if command -v ripser >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "ensure-ripser: ripser is not installed and this user cannot run apt-get (not root)" >&2
    exit 1
  fi
else
  SUDO=""
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-ripser: ripser is not installed and apt-get is not available" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Try without refreshing the index first (fast when the lists are current);
# refresh and retry when the package is unknown or the lists are stale.
if ! $SUDO apt-get install -y -q ripser >/dev/null 2>&1; then
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q ripser >/dev/null
fi

if ! command -v ripser >/dev/null 2>&1; then
  echo "ensure-ripser: apt-get finished but ripser is still not on PATH" >&2
  exit 1
fi
