#!/usr/bin/env bash
# Analytics benchmark: the job's sustained events/s through a backlog on topic orders, beside a raw Kafka consumer of
# the same topic in the same run, and their ratio (127.0.0.1, free ports, a temporary data folder; stops by itself).
#   eng/bench-analytics.sh [events (20000)]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/setup.sh"
printf '\n\033[1m==> Building the benchmark and the job\033[0m\n'
dotnet build "$root/benchmarks/AnalyticsThroughput" -c Release --no-restore -v q -nologo -clp:ErrorsOnly
printf '\n\033[1m==> Running\033[0m\n'
exec dotnet "$root/benchmarks/AnalyticsThroughput/bin/Release/net10.0/AnalyticsThroughput.dll" "${1:-20000}"
