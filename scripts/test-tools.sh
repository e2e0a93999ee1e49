#!/usr/bin/env sh
# The real programs the tests drive, installed when missing: kubectl must already be on the machine;
# Prometheus comes from the Debian package (the tests run it as a plain process on 127.0.0.1), and so
# does Chromium (the dashboard's browser test drives /usr/bin/chromium through playwright-core).
set -eu

if ! command -v kubectl >/dev/null 2>&1; then
  echo "test-tools: kubectl is required on PATH (the integration tests drive the real kubectl)" >&2
  exit 1
fi

missing=""
command -v prometheus >/dev/null 2>&1 || missing="$missing prometheus"
[ -x /usr/bin/chromium ] || missing="$missing chromium"

if [ -n "$missing" ]; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test-tools: missing Debian packages:$missing — install them (apt-get install -y$missing) and run again" >&2
    exit 1
  fi
  echo "test-tools: installing$missing" >&2
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
