#!/usr/bin/env bash
# Runs the whole ECommerce graph on .NET Aspire: installs what is missing, builds the AppHost (and with it every
# service), then starts it. It prints the dashboard's login URL; the terminal shows each resource as it becomes
# healthy. Ctrl+C stops everything. Extra arguments go to the AppHost (e.g. --AppHost:DataDirectory=/some/folder).
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
"$root/eng/setup.sh"
printf '\n\033[1m==> Building the AppHost and the services\033[0m\n'
dotnet build "$root/ECommerce.AppHost" -c Release --no-restore --nologo -v:minimal
printf '\n\033[1m==> Starting the AppHost (open the dashboard with the login URL below)\033[0m\n'
# The launch profile puts the dashboard on 127.0.0.1:18888; exec lets Ctrl+C and SIGTERM reach the AppHost itself.
exec dotnet run --project "$root/ECommerce.AppHost" -c Release --no-build --launch-profile http -- "$@"
