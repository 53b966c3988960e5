#!/usr/bin/env bash
# Image library benchmark for product-image thumbnails: NetVips, SkiaSharp and Magick.NET side by side in one run on
# generated inputs (a 4000×3000 JPEG photo and a 1600×1200 PNG) — header check, decode, 480 and 160 px WebP q80 on
# one thread, ms per image and thumbnails/s, outputs decoded and checked, hostile uploads tried; then the ratios.
#   eng/bench-images.sh [--iterations N (20)] [--decode-margin 1|2] [--keep]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
printf '\033[1m==> Building and running the image library benchmark (benchmarks/ImageLibraries, Release)\033[0m\n'
dotnet run -c Release --project benchmarks/ImageLibraries -- "$@"
