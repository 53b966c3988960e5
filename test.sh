#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the solution once, then runs the suite. The integration
# tests boot the AppHost graph themselves (free ports, temporary data). Ends with one summary line.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
"$root/eng/setup.sh"

printf '\n\033[1m==> Building\033[0m\n'
dotnet build "$root/ECommerce.sln" -c Release --no-restore --nologo -clp:Summary -v:minimal

printf '\n\033[1m==> Testing\033[0m\n'
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test "$root/ECommerce.sln" -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --blame-hang-timeout 10m 2>&1 | tee "$log" || status=$?

# dotnet test closes each test run with "Total tests: N" and indented "Passed: N", "Failed: N", "Skipped: N"
# lines (only the non-zero ones); add them up over the test projects.
summary=$(awk '
  /^Total tests: [0-9]+/ { runs++ }
  /^ +Passed: [0-9]+$/   { p += $2 }
  /^ +Failed: [0-9]+$/   { f += $2 }
  /^ +Skipped: [0-9]+$/  { s += $2 }
  END { if (runs) printf "%d passed, %d failed, %d skipped", p, f, s }' "$log")
if [ -z "$summary" ]; then
  echo "Tests: no test summary was printed (the build or the test host failed)" >&2
  exit "${status:-1}"
fi
echo "Tests: $summary"
exit "$status"
