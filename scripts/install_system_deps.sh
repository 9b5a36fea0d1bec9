#!/usr/bin/env bash
# Install the Debian packages the tests need, only when missing:
#   chromium (browser tests), fonts-thai-tlwg (Thai glyphs in screenshots and PDFs),
#   postgresql (storage tests against a real server), poppler-utils (pdftotext/pdftoppm in document
#   tests), Pango with libthai (WeasyPrint lays out the contest PDFs and breaks Thai lines with it),
#   LibreOffice Impress (tests convert the contest deck to PDF to prove it opens without repair),
#   nginx (make serve: the proxy in front of several app processes; tests of that deployment).
# Runs `apt-get update` once before installing. Needs root (or sudo).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "tlwg\|Loma\|Garuda" || missing+=(fonts-thai-tlwg)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0" || missing+=(libharfbuzz-subset0)
ldconfig -p 2>/dev/null | grep -q "libthai.so.0" || missing+=(libthai0)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-impress)
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing+=(fonts-dejavu-core)  # map pin symbols (★ ≈ ฿)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

echo "system packages to install: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Please install as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}" fontconfig
