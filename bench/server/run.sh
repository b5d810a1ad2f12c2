#!/bin/bash
# Prints a markdown section: `bulwark serve` answering a realistic Deployment AdmissionReview over
# HTTPS keep-alive at 1/16/64 connections — h2load over HTTP/2 (ALPN h2) and HTTP/1.1, and wrk
# over HTTP/1.1 — next to nginx returning a fixed JSON answer over HTTPS with the same tool and
# settings in the same run (the machine's ceiling, as in ../shared/bench/webhook_bench.sh);
# requests/s, the ratio, p50/p99/p99.9, peak RSS of the server.
# Loopback only; every server is stopped by its pid. Never part of `make test`.
# usage: bench/server/run.sh [build-dir] [seconds-per-run]   (default build dir: $BULWARK_BUILD or build;
#        5 s per run: 18 runs, about 100 s in all)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-${BULWARK_BUILD:-build}}
D=${2:-${BULWARK_SERVER_BENCH_SECONDS:-5}}
BIN=$BUILD/bin/bulwark
echo "## Admission webhook (bulwark serve)"
if [ ! -x "$BIN" ]; then echo "(skipped: build $BIN first)"; exit 0; fi
for tool in wrk h2load nginx openssl curl; do
  command -v "$tool" >/dev/null || { echo "(skipped: $tool is not installed; apt-get install wrk nghttp2-client nginx)"; exit 0; }
done

W=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$W"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" \
  -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null

# A realistic review: a Deployment as `kubectl apply` sends it (annotations, probes, resources,
# two containers), in a namespace that enforces baseline and warns at restricted and bulwark medium.
# Both are fixtures beside this script, which server_bench (the same path without the network) reads.
cp bench/server/namespaces.yaml "$W/namespaces.yaml"
cp bench/server/deployment_review.json "$W/review.json"
# The fixed answer nginx returns: the size of what bulwark answers for this review.
cat > "$W/post.lua" <<LUA
local f = io.open("$W/review.json", "rb"); local body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.body = body; wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %d %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

BPORT=$(free_port)
"$BIN" serve --listen "127.0.0.1:$BPORT" --tls-cert "$W/cert.pem" --tls-key "$W/key.pem" --namespaces "$W/namespaces.yaml" \
  --threads 1 --no-decision-log 2>"$W/bulwark.err" &
BPID=$!; PIDS+=("$BPID")
for _ in $(seq 100); do curl -sk "https://127.0.0.1:$BPORT/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
ANSWER=$(curl -sk -H 'Content-Type: application/json' --data-binary @"$W/review.json" "https://127.0.0.1:$BPORT/validate")

NPORT=$(free_port)
mkdir -p "$W/nginx/logs" "$W/nginx/tmp"
cp "$W/cert.pem" "$W/key.pem" "$W/nginx/"
# nginx's `return` text: single quotes and $ escaped (a $ would start a variable).
NGINX_ANSWER=$(printf '%s' "$ANSWER" | sed -e "s/'/\\\\'/g" -e 's/\$/${dollar}/g')
cat > "$W/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid nginx.pid;
error_log logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fcgi; uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
  keepalive_requests 10000000; keepalive_timeout 60s; client_body_buffer_size 64k;
  ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache shared:SSL:1m;
  geo \$dollar { default "$"; }
  server {
    listen 127.0.0.1:$NPORT ssl http2;
    ssl_certificate cert.pem; ssl_certificate_key key.pem;
    location / { default_type application/json; return 200 '$NGINX_ANSWER'; }
  }
}
NGINX
nginx -p "$W/nginx/" -c "$W/nginx/nginx.conf" -g 'daemon off;' 2>/dev/null &
NPID=$!; PIDS+=("$NPID")
for _ in $(seq 100); do curl -sk "https://127.0.0.1:$NPORT/" >/dev/null 2>&1 && break; sleep 0.05; done

