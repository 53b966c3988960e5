#!/usr/bin/env bash
# Gateway benchmark: requests per second and latency percentiles for one trivial upstream endpoint, called
# directly, through the ECommerce gateway (YARP and its middleware), through plain YARP (one route, nothing else) and
# through nginx set up as the equivalent reverse proxy — in interleaved rounds in one run on this machine (the median
# of the rounds counts: two shared cores make single runs noisy), then the ratios. The gateway is measured twice: as
# run locally (every request traced) and with the deployed manifests' trace sampling. Everything listens on
# 127.0.0.1 and stops by itself.
#   eng/bench-gateway.sh [seconds per run (10)] [connections (32)] [rounds (3)]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
duration=${1:-10}
connections=${2:-32}
rounds=${3:-3}
upstream_port=18081 gateway_port=18080 nginx_port=18082 yarp_port=18083 sampled_port=18084
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
dotnet build "$root/benchmarks/PlainYarp" -c Release -v q -nologo -clp:ErrorsOnly

wait_for() {
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "nothing answered at $1" >&2; exit 1
}

step "Starting the upstream, the gateway and nginx on 127.0.0.1"
ASPNETCORE_URLS="http://127.0.0.1:$upstream_port" dotnet "$root/benchmarks/GatewayUpstream/bin/Release/net10.0/GatewayUpstream.dll" \
  >"$work/upstream.log" 2>&1 &
pids+=($!)
# The gateway as deployed, with its route table and middleware; rate limits raised so they do not cap the load,
# and a token key it needs to start (the benchmark calls an anonymous route). Started twice: tracing every request,
# as the AppHost runs it for the dashboard, and sampling 10% of traces, as the published manifests configure it.
start_gateway() {
  local port=$1; shift
  env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
    services__products__http__0="http://127.0.0.1:$upstream_port" \
    Jwt__Issuer=bench Jwt__Audience=bench Jwt__SigningKey=benchmark-signing-key-of-at-least-32-bytes \
    AWS_REGION=us-east-1 AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:9 \
    RateLimits__PerClient__TokenLimit=100000000 RateLimits__PerClient__TokensPerPeriod=100000000 \
    Logging__LogLevel__Default=Warning "$@" \
    dotnet "$root/services/ECommerce.Gateway/bin/Release/net10.0/ECommerce.Gateway.dll" >"$work/gateway-$port.log" 2>&1 &
  pids+=($!)
}
start_gateway "$gateway_port"
start_gateway "$sampled_port" OTEL_TRACES_SAMPLER=traceidratio OTEL_TRACES_SAMPLER_ARG=0.1
Upstream="http://127.0.0.1:$upstream_port" ASPNETCORE_URLS="http://127.0.0.1:$yarp_port" \
  dotnet "$root/benchmarks/PlainYarp/bin/Release/net10.0/PlainYarp.dll" >"$work/yarp.log" 2>&1 &
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

path=/api/v1/products/ping
declare -A url=(
  [direct]="http://127.0.0.1:$upstream_port$path" [gateway]="http://127.0.0.1:$gateway_port$path"
  [sampled]="http://127.0.0.1:$sampled_port$path" [yarp]="http://127.0.0.1:$yarp_port$path" [nginx]="http://127.0.0.1:$nginx_port$path"
)
targets=(direct gateway sampled yarp nginx)
declare -A label=([direct]="upstream directly" [gateway]="gateway, all traced" [sampled]="gateway, 10% traced"
  [yarp]="plain YARP" [nginx]="nginx")
for target in "${targets[@]}"; do wait_for "${url[$target]}"; done

# Each round measures every target once; a target's figures are its median round by throughput.
declare -A runs
measure() {
  local target=$1 out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "${url[$target]}")
  local rps p50 p90 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out"); p90=$(awk '$1 == "90%" {print $2}' <<<"$out"); p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/' <<<"$out" | tr -s ' ')
  runs[$target]+="$rps $p50 $p90 $p99${errors:+ ($errors)}"$'\n'
  printf '  %-20s %10s req/s   p50 %8s   p90 %8s   p99 %8s   %s\n' "${label[$target]}" "$rps" "$p50" "$p90" "$p99" "$errors"
}

step "Warming up each target for 15 s (JIT, tiered compilation, connection pools)"
for target in "${targets[@]}"; do wrk -t2 -c"$connections" -d15s "${url[$target]}" >/dev/null; done

step "Measuring: wrk, 2 threads, $connections connections, ${duration} s per target, $rounds interleaved rounds"
for round in $(seq 1 "$rounds"); do
  echo "round $round"
  for target in "${targets[@]}"; do measure "$target"; done
done

step "Medians of the rounds"
declare -A median
for target in "${targets[@]}"; do
  line=$(printf '%s' "${runs[$target]}" | sort -n -k1,1 | awk -v n="$rounds" 'NR == int((n + 1) / 2)')
  median[$target]=$(awk '{print $1}' <<<"$line")
  printf '  %-20s %10s req/s   p50 %8s   p90 %8s   p99 %8s\n' "${label[$target]}" $(awk '{print $1, $2, $3, $4}' <<<"$line")
done

step "Ratios (throughput, medians)"
awk -v d="${median[direct]}" -v g="${median[gateway]}" -v s="${median[sampled]}" -v y="${median[yarp]}" -v n="${median[nginx]}" 'BEGIN {
  printf "gateway (all traced) / nginx   %.2f\n", g / n
  printf "gateway (10%% traced) / nginx   %.2f\n", s / n
  printf "plain YARP / nginx             %.2f\n", y / n
  printf "gateway (10%% traced) / YARP    %.2f\n", s / y
  printf "nginx / direct                 %.2f\n", n / d
}'
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); wrk, proxies and upstream share these cores"
