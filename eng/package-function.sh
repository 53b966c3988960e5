#!/usr/bin/env bash
# Builds a function's deployable zip for AWS Lambda's custom runtime (provided.al2023, x86_64): a self-contained,
# trimmed, ReadyToRun linux-x64 publish whose executable is `bootstrap` at the zip's root (native libraries beside
# it). It builds in a folder of its own, so it never touches the build output a running AppHost or test is using.
#   eng/package-function.sh notifications|thumbnails [output.zip]     (default: artifacts/<function>-lambda.zip)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

case "${1:-}" in
  notifications) project=ECommerce.Notifications ;;
  thumbnails) project=ECommerce.Thumbnails ;;
  *) echo "usage: eng/package-function.sh notifications|thumbnails [output.zip]" >&2; exit 2 ;;
esac
function=$1
output=$(realpath -m "${2:-$root/artifacts/$function-lambda.zip}")

command -v zip >/dev/null || { echo "zip is not installed: apt-get install -y zip (eng/setup.sh installs it)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step "Publishing $project for linux-x64 (self-contained, trimmed, ReadyToRun)"
# Self-contained, trimmed and ReadyToRun come from the project's linux-x64 settings.
dotnet publish "$root/services/$project/$project.csproj" -c Release -r linux-x64 \
  -p:DebugType=none -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false \
  --artifacts-path "$work/build" -o "$work/package" --nologo -v:minimal -clp:ErrorsOnly
# Lambda starts a custom runtime by running `bootstrap`; the .NET app host finds its assembly by its own name.
mv "$work/package/$project" "$work/package/bootstrap"
chmod 755 "$work/package/bootstrap"

step "Zipping"
mkdir -p "$(dirname "$output")"
rm -f "$output"
(cd "$work/package" && zip -q -r -X "$output" .)
echo "$output ($(du -h "$output" | cut -f1))"
