#!/usr/bin/env bash
# Thumbnail path benchmark: thumbnails per second from images put in S3 to their thumbnails, through the emulated
# bucket notification, SQS, the event source mapping, the Runtime API emulator and the function's bootstrap — and,
# side by side in the same run, the same images through the function's image code in this process (the floor).
# One fauxqs on 127.0.0.1 (free ports, a temporary data folder); stops by itself.
#   eng/bench-thumbnails.sh [images per run (40)] [rounds (3)]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/setup.sh"
printf '\n\033[1m==> Building the benchmark and the function\033[0m\n'
dotnet build "$root/benchmarks/ThumbnailsThroughput" -c Release -v q -nologo -clp:ErrorsOnly
printf '\n\033[1m==> Running\033[0m\n'
exec dotnet "$root/benchmarks/ThumbnailsThroughput/bin/Release/net10.0/ThumbnailsThroughput.dll" "${1:-40}" "${2:-3}"
