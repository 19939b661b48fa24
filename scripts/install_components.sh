#!/usr/bin/env bash
# Installs the OS packages (Debian/Ubuntu) named as arguments: the real components the component tests drive.
# .ci/run names them:
#   postgresql, postgresql-contrib     the shared termbase backend (tests start a throw-away cluster)
#   chromium, chromium-driver          the web workbench's browser tests
#   omegat                             the CAT-tool round trip (console mode)
#   libreoffice-writer-nogui, fonts    laying out the PDF/DOCX fixtures, .doc input
#   poppler-utils                      pdftotext, for the extracted-text fixtures
# Run as root (CI does). Anyone else gets a list of what is missing; those tests then skip with a reason.
set -uo pipefail
packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
    echo "usage: bash scripts/install_components.sh PACKAGE... (the list is in .ci/run and the README)" >&2
    exit 2
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "component tests will skip: not installed: ${missing[*]} (install them as root with apt-get)" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null \
    || { echo "could not install ${missing[*]}; their tests will skip" >&2; exit 0; }