run_wrk() { # url connections -> "rps p50us p99us p999us errors"
  wrk -t1 -c"$2" -d"${D}s" -s "$W/post.lua" "$1" 2>/dev/null | awk '/^RESULT/ { print $2, $3, $4, $5, $6 }'
}
# h2load has no percentiles: they come from its per-request log (start, status, duration in us).
run_h2load() { # url connections protocol-flag -> "rps p50us p99us p999us errors"
  local log="$W/h2load.log"
  rm -f "$log"
  local out
  out=$(h2load $3 -t1 -c"$2" -m1 -D"$D" -H 'content-type: application/json' -d "$W/review.json" \
    --log-file="$log" "$1" 2>/dev/null)
  local rps ok
  rps=$(printf '%s\n' "$out" | awk '/^finished in/ { gsub(",", "", $4); print $4 }')
  ok=$(printf '%s\n' "$out" | awk '/^status codes:/ { print $3 }')  # answered 2xx
  local total
  total=$(printf '%s\n' "$out" | awk '/^requests:/ { print $2 }')
  ok=${ok:-0} total=${total:-0}
  sort -n -k3,3 "$log" | awk -v rps="$rps" -v err=$((total - ok)) '{ d[NR] = $3 } END {
    if (NR == 0) { print rps, 0, 0, 0, err; exit }
    i50 = int(NR * 0.50); i99 = int(NR * 0.99); i999 = int(NR * 0.999);
    if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1; if (i999 < 1) i999 = 1;
    print rps, d[i50], d[i99], d[i999], err }'
}
peak_rss_mb() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
# Confirms the protocol each side speaks (the table would be meaningless if h2 fell back).
proto() { curl -sk $2 -o /dev/null -w '%{http_version}' "$1"; }

table() { # title runner protocol-flag readme-label
  echo
  echo "$1"
  echo
  echo "| connections | bulwark req/s | nginx req/s | ratio | bulwark p50 / p99 / p99.9 ms | nginx p50 / p99 / p99.9 ms | errors (b/n) |"
  echo "|---|---|---|---|---|---|---|"
  for c in 1 16 64; do
    read -r brps b50 b99 b999 berr < <($2 "https://127.0.0.1:$BPORT/validate" "$c" "$3")
    read -r nrps n50 n99 n999 nerr < <($2 "https://127.0.0.1:$NPORT/validate" "$c" "$3")
    awk -v c="$c" -v br="$brps" -v nr="$nrps" -v b50="$b50" -v b99="$b99" -v b999="$b999" -v n50="$n50" -v n99="$n99" \
        -v n999="$n999" -v be="$berr" -v ne="$nerr" 'BEGIN {
      printf "| %d | %.0f | %.0f | %.2f | %.3f / %.3f / %.3f | %.3f / %.3f / %.3f | %d / %d |\n",
        c, br, nr, (nr > 0 ? br / nr : 0), b50 / 1000, b99 / 1000, b999 / 1000, n50 / 1000, n99 / 1000, n999 / 1000, be, ne }'
    if [ "$c" = 16 ] && [ -n "$4" ]; then
      echo "README| webhook /validate, $4, 16 conns | $(awk -v b="$brps" -v n="$nrps" 'BEGIN{printf "%.0f req/s, %.2f x nginx", b, (n > 0 ? b/n : 0)}') | p99 $(awk -v x="$b99" 'BEGIN{printf "%.2f ms", x/1000}'), nginx $(awk -v n="$nrps" 'BEGIN{printf "%.0f req/s", n}') |"
    fi
  done
}

echo
echo "POST of a $(wc -c < "$W/review.json")-byte Deployment AdmissionReview (answer: $(printf '%s' "$ANSWER" | wc -c) bytes,"
echo "allowed with warnings), keep-alive, ${D} s per row, one client thread. bulwark serve runs 1 worker thread,"
echo "nginx 1 worker process (the client has the other core); nginx returns bulwark's answer as a fixed body."
echo "Protocols checked with curl: bulwark $(proto "https://127.0.0.1:$BPORT/healthz" --http2) / $(proto "https://127.0.0.1:$BPORT/healthz" --http1.1),"
echo "nginx $(proto "https://127.0.0.1:$NPORT/" --http2) / $(proto "https://127.0.0.1:$NPORT/" --http1.1) (--http2 / --http1.1)."
table "**h2load, HTTP/2 (ALPN h2), 1 stream per connection**" run_h2load "" "HTTP/2"
table "**h2load, HTTP/1.1 (--h1)**" run_h2load "--h1" "HTTP/1.1"
table "**wrk, HTTP/1.1**" run_wrk "" ""
echo
echo "bulwark peak RSS over the whole run: $(peak_rss_mb "$BPID") MB (VmHWM)."
echo "README| webhook peak RSS under load | $(peak_rss_mb "$BPID") MB | target < 50 MB |"
