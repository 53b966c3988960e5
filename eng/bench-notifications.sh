#!/usr/bin/env bash
# Notification path benchmark: order events per second from SQS to DynamoDB records through the event source
# mapping, the Runtime API emulator and the function's bootstrap — batches of 1 and of 10 side by side, in turn,
# on one DynamoDB Local and one fauxqs (127.0.0.1, free ports, a temporary data folder); stops by itself.
#   eng/bench-notifications.sh [events per run (1000)] [rounds (3)]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/setup.sh"
printf '\n\033[1m==> Building the benchmark and the function\033[0m\n'
dotnet build "$root/benchmarks/NotificationsThroughput" -c Release --no-restore -v q -nologo -clp:ErrorsOnly
printf '\n\033[1m==> Running\033[0m\n'
exec dotnet "$root/benchmarks/NotificationsThroughput/bin/Release/net10.0/NotificationsThroughput.dll" "${1:-1000}" "${2:-3}"
