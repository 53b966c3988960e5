#!/usr/bin/env bash
# Order path benchmark: the whole graph (as the tests boot it: 127.0.0.1, free ports, a temporary data folder), loaded
# through the gateway with raised rate limits — order placement and place-and-pay at saturation — beside the storage
# floor issued directly in the same run (DynamoDB Local's two-item transactions, PostgreSQL's stock reservation), then
# a check of the books. Bounded in time; stops by itself.
#   eng/bench-orders.sh [seconds per measurement (20)] [concurrent clients (16)]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/setup.sh"
printf '\n\033[1m==> Building the benchmark and the graph\033[0m\n'
dotnet build "$root/benchmarks/OrdersThroughput" -c Release -v q -nologo -clp:ErrorsOnly
printf '\n\033[1m==> Running\033[0m\n'
exec dotnet "$root/benchmarks/OrdersThroughput/bin/Release/net10.0/OrdersThroughput.dll" "${1:-20}" "${2:-16}"
