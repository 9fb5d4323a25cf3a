#!/usr/bin/env bash
# scripts/deps.sh — install the system packages that the tests and `make run` need.
#
# Usage: scripts/deps.sh browser|fonts|pdf|all
#
#   browser  Debian's chromium (for the browser test in test/e2e)
#   fonts    fonts-droid-fallback + fonts-dejavu-core (CJK and Latin glyphs for pages and PDFs)
#   pdf      poppler-utils (pdftotext, pdftoppm: checks on generated PDFs)
#   all      all of the above
#
# Idempotent and fast: nothing is done when the files are already present, and
# `apt-get update` runs only when something must be installed. On a non-Debian
# system, or without root or sudo, it prints what to install and exits 0 without
# installing; tests that need the missing tool skip with a message.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

log() { printf 'deps: %s\n' "$*"; }

usage() {
	cat <<USAGE
usage: $0 browser|fonts|pdf|all
  browser  Debian package chromium        (checks /usr/bin/chromium)
  fonts    Debian packages fonts-droid-fallback and fonts-dejavu-core
           (checks /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf)
  pdf      Debian package poppler-utils   (checks pdftotext)
  all      all of the above
USAGE
}

# Packages still to install, collected by the checks below.
missing=()

check_browser() {
	if [ -x /usr/bin/chromium ]; then
		log "browser: /usr/bin/chromium present"
	else
		log "browser: /usr/bin/chromium missing -> package chromium"
		missing+=(chromium)
	fi
}

check_fonts() {
	local f=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
	if [ -f "$f" ]; then
		log "fonts: $f present"
	else
		log "fonts: $f missing -> package fonts-droid-fallback"
		missing+=(fonts-droid-fallback)
	fi
	# DroidSansFallback has no Latin letters or digits: PDFs take those from DejaVu.
	local d=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
	if [ -f "$d" ]; then
		log "fonts: $d present"
	else
		log "fonts: $d missing -> package fonts-dejavu-core"
		missing+=(fonts-dejavu-core)
	fi
}

check_pdf() {
	if command -v pdftotext >/dev/null 2>&1; then
		log "pdf: pdftotext present ($(command -v pdftotext))"
	else
		log "pdf: pdftotext missing -> package poppler-utils"
		missing+=(poppler-utils)
	fi
}

if [ $# -ne 1 ]; then
	usage >&2
	exit 2
fi

case "$1" in
browser) check_browser ;;
fonts) check_fonts ;;
pdf) check_pdf ;;
all)
	check_browser
	check_fonts
	check_pdf
	;;
-h | --help | help)
	usage
	exit 0
	;;
*)
	usage >&2
	exit 2
	;;
esac

if [ ${#missing[@]} -eq 0 ]; then
	log "nothing to install"
	exit 0
fi

advise() {
	log "NOT installing: $1"
	log "please install: ${missing[*]}  (Debian: apt-get install --no-install-recommends ${missing[*]})"
	log "tests that need them will skip with a message"
	exit 0
}

if ! command -v apt-get >/dev/null 2>&1 || [ ! -f /etc/debian_version ]; then
	advise "not a Debian-based system (no apt-get)"
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
	else
		advise "not root and no password-less sudo"
	fi
fi

# Wait for a concurrent apt/dpkg run instead of failing on its lock.
APT_OPTS=(-o DPkg::Lock::Timeout=600)
log "running: apt-get update"
"${SUDO[@]}" apt-get "${APT_OPTS[@]}" update -q
log "running: apt-get install -y --no-install-recommends ${missing[*]}"
"${SUDO[@]}" apt-get "${APT_OPTS[@]}" install -y -q --no-install-recommends "${missing[@]}"
log "installed: ${missing[*]}"
