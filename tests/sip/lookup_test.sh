#!/usr/bin/env bash
# IVR self-service lookups live: `hotline serve` asks the demo's billing back-end
# (examples/billing-service.py, faults included) with a URL built from the call's
# variables and a bearer token, reads a JSON field into a variable, and the flow takes
# its `next` node; a back-end that fails (500, not JSON, refused, wrong token, too slow)
# sends the call down the `on_failure` path, within the service's timeout.
#
#   tests/sip/lookup_test.sh HOTLINE
set -uo pipefail
hotline=$1
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
source "$source_dir/tests/api/harness.sh"

backend_port=$((21000 + RANDOM % 8000))
python3 "$source_dir/examples/billing-service.py" "$backend_port" "$tmp/backend.log" &
pids+=($!)
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$backend_port/broken" && break; sleep 0.1; done

# center PATH [TOKEN]: a center whose IVR looks the caller's number up at PATH, says the
# amount and hangs up, or says sorry and hangs up.
center() {
  cat <<YAML
center: {name: Lookup test center}
skills: [general]
queues: [{name: general, skills: {general: 1}}]
agents: [{name: agent1, skills: {general: 5}}]
sip:
  realm: hotline
  rtp_timeout_s: 0
  phone_check_s: 0
  trunks: [{name: carrier, addresses: [127.0.0.2]}]
services:
  - name: balance
    url: http://127.0.0.1:$backend_port$1?ani={ani}&note={note}
    headers: {Authorization: "Bearer ${2:-demo-billing-token}"}
    fields: {amount: /balance/amount, currency: /balance/currency}
    timeout_s: 1.5
ivr:
  - {id: note, title: Note, type: set, variable: note, value: "a b&c", next: lookup}
  - {id: lookup, title: Lookup, type: lookup, service: balance, timeout_s: 10, next: amount,
     on_failure: sorry}
  - {id: amount, title: Amount, type: hangup, prompt: "Your bill is {amount} {currency}."}
  - {id: sorry, title: Sorry, type: hangup, prompt: "Sorry, we cannot read your bill now."}
YAML
}

# call PATH [TOKEN]: one call through the IVR; prints the path of its record.
call() {
  center "$@" >"$tmp/center.yaml"
  rm -rf "$tmp/data"
  start_or_fail "$tmp/center.yaml" ";transport=udp"
  local started=$SECONDS
  sipp_run caller_until_bye.xml 127.0.0.2 >"$tmp/caller.txt" 2>&1 || echo "caller failed" >&2
  echo $((SECONDS - started)) >"$tmp/took"
  stop_server
  sqlite3 "$tmp/data/hotline.db" "select ivr_path from calls"
}

center /balance >"$tmp/c.yaml"
check "check-config accepts the services" "$hotline" check-config "$tmp/c.yaml"
sed 's|url: http://|url: ftp://|' "$tmp/c.yaml" >"$tmp/bad.yaml"
check "check-config refuses a URL that is not HTTP(S)" bash -c "! '$hotline' check-config '$tmp/bad.yaml'"
check "a lookup answered: the flow goes on with the amount" test "$(call /balance)" = "note>lookup>amount"
check "the URL carries the caller's number and the variable, encoded; the token is sent" \
  grep -q "^/balance?ani=13800138000&note=a%20b%26c Bearer demo-billing-token$" "$tmp/backend.log"
check "a 500 takes the failure path" test "$(call /broken)" = "note>lookup>sorry"
check "an answer that is not JSON takes the failure path" test "$(call /garbage)" = "note>lookup>sorry"
check "a wrong token (401) takes the failure path" test "$(call /balance wrong)" = "note>lookup>sorry"
check "the failure is logged with its cause" grep -q "lookup 'balance' for call .* failed: HTTP status 401" "$tmp/server.log"
check "a back-end too slow takes the failure path" test "$(call /slow)" = "note>lookup>sorry"
check "within the service's timeout, not the back-end's 5 s (took $(cat "$tmp/took") s)" \
  test "$(cat "$tmp/took")" -le 6
kill "${pids[0]}"
check "a back-end that is down takes the failure path" test "$(call /balance)" = "note>lookup>sorry"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
