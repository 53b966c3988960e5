#!/usr/bin/env bash
# Runs the whole ECommerce graph locally: installs what is missing, then starts the AppHost, which builds the
# services, boots PostgreSQL, Kafka, DynamoDB Local and SQS/S3 on 127.0.0.1 and prints where each listens.
# Ctrl+C stops everything. Extra arguments go to the AppHost (e.g. --AppHost:DataDirectory=/some/folder).
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
"$root/eng/setup.sh"
printf '\n\033[1m==> Building the AppHost\033[0m\n'
dotnet build "$root/ECommerce.AppHost" -c Release --no-restore --nologo -v:minimal -clp:ErrorsOnly
printf '\n\033[1m==> Starting the AppHost\033[0m\n'
# exec: Ctrl+C and SIGTERM reach the AppHost itself, which stops the graph in order.
exec dotnet "$root/ECommerce.AppHost/bin/Release/net10.0/ECommerce.AppHost.dll" "$@"
