#!/usr/bin/env bash
# Install the Debian packages spo-bundle needs, when they are missing.
#   LibreOffice Writer (headless DOCX -> PDF), the Liberation and Carlito/Caladea fonts (metric
#   twins of Times/Arial/Calibri/Cambria, so documents lay out the same on every machine),
#   qpdf (structure checks) and poppler-utils (pdftotext, pdftoppm, for tests and benchmarks).
# As root with apt-get it installs them; otherwise it prints the command to run and carries on,
# so the parts of the tool that do not need them still work.
set -euo pipefail

packages=(libreoffice-writer-nogui fonts-liberation fonts-liberation2 fonts-crosextra-carlito
          fonts-crosextra-caladea qpdf poppler-utils python3-uno)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "spo-bundle: these Debian packages are missing and this system has no apt-get: ${missing[*]}" >&2
  echo "spo-bundle: install their equivalents (LibreOffice Writer, Liberation/Carlito/Caladea fonts, qpdf, poppler) by hand." >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "spo-bundle: missing Debian packages: ${missing[*]}" >&2
  echo "spo-bundle: run as root:  sudo sh -c '$cmd'" >&2
  exit 0
fi
echo "spo-bundle: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
