#!/usr/bin/env bash
# Builds the notification function's deployable zip for AWS Lambda's custom runtime (provided.al2023, x86_64):
# a self-contained, trimmed, ReadyToRun linux-x64 publish whose executable is `bootstrap` at the zip's root. It builds
# in a folder of its own, so it never touches the build output a running AppHost or test is using.
#   eng/package-notifications.sh [output.zip]     (default: artifacts/notifications-lambda.zip)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
output=$(realpath -m "${1:-$root/artifacts/notifications-lambda.zip}")
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

command -v zip >/dev/null || { echo "zip is not installed: apt-get install -y zip (eng/setup.sh installs it)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step "Publishing ECommerce.Notifications for linux-x64 (self-contained, trimmed, ReadyToRun)"
# Self-contained, trimmed and ReadyToRun come from the project's linux-x64 settings.
dotnet publish "$root/services/ECommerce.Notifications/ECommerce.Notifications.csproj" -c Release -r linux-x64 \
  -p:DebugType=none -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false \
  --artifacts-path "$work/build" -o "$work/package" --nologo -v:minimal -clp:ErrorsOnly
# Lambda starts a custom runtime by running `bootstrap`; the .NET app host finds its assembly by its own name.
mv "$work/package/ECommerce.Notifications" "$work/package/bootstrap"
chmod 755 "$work/package/bootstrap"

step "Zipping"
mkdir -p "$(dirname "$output")"
rm -f "$output"
(cd "$work/package" && zip -q -r -X "$output" .)
echo "$output ($(du -h "$output" | cut -f1))"
