#!/usr/bin/env bash
# End-to-end crawl against a real nginx on 127.0.0.1 serving the fixture
# news site (internal/fixturesite/site): discover the site, crawl it once,
# and check what was fetched (nginx's access log) and what was stored.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
site=$(pwd)/internal/fixturesite/site
cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 64; }
http {
  types { text/html html; application/xml xml; text/plain txt; }
  access_log $work/access.log;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  server {
    listen 127.0.0.1:$port;
    root $site;
    etag on;
    charset utf-8;
    location /articles/2025-11-15-cp1256.html { charset windows-1256; }
  }
}
CONF
nginx -c "$work/nginx.conf" &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null || true; wait $nginx_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$port/robots.txt" >/dev/null 2>&1 && break
  sleep 0.1
done

go build -o "$work/marsad" ./cmd/marsad
m() { "$work/marsad" --data "$work/data" "$@"; }
m sources add --allow-private-addresses "http://127.0.0.1:$port/"
m crawl --once --allow-private-addresses --min-delay 20ms
m crawl --once --allow-private-addresses --min-delay 20ms

fail=0
for a in 2025-11-17-damascus-talks 2025-11-16-economy 2025-11-15-cp1256 2025-11-13-report; do
  n=$(grep -c "GET /articles/$a.html " "$work/access.log" || true)
  if [ "$n" != 1 ]; then echo "e2e: /articles/$a.html fetched $n times, want 1"; fail=1; fi
done
if grep -q "GET /private/" "$work/access.log"; then echo "e2e: robots.txt Disallow was not honoured"; fail=1; fi
out=$(m search --json "مباحثات عسكرية")
echo "$out" | grep -q "2025-11-17-damascus-talks" || { echo "e2e: crawled article not found by search: $out"; fail=1; }
out=$(m search --json "ويندوز العربي")
echo "$out" | grep -q "2025-11-15-cp1256" || { echo "e2e: windows-1256 page not decoded and found: $out"; fail=1; }
ls "$work/data/warc/"*.warc.gz >/dev/null || { echo "e2e: no WARC written"; fail=1; }
if [ $fail = 0 ]; then echo "e2e nginx crawl: 1 passed, 0 failed"; else echo "e2e nginx crawl: 0 passed, 1 failed"; exit 1; fi
