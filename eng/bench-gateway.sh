#!/usr/bin/env bash
# Gateway benchmark: requests per second and latency percentiles for one trivial upstream endpoint, called
# directly, through the ECommerce gateway (YARP) and through nginx set up as the equivalent reverse proxy — side by
# side in one run on this machine, then the ratios. Everything listens on 127.0.0.1 and stops by itself.
#   eng/bench-gateway.sh [seconds per run (10)] [connections (32)]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
duration=${1:-10}
connections=${2:-32}
upstream_port=18081 gateway_port=18080 nginx_port=18082
work=$(mktemp -d /tmp/ecommerce-bench-XXXXXX)
chmod o+rx "$work"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step "Checking wrk and nginx (Debian packages)"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "not root: run 'sudo apt-get install -y ${missing[*]}' first" >&2; exit 1; }
  echo "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi
echo "wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}'), nginx $(nginx -v 2>&1 | sed 's|.*/||')"

step "Building the gateway and the upstream (Release)"
dotnet build "$root/services/ECommerce.Gateway" -c Release -v q -nologo -clp:ErrorsOnly
dotnet build "$root/benchmarks/GatewayUpstream" -c Release -v q -nologo -clp:ErrorsOnly

wait_for() {
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "nothing answered at $1" >&2; exit 1
}

step "Starting the upstream, the gateway and nginx on 127.0.0.1"
ASPNETCORE_URLS="http://127.0.0.1:$upstream_port" dotnet "$root/benchmarks/GatewayUpstream/bin/Release/net10.0/GatewayUpstream.dll" \
  >"$work/upstream.log" 2>&1 &
pids+=($!)
# The gateway as deployed, with its route table and middleware; rate limits raised so they do not cap the load,
# and a token key it needs to start (the benchmark calls an anonymous route).
env ASPNETCORE_URLS="http://127.0.0.1:$gateway_port" ASPNETCORE_ENVIRONMENT=Production \
  services__products__http__0="http://127.0.0.1:$upstream_port" \
  Jwt__Issuer=bench Jwt__Audience=bench Jwt__SigningKey=benchmark-signing-key-of-at-least-32-bytes \
  AWS_REGION=us-east-1 AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:9 \
  RateLimits__PerClient__TokenLimit=100000000 RateLimits__PerClient__TokensPerPeriod=100000000 \
  Logging__LogLevel__Default=Warning \
  dotnet "$root/services/ECommerce.Gateway/bin/Release/net10.0/ECommerce.Gateway.dll" >"$work/gateway.log" 2>&1 &
pids+=($!)
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  upstream products { server 127.0.0.1:$upstream_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location /api/v1/products/ {
      proxy_pass http://products;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_read_timeout 30s;
    }
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" -g 'daemon on;'

direct="http://127.0.0.1:$upstream_port/api/v1/products/ping"
gateway="http://127.0.0.1:$gateway_port/api/v1/products/ping"
proxied="http://127.0.0.1:$nginx_port/api/v1/products/ping"
wait_for "$direct"; wait_for "$gateway"; wait_for "$proxied"

declare -A rps p50 p90 p99
run() {
  local name=$1 url=$2
  wrk -t2 -c"$connections" -d3s "$url" >/dev/null   # warm-up: JIT, connection pools
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$url")
  rps[$name]=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50[$name]=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p90[$name]=$(awk '$1 == "90%" {print $2}' <<<"$out")
  p99[$name]=$(awk '$1 == "99%" {print $2}' <<<"$out")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
  printf '%-8s %12s req/s   p50 %8s   p90 %8s   p99 %8s   %s\n' "$name" "${rps[$name]}" "${p50[$name]}" "${p90[$name]}" "${p99[$name]}" "$errors"
}

step "Measuring: wrk, 2 threads, $connections connections, ${duration} s per target (after a 3 s warm-up)"
run direct "$direct"
run gateway "$gateway"
run nginx "$proxied"

step "Ratios (throughput)"
awk -v d="${rps[direct]}" -v g="${rps[gateway]}" -v n="${rps[nginx]}" 'BEGIN {
  printf "gateway / direct  %.2f\n", g / d
  printf "nginx   / direct  %.2f\n", n / d
  printf "gateway / nginx   %.2f\n", g / n
}'
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); wrk, proxies and upstream share these cores"
